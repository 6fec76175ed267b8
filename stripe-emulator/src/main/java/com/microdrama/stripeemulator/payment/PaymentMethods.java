package com.microdrama.stripeemulator.payment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microdrama.stripeemulator.api.ApiError;
import com.microdrama.stripeemulator.api.Params;
import com.microdrama.stripeemulator.store.EmulatorTime;
import com.microdrama.stripeemulator.store.Store;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.Map;

/**
 * Card PaymentMethods: a test name ({@code pm_card_visa}) or card details ({@code payment_method_data[card][number]})
 * become a new {@code pm_…}, as in Stripe; each remembers which test card it is.
 */
@ApplicationScoped
public class PaymentMethods {

    private final Store store;
    private final EmulatorTime time;
    private final Map<String, TestCard> cards = new HashMap<>();

    public PaymentMethods(Store store, EmulatorTime time) {
        this.store = store;
        this.time = time;
    }

    /** An existing {@code pm_…} or a new one for a test name; null when {@code ref} is null. */
    public ObjectNode resolve(String ref, String param) {
        if (ref == null) {
            return null;
        }
        if (cards.containsKey(ref)) {
            return store.get("payment_method", ref, param);
        }
        TestCard card = TestCard.byToken(ref).orElseThrow(() -> ApiError.notFound("PaymentMethod", ref, param));
        return create(card);
    }

    /** {@code payment_method_data[type]=card&payment_method_data[card][number]=…}. */
    public ObjectNode fromData(Params data) {
        if (!data.has("type")) {
            return null;
        }
        String number = data.obj("card").str("number");
        return create(TestCard.byNumber(number).orElseThrow(() -> ApiError.missingParam("payment_method_data[card][number]")));
    }

    public ObjectNode create(TestCard card) {
        ObjectNode pm = store.create("payment_method", "pm");
        pm.put("created", time.wallClock());
        pm.putNull("customer");
        ObjectNode c = (ObjectNode) pm.get("card");
        c.put("brand", card.brand);
        c.put("display_brand", card.brand);
        c.put("last4", card.last4());
        c.put("fingerprint", "Emu" + card.number.substring(card.number.length() - 8));
        c.putNull("generated_from");
        c.putNull("wallet");
        c.with("networks").putArray("available").add(card.brand);
        cards.put(pm.get("id").asText(), card);
        return pm;
    }

    public TestCard card(String paymentMethodId) {
        return cards.get(paymentMethodId);
    }

    public void attach(ObjectNode pm, String customerId) {
        pm.put("customer", customerId);
    }
}
