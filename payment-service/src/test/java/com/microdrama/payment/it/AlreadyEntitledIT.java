package com.microdrama.payment.it;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nothing is charged for what is already open: the buyer's own VIP, and grants only entitlement-service knows
 * (promo, region promo, admin grant; here its HTTP contract served by {@link EntitlementStandIn}). Without an answer
 * from entitlement-service nothing is sold.
 */
@QuarkusTest
class AlreadyEntitledIT {
    private static final String EPISODE_UNLOCKS = "/api/payments/episode-unlocks";
    private static final String SERIES_UNLOCKS = "/api/payments/series-unlocks";
    private static final CatalogFixture CATALOG = new CatalogFixture();
    private static final String SERIES = CATALOG.seriesId("open");

    @BeforeAll
    static void catalog() {
        CATALOG.series(SERIES, 300, true);
        CATALOG.paidEpisodes(SERIES, 4, 5, 80);
        CATALOG.awaitSeries(SERIES, 300);
    }

    @AfterEach
    void answerAgain() {
        EntitlementStandIn.mode(EntitlementStandIn.Mode.ANSWER);
    }

    private static String ep(int n) {
        return SERIES + "-ep-" + n;
    }

    @Test
    void aViewerWithLiveVipIsNotChargedForAnEpisodeOrTheSeries() {
        Api vip = Api.fresh("vip");
        vip.buy("coins-500");
        vip.post("/api/payments/subscriptions", UUID.randomUUID().toString(), Map.of("planId", "vip-weekly")).then()
                .statusCode(201);
        vip.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", ep(4))).then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo(Api.PROBLEM + "already-entitled"));
        vip.post(SERIES_UNLOCKS, UUID.randomUUID().toString(), Map.of("seriesId", SERIES)).then()
                .statusCode(409)
                .body("type", equalTo(Api.PROBLEM + "already-entitled"));
        assertEquals(550, vip.balance());
        assertEquals(0, TestDb.count("select count(*) from content_unlock where user_id = ?", vip.userId));
    }

    @Test
    void anEpisodeAPromoOpensIsNotSoldAndEntitlementServiceIsAskedWithOurOwnServiceToken() {
        Api viewer = Api.freshWithAttributes(Map.of("region", "BR"));
        viewer.buy("coins-500");
        EntitlementStandIn.grant(viewer.userId, SERIES, ep(5), "promo");
        viewer.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", ep(5))).then()
                .statusCode(409)
                .body("type", equalTo(Api.PROBLEM + "already-entitled"));
        assertEquals(550, viewer.balance());
        assertTrue(EntitlementStandIn.calls().stream().anyMatch(call -> call.userId().equals(viewer.userId)
                        && call.seriesId().equals(SERIES) && "payment-service".equals(call.callerClient())
                        && "BR".equals(call.region())),
                "asked with payment-service's client-credentials token and the buyer's region: " + EntitlementStandIn.calls());
        // an episode the promo does not open is sold as usual
        viewer.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", ep(6))).then()
                .statusCode(201)
                .body("coinsSpent", equalTo(80));
    }

    @Test
    void whenEntitlementServiceDoesNotAnswerNothingIsSold() {
        Api viewer = Api.fresh("closed");
        viewer.buy("coins-500");
        EntitlementStandIn.mode(EntitlementStandIn.Mode.DOWN);
        viewer.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", ep(4))).then()
                .statusCode(503)
                .contentType("application/problem+json")
                .body("type", equalTo(Api.PROBLEM + "entitlements-unavailable"));
        EntitlementStandIn.mode(EntitlementStandIn.Mode.SLOW);
        viewer.post(SERIES_UNLOCKS, UUID.randomUUID().toString(), Map.of("seriesId", SERIES)).then()
                .statusCode(503)
                .body("type", equalTo(Api.PROBLEM + "entitlements-unavailable"));
        assertEquals(550, viewer.balance());
        assertEquals(0, TestDb.count("select count(*) from content_unlock where user_id = ?", viewer.userId));
    }

    @Test
    void aSeriesEntitlementServiceDoesNotKnowYetHasNoGrantsAndIsSold() {
        Api viewer = Api.fresh("unknown");
        viewer.buy("coins-500");
        EntitlementStandIn.mode(EntitlementStandIn.Mode.UNKNOWN_SERIES);
        viewer.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", ep(7))).then()
                .statusCode(201)
                .body("coinsSpent", equalTo(80));
    }
}
