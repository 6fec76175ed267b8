package com.microdrama.entitlement.it;

import com.microdrama.events.EventEnvelope;
import com.microdrama.events.EventTypes;
import com.microdrama.events.Topics;
import com.microdrama.events.payload.EpisodePurchased;
import com.microdrama.events.payload.PurchaseRefunded;
import com.microdrama.events.payload.SeriesPurchased;
import com.microdrama.events.payload.SubscriptionChanged;
import com.microdrama.testsupport.TestClock;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
// GLOBAL: every IT of the module runs against the one service instance started after it
@WithTestResource(value = FreshPaymentEvents.class, scope = TestResourceScope.GLOBAL)
class EntitlementFlowIT {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Inject
    TestClock clock;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String seriesId = "it-series-" + run;

    @BeforeEach
    void freshUser() {
        Alice.forgetEntitlements();
    }

    @AfterEach
    void realTime() {
        clock.reset();
    }

    private String episodeId(int number) {
        return "it-ep-" + run + "-" + number;
    }

    /** A published series with episodes 1..count, the first {@code free} of them free; waits until projected. */
    private void publishSeries(int count, int free) {
        TestKafka.series(seriesId, count, free);
        for (int n = 1; n <= count; n++) {
            TestKafka.episode(episodeId(n), seriesId, n, n <= free);
        }
        await().atMost(PATIENCE).untilAsserted(() -> check(episodeId(count)).statusCode(200));
    }

    private static ValidatableResponse check(String episodeId) {
        return given().auth().oauth2(Alice.TOKEN).queryParam("episodeId", episodeId)
                .when().get("/api/entitlements/check")
                .then();
    }

    private void awaitAccess(String episodeId, boolean allowed, String reason) {
        await().atMost(PATIENCE).untilAsserted(() -> check(episodeId)
                .statusCode(200)
                .body("episodeId", equalTo(episodeId))
                .body("allowed", equalTo(allowed))
                .body("reason", equalTo(reason)));
    }

    private EventEnvelope purchaseEpisode(String unlockId, int number) {
        return TestKafka.payment(EventTypes.EPISODE_PURCHASED, Alice.ID,
                new EpisodePurchased(unlockId, Alice.ID, episodeId(number), seriesId, 80, Instant.now()));
    }

    private EventEnvelope refund(String purchaseId) {
        return TestKafka.payment(EventTypes.PURCHASE_REFUNDED, Alice.ID,
                new PurchaseRefunded("ref-" + UUID.randomUUID(), Alice.ID, purchaseId, "episode-unlock", "test", Instant.now()));
    }

    /**
     * payment-events are keyed by user, so alice's events are consumed in order: once a later marker purchase is
     * visible, everything sent before it has been processed.
     */
    private void awaitEverythingBeforeThisProcessed() {
        String marker = "unl-marker-" + UUID.randomUUID();
        TestKafka.payment(EventTypes.EPISODE_PURCHASED, Alice.ID,
                new EpisodePurchased(marker, Alice.ID, "it-marker-episode-" + run, seriesId, 80, Instant.now()));
        await().atMost(PATIENCE).until(() -> TestDb.count("select count(*) from entitlement where source = ?", marker) == 1);
    }

    @Test
    void freeEpisodeIsAllowedWithoutAnyPurchase() {
        publishSeries(2, 1);
        check(episodeId(1)).statusCode(200)
                .body("allowed", equalTo(true))
                .body("reason", equalTo("free"))
                .body("validUntil", nullValue());
    }

    @Test
    void paidEpisodeIsLockedUntilEpisodePurchasedArrives() {
        publishSeries(2, 1);
        check(episodeId(2)).statusCode(200).body("allowed", equalTo(false)).body("reason", equalTo("none"));

        purchaseEpisode("unl-" + UUID.randomUUID(), 2);

        awaitAccess(episodeId(2), true, "episode-purchase");
    }

    @Test
    void theSameEventDeliveredTwiceAndTheSameUnlockGrantedTwiceGiveOneEntitlement() {
        publishSeries(2, 1);
        String unlockId = "unl-" + UUID.randomUUID();
        EventEnvelope first = purchaseEpisode(unlockId, 2);
        TestKafka.send(Topics.PAYMENT_EVENTS, Alice.ID, first.toJson());
        purchaseEpisode(unlockId, 2);

        awaitEverythingBeforeThisProcessed();

        assertEquals(1, TestDb.count("select count(*) from entitlement where source = ?", unlockId));
        assertEquals(1, TestDb.count("select count(*) from processed_event where event_id = ?", first.id()));
        given().auth().oauth2(Alice.TOKEN).queryParam("size", 100)
                .when().get("/api/entitlements/me")
                .then().statusCode(200)
                .body("items.findAll { it.source == '" + unlockId + "' }", hasSize(1));
    }

    @Test
    void refundRevokesTheEpisode() {
        publishSeries(2, 1);
        String unlockId = "unl-" + UUID.randomUUID();
        purchaseEpisode(unlockId, 2);
        awaitAccess(episodeId(2), true, "episode-purchase");

        EventEnvelope refund = refund(unlockId);

        awaitAccess(episodeId(2), false, "none");
        assertEquals(1, TestDb.count(
                "select count(*) from entitlement where source = ? and revoked_at is not null and revoke_event_id = ?",
                unlockId, refund.id()));
    }

    @Test
    void refundArrivingBeforeItsPurchaseLeavesTheEpisodeRevoked() {
        publishSeries(2, 1);
        String unlockId = "unl-" + UUID.randomUUID();
        refund(unlockId);
        purchaseEpisode(unlockId, 2);

        awaitEverythingBeforeThisProcessed();

        assertEquals(1, TestDb.count(
                "select count(*) from entitlement where source = ? and revoked_at is not null", unlockId));
        check(episodeId(2)).statusCode(200).body("allowed", equalTo(false)).body("reason", equalTo("none"));
    }

    @Test
    void seriesPurchaseUnlocksEveryEpisodeIncludingOnesPublishedLater() {
        publishSeries(3, 1);
        TestKafka.payment(EventTypes.SERIES_PURCHASED, Alice.ID,
                new SeriesPurchased("unl-" + UUID.randomUUID(), Alice.ID, seriesId, 900, Instant.now()));

        await().atMost(PATIENCE).untilAsserted(() -> given().auth().oauth2(Alice.TOKEN)
                .when().get("/api/entitlements/series/" + seriesId)
                .then().statusCode(200)
                .body("seriesId", equalTo(seriesId))
                .body("episodes.reason", contains("free", "series-purchase", "series-purchase"))
                .body("episodes.allowed", everyItem(equalTo(true))));

        TestKafka.episode(episodeId(4), seriesId, 4, false);
        awaitAccess(episodeId(4), true, "series-purchase");
    }

    @Test
    void vipWithFuturePeriodUnlocksPaidEpisodesUntilThePeriodEnds() {
        publishSeries(2, 1);
        Instant until = Instant.now().plus(Duration.ofHours(1));
        TestKafka.payment(EventTypes.SUBSCRIPTION_ACTIVATED, Alice.ID, new SubscriptionChanged(
                "sub-" + UUID.randomUUID(), Alice.ID, "vip-weekly", "ACTIVE",
                Instant.now().minus(Duration.ofMinutes(1)), until, Instant.now()));

        awaitAccess(episodeId(2), true, "vip");
        check(episodeId(2)).body("validUntil", notNullValue());

        clock.advance(Duration.ofHours(2));
        check(episodeId(2)).statusCode(200).body("allowed", equalTo(false)).body("reason", equalTo("none"));
    }

    @Test
    void vipWhosePeriodIsAlreadyOverUnlocksNothing() {
        publishSeries(2, 1);
        String subscriptionId = "sub-" + UUID.randomUUID();
        TestKafka.payment(EventTypes.SUBSCRIPTION_ACTIVATED, Alice.ID, new SubscriptionChanged(
                subscriptionId, Alice.ID, "vip-weekly", "ACTIVE",
                Instant.now().minus(Duration.ofDays(8)), Instant.now().minus(Duration.ofDays(1)), Instant.now()));

        await().atMost(PATIENCE).until(() -> TestDb.count(
                "select count(*) from entitlement where source = ? and kind = 'vip'", subscriptionId) == 1);
        check(episodeId(2)).statusCode(200).body("allowed", equalTo(false)).body("reason", equalTo("none"));
    }

    @Test
    void subscriptionRefundEndsVipAccessAtOnce() {
        publishSeries(2, 1);
        String subscriptionId = "sub-" + UUID.randomUUID();
        Instant from = Instant.now().minus(Duration.ofMinutes(1));
        Instant until = Instant.now().plus(Duration.ofDays(7));
        TestKafka.payment(EventTypes.SUBSCRIPTION_ACTIVATED, Alice.ID,
                new SubscriptionChanged(subscriptionId, Alice.ID, "vip-weekly", "ACTIVE", from, until, Instant.now()));
        awaitAccess(episodeId(2), true, "vip");

        TestKafka.payment(EventTypes.SUBSCRIPTION_REFUNDED, Alice.ID,
                new SubscriptionChanged(subscriptionId, Alice.ID, "vip-weekly", "REFUNDED", from, null, Instant.now()));

        awaitAccess(episodeId(2), false, "none");
    }

    @Test
    void myEntitlementsListsOnlyActiveOnes() {
        publishSeries(3, 1);
        String kept = "unl-" + UUID.randomUUID();
        String refunded = "unl-" + UUID.randomUUID();
        String seriesUnlock = "unl-" + UUID.randomUUID();
        purchaseEpisode(kept, 2);
        purchaseEpisode(refunded, 3);
        refund(refunded);
        TestKafka.payment(EventTypes.SERIES_PURCHASED, Alice.ID,
                new SeriesPurchased(seriesUnlock, Alice.ID, seriesId, 900, Instant.now()));
        awaitEverythingBeforeThisProcessed();

        given().auth().oauth2(Alice.TOKEN).queryParam("page", 0).queryParam("size", 20)
                .when().get("/api/entitlements/me")
                .then().statusCode(200)
                .body("page", equalTo(0))
                .body("size", equalTo(20))
                .body("total", equalTo(3))
                .body("items.source", hasItems(kept, seriesUnlock))
                .body("items.source", not(hasItem(refunded)))
                .body("items.find { it.source == '" + kept + "' }.kind", equalTo("episode"))
                .body("items.find { it.source == '" + kept + "' }.episodeId", equalTo(episodeId(2)))
                .body("items.find { it.source == '" + seriesUnlock + "' }.kind", equalTo("series"))
                .body("items.find { it.source == '" + seriesUnlock + "' }.seriesId", equalTo(seriesId))
                .body("items.find { it.source == '" + seriesUnlock + "' }.validFrom", notNullValue());
    }
}
