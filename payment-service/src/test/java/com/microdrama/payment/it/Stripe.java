package com.microdrama.payment.it;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microdrama.payment.webhook.StripeSignatures;
import io.restassured.response.Response;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Builds Stripe-shaped webhook events and posts them signed like Stripe does. */
final class Stripe {
    static final String WEBHOOK = "/api/payments/webhooks/stripe";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Stripe() {
    }

    static String event(String type, Map<String, Object> object) {
        return event("evt_" + UUID.randomUUID().toString().replace("-", ""), type, object);
    }

    static String event(String id, String type, Map<String, Object> object) {
        return event(id, type, object, false);
    }

    /** {@code livemode}: what Stripe says the event's mode is (the test endpoint expects test mode). */
    static String event(String id, String type, Map<String, Object> object, Boolean livemode) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", id);
        event.put("object", "event");
        event.put("api_version", "2025-03-31.basil");
        event.put("created", Instant.now().getEpochSecond());
        if (livemode != null) {
            event.put("livemode", livemode);
        }
        event.put("type", type);
        event.put("data", Map.of("object", object));
        try {
            return JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Plan prices in minor units, as Stripe's invoices state them. */
    static final long WEEKLY_CENTS = 1999;
    static final long MONTHLY_CENTS = 3999;

    /** A paid (or failed) invoice of {@code amountPaid} USD cents for the period. */
    static Map<String, Object> invoice(String subscriptionId, Instant periodStart, Instant periodEnd, long amountPaid) {
        return Map.of("id", "in_" + UUID.randomUUID().toString().substring(0, 12), "object", "invoice",
                "amount_paid", amountPaid, "currency", "usd",
                "subscription_details", Map.of("metadata", Map.of("subscriptionId", subscriptionId)),
                "lines", Map.of("object", "list", "data", List.of(Map.of("object", "line_item",
                        "period", Map.of("start", periodStart.getEpochSecond(), "end", periodEnd.getEpochSecond())))));
    }

    /** A payment intent of {@code amount} USD cents for our purchase. */
    static Map<String, Object> paymentIntent(String paymentIntentId, String purchaseId, long amount) {
        return Map.of("id", paymentIntentId, "object", "payment_intent", "amount", amount, "currency", "usd",
                "metadata", Map.of("purchaseId", purchaseId));
    }

    static Map<String, Object> withMetadata(String object, String key, String value) {
        return Map.of("id", object.substring(0, 2) + "_" + UUID.randomUUID().toString().substring(0, 12), "object", object,
                "metadata", Map.of(key, value));
    }

    static Response send(String payload) {
        return sendWith(payload, StripeSignatures.sign(payload));
    }

    static Response sendWith(String payload, String signature) {
        return sendWith(payload, signature, Map.of());
    }

    /** Signed like Stripe, with extra request headers (a {@code traceparent}, as a tracing proxy in front would add). */
    static Response sendWith(String payload, String signature, Map<String, String> headers) {
        var spec = given().contentType("application/json; charset=utf-8").headers(headers).body(payload);
        if (signature != null) {
            spec = spec.header("Stripe-Signature", signature);
        }
        return spec.when().post(WEBHOOK);
    }
}
