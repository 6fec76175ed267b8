package com.microdrama.payment.it;

import com.microdrama.testsupport.KeycloakUsers;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Payments refuse what the catalog would refuse to play, with the catalog's problems, before any coin moves: the
 * licence regions and age rating travel in series-updated events; region and age come from the token (and the
 * gateway's country header), never from the request.
 */
@QuarkusTest
class SaleRefusalsIT {
    private static final String EPISODE_UNLOCKS = "/api/payments/episode-unlocks";
    private static final String SERIES_UNLOCKS = "/api/payments/series-unlocks";
    private static final CatalogFixture CATALOG = new CatalogFixture();
    private static final String GERMAN_ONLY = CATALOG.seriesId("de-only");
    private static final String ADULT = CATALOG.seriesId("adult");
    private static final String OLD_EVENT = CATALOG.seriesId("old-event");
    private static final String DELETED = CATALOG.seriesId("deleted");

    @BeforeAll
    static void catalog() {
        CATALOG.series(GERMAN_ONLY, 300, List.of("DE", "AT"), "all");
        CATALOG.series(ADULT, 300, List.of(), "16+");
        CATALOG.series(OLD_EVENT, 300, false);
        CATALOG.series(OLD_EVENT, 300, true);
        CATALOG.series(DELETED, 300, true);
        for (String series : List.of(GERMAN_ONLY, ADULT, OLD_EVENT, DELETED)) {
            CATALOG.paidEpisodes(series, 4, 5, 80);
            CATALOG.awaitSeries(series, 300);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> TestDb.count(
                "select count(*) from catalog_series where series_id = ? and age_rating = '16+'", ADULT) == 1
                && TestDb.count("select count(*) from catalog_series where series_id = ? and regions = '{AT,DE}'",
                GERMAN_ONLY) == 1);
    }

    private static String ep(String series, int n) {
        return series + "-ep-" + n;
    }

    @Test
    void aViewerWhoseTokenSaysUsIsRefused451AndKeepsTheirCoinsEvenWithAGermanCountryHeader() {
        Api us = Api.freshWithAttributes(Map.of("region", "US"));
        us.buy("coins-500");
        long before = us.balance();
        given().auth().oauth2(us.token).header("X-Viewer-Country", "DE").header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType("application/json").body(Map.of("episodeId", ep(GERMAN_ONLY, 4), "region", "DE"))
                .post(EPISODE_UNLOCKS).then()
                .statusCode(451)
                .contentType("application/problem+json")
                .body("type", equalTo(Api.PROBLEM + "not-available-in-region"))
                .body("seriesId", equalTo(GERMAN_ONLY))
                .body("region", equalTo("US"));
        us.post(SERIES_UNLOCKS, UUID.randomUUID().toString(), Map.of("seriesId", GERMAN_ONLY)).then()
                .statusCode(451);
        assertEquals(before, us.balance());
        assertEquals(0, TestDb.count("select count(*) from content_unlock where user_id = ?", us.userId));
    }

    @Test
    void withoutARegionClaimTheGatewaysCountryHeaderDecides() {
        Api viewer = Api.fresh("nogeo");
        viewer.buy("coins-500");
        given().auth().oauth2(viewer.token).header("X-Viewer-Country", "AT")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType("application/json").body(Map.of("episodeId", ep(GERMAN_ONLY, 4)))
                .post(EPISODE_UNLOCKS).then()
                .statusCode(201);
        // no claim and no header: the default region, US, where the series is not licensed
        viewer.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", ep(GERMAN_ONLY, 5))).then()
                .statusCode(451);
    }

    @Test
    void aTwelveYearOldIsAgeRestrictedAndAViewerWithoutABirthdateMustVerifyTheirAge() {
        Api child = new Api(KeycloakUsers.newViewerToken("child", 12, null));
        child.buy("coins-500");
        long before = child.balance();
        child.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", ep(ADULT, 4))).then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo(Api.PROBLEM + "age-restricted"))
                .body("ageRating", equalTo("16+"));
        child.post(SERIES_UNLOCKS, UUID.randomUUID().toString(), Map.of("seriesId", ADULT)).then()
                .statusCode(403)
                .body("type", equalTo(Api.PROBLEM + "age-restricted"));
        assertEquals(before, child.balance());

        Api unknownAge = Api.fresh("noage");
        unknownAge.buy("coins-500");
        unknownAge.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", ep(ADULT, 4))).then()
                .statusCode(403)
                .body("type", equalTo(Api.PROBLEM + "age-verification-required"));
        assertEquals(550, unknownAge.balance());

        Api adult = new Api(KeycloakUsers.newViewerToken("adult", 30, null));
        adult.buy("coins-500");
        adult.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", ep(ADULT, 4))).then()
                .statusCode(201);
    }

    @Test
    void aSeriesLastDescribedByAnEventWithoutRatingOrRegionsIsSoldToEveryone() {
        Api unknownAge = Api.fresh("oldevent");
        unknownAge.buy("coins-500");
        unknownAge.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", ep(OLD_EVENT, 4))).then()
                .statusCode(201);
    }

    @Test
    void aTombstonedSeriesIsNoLongerSold() {
        CATALOG.tombstone(DELETED);
        await().atMost(Duration.ofSeconds(30)).until(() -> TestDb.count(
                "select count(*) from catalog_series where series_id = ? and not published", DELETED) == 1);
        Api viewer = Api.fresh("tomb");
        viewer.buy("coins-500");
        viewer.post(SERIES_UNLOCKS, UUID.randomUUID().toString(), Map.of("seriesId", DELETED)).then()
                .statusCode(404)
                .body("type", equalTo(Api.PROBLEM + "unknown-series"));
        viewer.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", ep(DELETED, 4))).then()
                .statusCode(404)
                .body("type", equalTo(Api.PROBLEM + "unknown-episode"));
        assertEquals(550, viewer.balance());
    }
}
