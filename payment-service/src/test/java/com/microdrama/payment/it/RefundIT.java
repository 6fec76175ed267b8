package com.microdrama.payment.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microdrama.events.EventTypes;
import com.microdrama.events.Topics;
import com.microdrama.testsupport.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class RefundIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REFUNDS = "/api/payments/admin/refunds";
    private static final String EPISODE_UNLOCKS = "/api/payments/episode-unlocks";
    private static final CatalogFixture CATALOG = new CatalogFixture();
    private static final String SERIES = CATALOG.seriesId("r");
    private static final String EP5 = CATALOG.episodeId("r-5");
    private static final String EP6 = CATALOG.episodeId("r-6");

    @BeforeAll
    static void catalog() {
        CATALOG.series(SERIES, 400, true);
        CATALOG.episode(EP5, SERIES, 5, false, 80, true);
        CATALOG.episode(EP6, SERIES, 6, false, 90, true);
        CATALOG.awaitEpisode(EP5, 80, true);
        CATALOG.awaitEpisode(EP6, 90, true);
    }

    @Test
    void refundingAnUnlockGivesTheCoinsBackAndPublishesPurchaseRefunded() throws Exception {
        Api user = Api.fresh("ru");
        Api admin = Api.admin();
        user.buy("coins-500"); // 500 paid + 50 bonus
        String unlockId = user.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", EP5))
                .then().statusCode(201).extract().path("unlockId");
        assertEquals(470, user.balance());

        try (TopicReader probe = TopicReader.atEndOf(Topics.PAYMENT_EVENTS)) {
            String refundId = admin.post(REFUNDS, UUID.randomUUID().toString(),
                            Map.of("unlockId", unlockId, "reason", "coins deducted but the episode did not play"))
                    .then().statusCode(201)
                    .body("refundId", notNullValue())
                    .body("kind", equalTo("episode-unlock"))
                    .body("targetId", equalTo(unlockId))
                    .body("userId", equalTo(user.userId))
                    .body("coins", equalTo(80))
                    .extract().path("refundId");

            // back to where it was, bonus coins back as bonus coins
            user.get("/api/payments/wallet").then()
                    .body("balance", equalTo(550)).body("paidCoins", equalTo(500)).body("bonusCoins", equalTo(50));
            user.get("/api/payments/wallet/ledger").then()
                    .body("items[0].type", equalTo("REFUND"))
                    .body("items[0].coins", equalTo(80))
                    .body("items[0].reference", equalTo("episode-unlock:" + unlockId));
            assertEquals("REFUNDED", TestDb.string("select status from content_unlock where id = cast(? as uuid)", unlockId));

            List<ConsumerRecord<String, String>> records = probe.await(
                    r -> r.value().contains(refundId) && r.value().contains(EventTypes.PURCHASE_REFUNDED), 1,
                    Duration.ofSeconds(15));
            assertEquals(1, records.size());
            assertEquals(user.userId, records.get(0).key());
            JsonNode data = JSON.readTree(records.get(0).value()).path("data");
            assertEquals(unlockId, data.path("purchaseId").asText());
            assertEquals("episode-unlock", data.path("kind").asText());
            assertEquals(user.userId, data.path("userId").asText());
            assertEquals("coins deducted but the episode did not play", data.path("reason").asText());
        }

        // a second refund of the same unlock is refused and gives nothing
        admin.post(REFUNDS, UUID.randomUUID().toString(), Map.of("unlockId", unlockId, "reason", "again")).then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo(Api.PROBLEM + "already-refunded"));
        assertEquals(550, user.balance());
        // the episode can be bought again
        user.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", EP5)).then().statusCode(201);
    }

    @Test
    void refundingASpentPackPutsTheWalletInDebtAndRefusesSpends() throws Exception {
        Api user = Api.fresh("rp");
        Api admin = Api.admin();
        String purchaseId = user.buy("coins-500"); // 550
        user.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", EP5)).then().statusCode(201);
        // 80 spent: 50 bonus + 30 paid -> 470 paid, 0 bonus

        try (TopicReader probe = TopicReader.atEndOf(Topics.PAYMENT_EVENTS)) {
            admin.post(REFUNDS, UUID.randomUUID().toString(), Map.of("purchaseId", purchaseId, "reason", "double charge"))
                    .then().statusCode(201)
                    .body("kind", equalTo("coin-pack"))
                    .body("coins", equalTo(-500));

            user.get("/api/payments/wallet").then()
                    .body("balance", equalTo(-30))
                    .body("paidCoins", equalTo(-30))
                    .body("inDebt", equalTo(true));
            user.get("/api/payments/wallet/ledger").then()
                    .body("items[0].type", equalTo("REFUND"))
                    .body("items[0].coins", equalTo(-500))
                    .body("items[0].balanceAfter", equalTo(-30));
            user.get("/api/payments/pack-purchases/" + purchaseId).then().body("status", equalTo("REFUNDED"));

            user.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", EP6)).then()
                    .statusCode(402)
                    .contentType("application/problem+json")
                    .body("type", equalTo(Api.PROBLEM + "wallet-in-debt"))
                    .body("balance", equalTo(-30));
            assertEquals(-30, user.balance());

            List<ConsumerRecord<String, String>> records = probe.await(r -> r.value().contains(purchaseId)
                    && r.value().contains(EventTypes.PURCHASE_REFUNDED), 1, Duration.ofSeconds(15));
            assertEquals(1, records.size());
            assertEquals("coin-pack", JSON.readTree(records.get(0).value()).path("data").path("kind").asText());
        }

        // a credit smaller than the debt leaves the wallet in debt
        admin.post("/api/payments/admin/wallets/" + user.userId + "/adjustments", UUID.randomUUID().toString(),
                Map.of("coins", 10, "reason", "goodwill")).then().statusCode(201).body("balance", equalTo(-20));
        user.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", EP6)).then().statusCode(402)
                .body("type", equalTo(Api.PROBLEM + "wallet-in-debt"));

        // a top-up settles the debt and spending works again
        user.buy("coins-100");
        assertEquals(80, user.balance());
        user.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", EP6)).then().statusCode(402)
                .body("type", equalTo(Api.PROBLEM + "insufficient-coins"));
        user.buy("coins-100");
        user.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", EP6)).then().statusCode(201);
        assertEquals(90, user.balance());
        assertEquals(user.balance(), TestDb.count("select coalesce(sum(coins), 0) from ledger_entry where user_id = ?",
                user.userId), "the ledger adds up to the balance");
    }

    @Test
    void aChargebackWebhookRefundsThePackOnceEvenIfAnAdminRefundedFirst() {
        Api user = Api.fresh("cb");
        String purchaseId = user.buy("coins-100");

        Stripe.send(Stripe.event("charge.dispute.created", Map.of("id", "dp_1", "object", "dispute",
                        "reason", "fraudulent", "metadata", Map.of("purchaseId", purchaseId))))
                .then().statusCode(200);
        assertEquals(0, user.balance());
        assertEquals(1, TestDb.count("select count(*) from refund where target_id = ? and chargeback", purchaseId));

        Stripe.send(Stripe.event("charge.refunded", Stripe.withMetadata("charge", "purchaseId", purchaseId)))
                .then().statusCode(200);
        Api.admin().post(REFUNDS, UUID.randomUUID().toString(), Map.of("purchaseId", purchaseId, "reason", "again"))
                .then().statusCode(409).body("type", equalTo(Api.PROBLEM + "already-refunded"));
        assertEquals(0, user.balance());
        assertEquals(1, TestDb.count("select count(*) from ledger_entry where user_id = ? and type = 'REFUND'", user.userId));
    }

    @Test
    void refundingASubscriptionEndsAccessNow() throws Exception {
        Api user = Api.fresh("rs");
        String subscriptionId = user.post("/api/payments/subscriptions", UUID.randomUUID().toString(),
                Map.of("planId", "vip-monthly")).then().statusCode(201).extract().path("subscriptionId");

        try (TopicReader probe = TopicReader.atEndOf(Topics.PAYMENT_EVENTS)) {
            Instant before = Instant.now();
            Api.admin().post(REFUNDS, UUID.randomUUID().toString(),
                            Map.of("subscriptionId", subscriptionId, "reason", "accidental purchase"))
                    .then().statusCode(201).body("kind", equalTo("subscription"));
            user.get("/api/payments/subscriptions/me").then().statusCode(404);

            // (the activated event may still be on its way: look at the refund only)
            List<ConsumerRecord<String, String>> records = probe.await(r -> r.value().contains(subscriptionId)
                    && r.value().contains(EventTypes.SUBSCRIPTION_REFUNDED), 1, Duration.ofSeconds(15));
            assertEquals(1, records.size());
            JsonNode event = JSON.readTree(records.get(0).value());
            assertEquals(EventTypes.SUBSCRIPTION_REFUNDED, event.path("type").asText());
            assertEquals("REFUNDED", event.path("data").path("status").asText());
            Instant validUntil = Instant.parse(event.path("data").path("validUntil").asText());
            assertTrue(!validUntil.isBefore(before.minusSeconds(1)) && !validUntil.isAfter(Instant.now()),
                    "access ends at the refund: " + validUntil);
        }
        Api.admin().post(REFUNDS, UUID.randomUUID().toString(), Map.of("subscriptionId", subscriptionId, "reason", "x"))
                .then().statusCode(409).body("type", equalTo(Api.PROBLEM + "already-refunded"));
    }

    @Test
    void unknownOrAmbiguousTargetsAreRefused() {
        Api admin = Api.admin();
        admin.post(REFUNDS, UUID.randomUUID().toString(), Map.of("unlockId", UUID.randomUUID().toString(), "reason", "x"))
                .then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo(Api.PROBLEM + "unknown-unlock"));
        admin.post(REFUNDS, UUID.randomUUID().toString(), Map.of("purchaseId", "nope", "reason", "x"))
                .then().statusCode(404).body("type", equalTo(Api.PROBLEM + "unknown-purchase"));
        admin.post(REFUNDS, UUID.randomUUID().toString(), Map.of("subscriptionId", UUID.randomUUID().toString(), "reason", "x"))
                .then().statusCode(404).body("type", equalTo(Api.PROBLEM + "unknown-subscription"));
        admin.post(REFUNDS, UUID.randomUUID().toString(), Map.of("purchaseId", UUID.randomUUID().toString(),
                        "unlockId", UUID.randomUUID().toString(), "reason", "x"))
                .then().statusCode(400).body("type", equalTo(Api.PROBLEM + "refund-target-required"));
        admin.post(REFUNDS, UUID.randomUUID().toString(), Map.of("purchaseId", UUID.randomUUID().toString()))
                .then().statusCode(400).body("type", equalTo(Api.PROBLEM + "validation-failed"));
    }

    @Test
    void aReusedIdempotencyKeyWithAnotherBodyIs422() {
        Api user = Api.fresh("rk");
        String first = user.buy("coins-100");
        String second = user.buy("coins-100");
        Api admin = Api.admin();
        String key = UUID.randomUUID().toString();
        admin.post(REFUNDS, key, Map.of("purchaseId", first, "reason", "r")).then().statusCode(201);
        admin.post(REFUNDS, key, Map.of("purchaseId", first, "reason", "r")).then().statusCode(201)
                .header("Idempotent-Replayed", "true");
        admin.post(REFUNDS, key, Map.of("purchaseId", second, "reason", "r")).then().statusCode(422)
                .body("type", equalTo(Api.PROBLEM + "idempotency-key-reused"));
        assertEquals(100, user.balance());
    }
}
