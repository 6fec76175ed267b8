package com.microdrama.stripeemulator.dispute;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microdrama.stripeemulator.api.ApiError;
import com.microdrama.stripeemulator.api.Metadata;
import com.microdrama.stripeemulator.api.Params;
import com.microdrama.stripeemulator.event.Events;
import com.microdrama.stripeemulator.store.EmulatorTime;
import com.microdrama.stripeemulator.store.Store;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Disputes: opened on the dispute test card's charge (or on any charge through the control surface) and closed as
 * Stripe's test mode does: evidence {@code winning_evidence} wins, {@code losing_evidence} or accepting loses.
 */
@ApplicationScoped
public class Disputes {

    private static final long SEVEN_DAYS = 7 * 24 * 3600;

    private final Store store;
    private final EmulatorTime time;
    private final Events events;

    public Disputes(Store store, EmulatorTime time, Events events) {
        this.store = store;
        this.time = time;
        this.events = events;
    }

    public ObjectNode open(ObjectNode charge) {
        if (charge.get("disputed").asBoolean()) {
            throw ApiError.invalid("charge_disputed", "charge", "Charge " + charge.get("id").asText() + " is already disputed.");
        }
        long now = time.forCustomer(charge.path("customer").asText(null));
        ObjectNode dispute = store.create("dispute", "dp");
        dispute.put("amount", charge.get("amount").asLong());
        dispute.put("currency", charge.get("currency").asText());
        dispute.put("charge", charge.get("id").asText());
        dispute.set("payment_intent", charge.get("payment_intent"));
        dispute.put("created", now);
        dispute.put("is_charge_refundable", false);
        dispute.with("evidence_details").put("due_by", now + SEVEN_DAYS);
        dispute.with("payment_method_details").with("card").put("case_type", "chargeback")
                .put("brand", charge.path("payment_method_details").path("card").path("brand").asText("visa"));
        charge.put("disputed", true);
        events.emit("charge.dispute.created", dispute);
        return dispute;
    }

    public ObjectNode get(String id) {
        return store.get("dispute", id, "dispute");
    }

    /** {@code POST /v1/disputes/{id}}: metadata, and evidence that decides a test-mode dispute. */
    public ObjectNode update(String id, Params p) {
        ObjectNode dispute = get(id);
        Metadata.apply(dispute, p);
        String text = p.obj("evidence").str("uncategorized_text");
        if (text != null) {
            requireOpen(dispute);
            dispute.with("evidence").put("uncategorized_text", text);
            dispute.with("evidence_details").put("has_evidence", true).put("submission_count", 1);
            if ("winning_evidence".equals(text) || "losing_evidence".equals(text)) {
                ObjectNode previous = dispute.objectNode().put("status", dispute.get("status").asText());
                dispute.put("status", "under_review");
                events.emit("charge.dispute.updated", dispute, previous);
                return close(dispute, "winning_evidence".equals(text));
            }
        }
        return dispute;
    }

    /** {@code POST /v1/disputes/{id}/close}: the merchant accepts the dispute, which loses it. */
    public ObjectNode accept(String id) {
        ObjectNode dispute = get(id);
        requireOpen(dispute);
        return close(dispute, false);
    }

    public ObjectNode close(ObjectNode dispute, boolean won) {
        requireOpen(dispute);
        dispute.put("status", won ? "won" : "lost");
        dispute.put("is_charge_refundable", false);
        events.emit("charge.dispute.closed", dispute);
        return dispute;
    }

    private static void requireOpen(ObjectNode dispute) {
        String status = dispute.get("status").asText();
        if ("won".equals(status) || "lost".equals(status)) {
            throw ApiError.invalid("dispute_already_closed", null, "This dispute is already closed (" + status + ").");
        }
    }
}
