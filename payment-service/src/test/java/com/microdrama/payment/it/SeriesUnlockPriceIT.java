package com.microdrama.payment.it;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A series unlock costs min(bundle, the still-locked paid episodes at the buyer's regional price); the episode
 * unlocks it covers are SUPERSEDED, so refunding one never takes away what the series grants.
 */
@QuarkusTest
class SeriesUnlockPriceIT {
    private static final String EPISODE_UNLOCKS = "/api/payments/episode-unlocks";
    private static final String SERIES_UNLOCKS = "/api/payments/series-unlocks";
    private static final String REFUNDS = "/api/payments/admin/refunds";
    private static final CatalogFixture CATALOG = new CatalogFixture();
    // episodes 4..12 at 100 coins: 900 locked; bundle 900
    private static final String SERIES = CATALOG.seriesId("min");

    @BeforeAll
    static void catalog() {
        CATALOG.series(SERIES, 900, true);
        CATALOG.paidEpisodes(SERIES, 4, 9, 100);
        CATALOG.awaitSeries(SERIES, 900);
    }

    private static String ep(int n) {
        return SERIES + "-ep-" + n;
    }

    @Test
    void aViewerOwningEpisodesPaysOnlyForTheLockedOnesAndAnEpisodeAPromoOpensIsNotCharged() {
        Api viewer = Api.fresh("minprice");
        viewer.buy("coins-1000"); // 1150
        viewer.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", ep(4))).then().statusCode(201);
        viewer.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", ep(5))).then().statusCode(201);
        EntitlementStandIn.grant(viewer.userId, SERIES, ep(6), "promo");
        // 9 episodes, two owned, one open by a promo: 600 < 900
        viewer.post(SERIES_UNLOCKS, UUID.randomUUID().toString(), Map.of("seriesId", SERIES, "expectedPriceCoins", 900))
                .then().statusCode(409)
                .body("type", equalTo(Api.PROBLEM + "price-mismatch"))
                .body("priceCoins", equalTo(600));
        assertEquals(950, viewer.balance());
        viewer.post(SERIES_UNLOCKS, UUID.randomUUID().toString(), Map.of("seriesId", SERIES, "expectedPriceCoins", 600))
                .then().statusCode(201)
                .body("coinsSpent", equalTo(600))
                .body("balance", equalTo(350));
        assertEquals(2, TestDb.count("select count(*) from content_unlock where user_id = ? and kind = 'EPISODE'"
                + " and status = 'SUPERSEDED' and superseded_by is not null", viewer.userId));
    }

    @Test
    void aSupersededEpisodeUnlockIsRefundedThroughItsSeriesWhichHandsTheEpisodeBack() {
        Api viewer = Api.fresh("supersede");
        viewer.buy("coins-1000"); // 1150
        String episodeUnlock = viewer.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", ep(4)))
                .then().statusCode(201).extract().path("unlockId");
        String seriesUnlock = viewer.post(SERIES_UNLOCKS, UUID.randomUUID().toString(), Map.of("seriesId", SERIES))
                .then().statusCode(201).body("coinsSpent", equalTo(800)).extract().path("unlockId");
        assertEquals(250, viewer.balance());

        Api admin = Api.admin();
        admin.post(REFUNDS, UUID.randomUUID().toString(), Map.of("unlockId", episodeUnlock, "reason", "asked")).then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo(Api.PROBLEM + "unlock-superseded"))
                .body("seriesUnlockId", equalTo(seriesUnlock));
        assertEquals(250, viewer.balance());

        admin.post(REFUNDS, UUID.randomUUID().toString(), Map.of("unlockId", seriesUnlock, "reason", "asked")).then()
                .statusCode(201);
        assertEquals(1050, viewer.balance());
        assertEquals("ACTIVE", TestDb.string("select status from content_unlock where id = cast(? as uuid)", episodeUnlock));
        // the episode is still owned: not sold again
        viewer.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", ep(4))).then()
                .statusCode(409)
                .body("type", equalTo(Api.PROBLEM + "already-unlocked"));
    }

    @Test
    void withEveryPaidEpisodeOwnedThereIsNothingLeftToSell() {
        Api viewer = Api.fresh("owned");
        viewer.buy("coins-1000");
        viewer.buy("coins-500"); // 1700
        for (int n = 4; n <= 12; n++) {
            viewer.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", ep(n))).then().statusCode(201);
        }
        viewer.post(SERIES_UNLOCKS, UUID.randomUUID().toString(), Map.of("seriesId", SERIES)).then()
                .statusCode(409)
                .body("type", equalTo(Api.PROBLEM + "already-entitled"));
        assertEquals(800, viewer.balance());
    }
}
