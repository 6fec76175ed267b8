package com.microdrama.payment.it;

import com.microdrama.payment.webhook.StripeSignatures;
import com.microdrama.testsupport.MetricSamples;
import com.stripe.StripeClient;
import com.stripe.model.Event;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The business metrics count each fact once, where it becomes true (docs/decisions/0026-business-metrics.md): one
 * viewer buys a pack through the Stripe emulator (its signed webhook completes the purchase), Stripe delivers that
 * event a second time, a forged delivery is refused, the viewer unlocks an episode and an admin refunds the pack. The
 * deltas of /q/metrics are exact, so counting twice (a replay, a retried attempt) or not at all fails.
 *
 * <p>In StripeBilling's profile, which the other Stripe ITs share (no Quarkus boot of its own).
 */
@QuarkusTest
@TestProfile(StripeBilling.Profile.class)
class MetricsIT {
    private static final String EPISODE_UNLOCKS = "/api/payments/episode-unlocks";
    private static final String REFUNDS = "/api/payments/admin/refunds";
    private static final CatalogFixture CATALOG = new CatalogFixture();

    private final StripeClient stripe = StripeBilling.client();
    private final StripePurchases purchases = new StripePurchases(stripe);

    private static MetricSamples scrape() {
        return Api.metrics();
    }

    @Test
    void aPurchaseItsWebhooksAnUnlockAndARefundAreEachCountedOnce() throws Exception {
        String series = CATALOG.seriesId("metrics");
        String episode = CATALOG.episodeId("metrics-4");
        // written into the projection directly: this test is about counting, and waiting for catalog-in to join its
        // group and read the compacted topic (what CatalogFixture's events need) would be most of its time
        TestDb.execute("insert into catalog_series (series_id, episode_count, free_episodes, bundle_price_coins,"
                + " published, updated_at) values (?, 10, 3, 300, true, now())", series);
        TestDb.execute("insert into catalog_episode (episode_id, series_id, number, free, price_coins, published,"
                + " updated_at) values (?, ?, 4, false, 80, true, now())", episode, series);
        Api viewer = Api.fresh("metrics");
        MetricSamples before = scrape();

        StripePurchases.Started purchase = purchases.pay(viewer, "coins-500", "pm_card_visa");
        StripePurchases.awaitStatus(viewer, purchase.purchaseId(), "COMPLETED");
        purchases.awaitOutcome("payment_intent.succeeded", purchase.paymentIntent());

        // Stripe delivers the same event again, and somebody posts one with a forged signature
        List<String> ids = purchases.events("payment_intent.succeeded", purchase.paymentIntent());
        String payload = stripe.v1().events().retrieve(ids.get(0)).getLastResponse().body();
        String secret = ConfigProvider.getConfig().getValue("payment.stripe.webhook-secret", String.class);
        Stripe.sendWith(payload, StripeSignatures.sign(payload, secret, Instant.now().getEpochSecond()))
                .then().statusCode(200);
        Stripe.sendWith(payload, StripeSignatures.sign(payload, "whsec_not-ours", Instant.now().getEpochSecond()))
                .then().statusCode(400);

        String key = UUID.randomUUID().toString();
        viewer.post(EPISODE_UNLOCKS, key, Map.of("episodeId", episode)).then().statusCode(201);
        // the client retries the same unlock: an idempotent replay, counted by nobody
        viewer.post(EPISODE_UNLOCKS, key, Map.of("episodeId", episode)).then().statusCode(201);
        Api.admin().post(REFUNDS, UUID.randomUUID().toString(),
                        Map.of("purchaseId", purchase.purchaseId(), "reason", "asked for it back"))
                .then().statusCode(201);
        long clawedBack = -TestDb.count("select coins from ledger_entry where user_id = ? and type = 'REFUND'",
                viewer.userId);
        MetricSamples after = scrape();

        assertEquals(1, after.delta(before, "microdrama_purchases_total", "provider", "stripe", "status", "completed"));
        assertEquals(0, after.delta(before, "microdrama_purchases_total", "provider", "stripe", "status", "failed"));
        assertEquals(1, after.delta(before, "microdrama_purchases_total", "provider", "stripe", "status", "refunded"));
        assertEquals(499, after.delta(before, "microdrama_revenue_minor_total", "provider", "stripe", "currency", "USD"));
        assertEquals(550, after.delta(before, "microdrama_coins_total", "movement", "credited"), "500 paid + 50 bonus");
        assertEquals(80, after.delta(before, "microdrama_coins_total", "movement", "spent"));
        assertEquals(500, clawedBack, "the paid coins; the unlock spent the 50 bonus coins first");
        assertEquals(clawedBack, after.delta(before, "microdrama_coins_total", "movement", "clawed_back"));
        assertEquals(1, after.delta(before, "microdrama_unlocks_total", "kind", "episode"));
        assertEquals(1, after.delta(before, "microdrama_refunds_total", "provider", "stripe", "kind", "refund"));
        assertEquals(0, after.delta(before, "microdrama_refunds_total", "provider", "stripe", "kind", "dispute"));
        assertEquals(1, after.delta(before, "microdrama_webhooks_total", "provider", "stripe", "outcome", "processed"));
        assertEquals(1, after.delta(before, "microdrama_webhooks_total", "provider", "stripe", "outcome", "duplicate"));
        assertEquals(1, after.delta(before, "microdrama_webhooks_total", "provider", "stripe", "outcome",
                "invalid_signature"));
    }

    @Test
    void everyNameOfTheContractIsExportedFromTheStart() {
        MetricSamples now = scrape();
        // bounded label sets registered at 0, so an alert sees 0 rather than nothing
        for (String provider : List.of("sandbox", "stripe", "app-store", "play")) {
            for (String status : List.of("completed", "failed", "refunded")) {
                assertTrue(now.has("microdrama_purchases_total", "provider", provider, "status", status), provider + status);
            }
            assertTrue(now.has("microdrama_subscription_renewals_total", "provider", provider, "outcome", "failed"));
        }
        for (String movement : List.of("credited", "spent", "expired", "clawed_back")) {
            assertTrue(now.has("microdrama_coins_total", "movement", movement), movement);
        }
        for (String state : List.of("incomplete", "trialing", "active", "cancelled", "past_due")) {
            assertTrue(now.has("microdrama_vip_subscriptions", "state", state), state);
        }
        assertTrue(now.has("microdrama_unlocks_total", "kind", "series"));
        assertTrue(now.has("microdrama_webhooks_total", "provider", "play", "outcome", "invalid_signature"));
        assertTrue(now.has("microdrama_refunds_total", "provider", "app-store", "kind", "dispute"));
        assertTrue(now.has("microdrama_dead_lettered_total", "channel", "catalog-in"));
        assertTrue(now.has("microdrama_outbox_pending"));
        assertTrue(now.has("microdrama_outbox_oldest_age_seconds"));
        assertTrue(now.hasAny("kafka_consumer_fetch_manager_records_lag_max"), "consumer lag of catalog-in");
    }
}
