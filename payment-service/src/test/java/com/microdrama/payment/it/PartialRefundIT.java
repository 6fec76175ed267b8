package com.microdrama.payment.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microdrama.events.EventTypes;
import com.microdrama.events.Topics;
import com.microdrama.testsupport.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class PartialRefundIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REFUNDS = "/api/payments/admin/refunds";

    @Test
    void adminRefundsPartsOfAPackUpToItsPriceClawingBackCoinsInProportion() throws Exception {
        Api user = Api.fresh("pr");
        Api admin = Api.admin();
        String purchaseId = user.buy("coins-500"); // 4.99 USD: 500 paid + 50 bonus

        try (TopicReader probe = TopicReader.atEndOf(Topics.PAYMENT_EVENTS)) {
            String key = UUID.randomUUID().toString();
            Map<String, Object> partial = Map.of("purchaseId", purchaseId, "reason", "goodwill",
                    "amount", Map.of("amount", "1.00", "currency", "USD"));
            String refundId = admin.post(REFUNDS, key, partial).then().statusCode(201)
                    .body("kind", equalTo("coin-pack"))
                    .body("partial", equalTo(true))
                    .body("amount.amount", equalTo("1.00"))
                    .body("amount.currency", equalTo("USD"))
                    .body("coins", equalTo(-112)) // ceil(500 × 1/4.99) = 101 paid + ceil(50 × 1/4.99) = 11 bonus
                    .extract().path("refundId");
            user.get("/api/payments/wallet").then()
                    .body("paidCoins", equalTo(399)).body("bonusCoins", equalTo(39)).body("balance", equalTo(438));
            user.get("/api/payments/pack-purchases/" + purchaseId).then()
                    .body("status", equalTo("COMPLETED"))
                    .body("refundedAmount.amount", equalTo("1.00"));

            // the same request again (a retry) has no second effect
            admin.post(REFUNDS, key, partial).then().statusCode(201).header("Idempotent-Replayed", "true")
                    .body("refundId", equalTo(refundId));
            assertEquals(438, user.balance());

            // more than is left, another currency, a third decimal: refused, nothing moves
            admin.post(REFUNDS, UUID.randomUUID().toString(), Map.of("purchaseId", purchaseId, "reason", "r",
                            "amount", Map.of("amount", "4.00", "currency", "USD")))
                    .then().statusCode(422).contentType("application/problem+json")
                    .body("type", equalTo(Api.PROBLEM + "refund-exceeds-payment"))
                    .body("refundableAmount.amount", equalTo("3.99"))
                    .body("refundedAmount.amount", equalTo("1.00"));
            admin.post(REFUNDS, UUID.randomUUID().toString(), Map.of("purchaseId", purchaseId, "reason", "r",
                            "amount", Map.of("amount", "1.00", "currency", "EUR")))
                    .then().statusCode(422).body("type", equalTo(Api.PROBLEM + "refund-currency-mismatch"));
            admin.post(REFUNDS, UUID.randomUUID().toString(), Map.of("purchaseId", purchaseId, "reason", "r",
                            "amount", Map.of("amount", "1.005", "currency", "USD")))
                    .then().statusCode(400).body("type", equalTo(Api.PROBLEM + "validation-failed"));
            admin.post(REFUNDS, UUID.randomUUID().toString(), Map.of("purchaseId", purchaseId, "reason", "r",
                            "amount", Map.of("amount", "0.00", "currency", "USD")))
                    .then().statusCode(400).body("type", equalTo(Api.PROBLEM + "validation-failed"));
            assertEquals(438, user.balance());

            // without an amount: the rest, which takes exactly what is left of the pack's coins
            admin.post(REFUNDS, UUID.randomUUID().toString(), Map.of("purchaseId", purchaseId, "reason", "rest"))
                    .then().statusCode(201)
                    .body("partial", equalTo(false))
                    .body("amount.amount", equalTo("3.99"))
                    .body("coins", equalTo(-438));
            user.get("/api/payments/wallet").then().body("balance", equalTo(0)).body("bonusCoins", equalTo(0));
            user.get("/api/payments/pack-purchases/" + purchaseId).then()
                    .body("status", equalTo("REFUNDED"))
                    .body("refundedAmount.amount", equalTo("4.99"));
            admin.post(REFUNDS, UUID.randomUUID().toString(), Map.of("purchaseId", purchaseId, "reason", "again",
                            "amount", Map.of("amount", "0.01", "currency", "USD")))
                    .then().statusCode(409).body("type", equalTo(Api.PROBLEM + "already-refunded"));

            List<ConsumerRecord<String, String>> events = probe.await(r -> r.value().contains(purchaseId)
                    && r.value().contains(EventTypes.PURCHASE_REFUNDED), 2, Duration.ofSeconds(15));
            assertEquals(2, events.size());
            JsonNode first = JSON.readTree(events.get(0).value()).path("data");
            assertEquals(refundId, first.path("refundId").asText());
            assertEquals("coin-pack", first.path("kind").asText());
            assertTrue(first.path("partial").asBoolean());
            assertEquals("1.00", first.path("amount").path("amount").asText());
            assertEquals("1.00", first.path("totalRefunded").path("amount").asText());
            assertEquals(112, first.path("coinsClawedBack").asLong());
            JsonNode last = JSON.readTree(events.get(1).value()).path("data");
            assertTrue(!last.path("partial").asBoolean() && last.has("partial"));
            assertEquals("4.99", last.path("totalRefunded").path("amount").asText());
            assertEquals(438, last.path("coinsClawedBack").asLong());
            assertEquals(user.userId, events.get(1).key());
        }
        assertEquals(0, TestDb.count("select coalesce(sum(coins), 0) from ledger_entry where user_id = ?", user.userId));
    }

    @Test
    void stripeRefundTotalsApplyOnceWhateverTheOrderAndDuplicates() {
        Api user = Api.fresh("prs");
        String purchaseId = user.buy("coins-1000"); // 9.99 USD: 1000 paid + 150 bonus

        String first = Stripe.event("charge.refunded", charge(purchaseId, 300, false));
        Stripe.send(first).then().statusCode(200).body("outcome", startsWith("partially refunded purchase"));
        // ceil(1000 × 3/9.99) = 301 paid, ceil(150 × 3/9.99) = 46 bonus
        user.get("/api/payments/wallet").then().body("paidCoins", equalTo(699)).body("bonusCoins", equalTo(104));

        Stripe.send(first).then().statusCode(200).body("duplicate", equalTo(true));
        Stripe.send(Stripe.event("charge.refunded", charge(purchaseId, 300, false))).then().statusCode(200)
                .body("outcome", startsWith("ignored"));
        assertEquals(803, user.balance());

        Stripe.send(Stripe.event("charge.refunded", charge(purchaseId, 999, true))).then().statusCode(200)
                .body("outcome", startsWith("refunded purchase"));
        user.get("/api/payments/wallet").then().body("balance", equalTo(0));
        // an older total arriving late changes nothing
        Stripe.send(Stripe.event("charge.refunded", charge(purchaseId, 500, false))).then().statusCode(200)
                .body("outcome", startsWith("ignored"));
        assertEquals(0, user.balance());
        assertEquals(2, TestDb.count("select count(*) from refund where target_id = ?", purchaseId));
        assertEquals("9.99", TestDb.string("select cast(refunded_amount as text) from pack_purchase where id = cast(? as uuid)", purchaseId));
    }

    @Test
    void unlocksAndSubscriptionsAreRefundedWholeOrNotAtAll() {
        Api admin = Api.admin();
        admin.post(REFUNDS, UUID.randomUUID().toString(), Map.of("unlockId", UUID.randomUUID().toString(), "reason", "r",
                        "amount", Map.of("amount", "0.50", "currency", "USD")))
                .then().statusCode(422).contentType("application/problem+json")
                .body("type", equalTo(Api.PROBLEM + "partial-refund-not-supported"));

        Api user = Api.fresh("prv");
        String subscriptionId = user.post("/api/payments/subscriptions", UUID.randomUUID().toString(),
                Map.of("planId", "vip-monthly")).then().statusCode(201).extract().path("subscriptionId");
        admin.post(REFUNDS, UUID.randomUUID().toString(), Map.of("subscriptionId", subscriptionId, "reason", "r",
                        "amount", Map.of("amount", "10.00", "currency", "USD")))
                .then().statusCode(422).body("type", equalTo(Api.PROBLEM + "partial-refund-not-supported"));

        // a partial refund of the subscription's charge at Stripe leaves the subscription running there and here
        Map<String, Object> charge = new HashMap<>(Map.of("id", "ch_" + UUID.randomUUID().toString().substring(0, 12),
                "object", "charge", "amount", 3999, "amount_refunded", 1000, "refunded", false, "currency", "usd",
                "metadata", Map.of("subscriptionId", subscriptionId)));
        Stripe.send(Stripe.event("charge.refunded", charge)).then().statusCode(200).body("outcome", startsWith("ignored"));
        user.get("/api/payments/subscriptions/me").then().statusCode(200).body("subscriptionId", equalTo(subscriptionId));

        charge.put("amount_refunded", 3999);
        charge.put("refunded", true);
        Stripe.send(Stripe.event("charge.refunded", charge)).then().statusCode(200)
                .body("outcome", startsWith("refunded subscription"));
        user.get("/api/payments/subscriptions/me").then().statusCode(404);
    }

    private static Map<String, Object> charge(String purchaseId, long amountRefunded, boolean refunded) {
        return Map.of("id", "ch_" + purchaseId.substring(0, 8), "object", "charge", "amount", 999,
                "amount_refunded", amountRefunded, "refunded", refunded, "currency", "usd",
                "metadata", Map.of("purchaseId", purchaseId));
    }
}
