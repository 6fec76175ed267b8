package com.microdrama.catalog.series;

import com.microdrama.events.viewer.ViewerRegion;
import com.microdrama.catalog.testing.AdminApi;
import com.microdrama.catalog.testing.EntitlementStandIn;
import com.microdrama.testsupport.KeycloakTokens;
import com.microdrama.testsupport.KeycloakUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.microdrama.catalog.testing.AdminApi.TEST_REGION;
import static com.microdrama.catalog.testing.AdminApi.episodeId;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The age and region rules with REAL Keycloak tokens of fresh viewers whose user profile holds a birthdate and a
 * region: the realm puts them into the access token as the {@code birthdate} and {@code region} claims, and no
 * request here names a region, so every answer comes from the claims.
 */
@QuarkusTest
class ViewerAgeAndRegionIT {
    private static final String AGE_RESTRICTED = "https://microdrama.example/problems/age-restricted";
    private static final String AGE_VERIFICATION_REQUIRED =
            "https://microdrama.example/problems/age-verification-required";

    private static String adultSeries;
    private static String familySeries;
    private static String genre;
    private static String child;
    private static String adult;
    private static String adultInIndia;
    private static String adultInGermany;
    private static String ageUnknown;

    @Inject
    CircuitBreakerMaintenance circuitBreakers;

    /**
     * Once per class, but from a test instance: a static @BeforeAll runs before RestAssured points at the app
     * under test, and would write to whatever answers on the default port.
     */
    @BeforeEach
    void catalogAndViewers() {
        EntitlementStandIn.reset();
        circuitBreakers.resetAll();
        if (adultSeries != null) {
            return;
        }
        String suffix = AdminApi.freshId("x").substring(5);
        genre = "age-" + suffix;
        adultSeries = AdminApi.publishedSeries("adult", 3, Map.of("ageRating", "18+", "genres", List.of(genre),
                "regions", List.of(TEST_REGION, "IN")));
        familySeries = AdminApi.publishedSeries("family", 1, Map.of("ageRating", "all", "genres", List.of(genre)));
        AdminApi.put("/api/catalog/admin/series/" + adultSeries + "/regional-pricing",
                Map.of("tiers", List.of(Map.of("region", "IN", "pricePercent", 50))));

        child = KeycloakUsers.newViewerToken("child", 12, TEST_REGION);
        adult = KeycloakUsers.newViewerToken("adult", 30, TEST_REGION);
        adultInIndia = KeycloakUsers.newViewerToken("adult-in", 30, "IN");
        adultInGermany = KeycloakUsers.newViewerToken("adult-de", 30, "DE");
        ageUnknown = KeycloakUsers.newViewerToken("no-age", Map.of("region", TEST_REGION));
    }

    private static String playback(String episodeId) {
        return "/api/catalog/episodes/" + episodeId + "/playback";
    }

    @Test
    void aTwelveYearOldIsRefusedAnAdultSeriesEpisodeAndAnAdultPlaysIt() {
        for (int n : new int[] {1, 2}) {
            // episode 1 is free, 2 is paid: the age rule comes before money
            given().auth().oauth2(child).when().post(playback(episodeId(adultSeries, n)))
                    .then().statusCode(403)
                    .contentType("application/problem+json")
                    .body("type", equalTo(AGE_RESTRICTED))
                    .body("seriesId", equalTo(adultSeries))
                    .body("ageRating", equalTo("18+"));
        }

        given().auth().oauth2(adult).when().post(playback(episodeId(adultSeries, 1)))
                .then().statusCode(200)
                .body("playbackUrl", startsWith("http://127.0.0.1:8080/media/"));
        EntitlementStandIn.grant(KeycloakTokens.subject(adult), episodeId(adultSeries, 2), "episode-purchase");
        given().auth().oauth2(adult).when().post(playback(episodeId(adultSeries, 2)))
                .then().statusCode(200)
                .body("episodeId", equalTo(episodeId(adultSeries, 2)));
        // a series for everyone plays for the child
        given().auth().oauth2(child).when().post(playback(episodeId(familySeries, 1)))
                .then().statusCode(200);
    }

    @Test
    void browseAndSearchShowAViewerOnlySeriesTheirAgeAllows() {
        given().auth().oauth2(child).queryParam("genre", genre).when().get("/api/catalog/series")
                .then().statusCode(200)
                .body("total", equalTo(1))
                .body("items.id", containsInAnyOrder(familySeries));
        given().auth().oauth2(child).queryParam("q", adultSeries).when().get("/api/catalog/series")
                .then().statusCode(200)
                .body("total", equalTo(0));

        given().auth().oauth2(adult).queryParam("genre", genre).when().get("/api/catalog/series")
                .then().statusCode(200)
                .body("total", equalTo(2))
                .body("items.id", containsInAnyOrder(adultSeries, familySeries));
        given().auth().oauth2(adult).queryParam("q", adultSeries).when().get("/api/catalog/series")
                .then().statusCode(200)
                .body("total", equalTo(1));
    }

    @Test
    void aViewerOfUnknownAgeNeither16Nor18PlusButEverythingElse() {
        given().auth().oauth2(ageUnknown).queryParam("genre", genre).when().get("/api/catalog/series")
                .then().statusCode(200)
                .body("items.id", containsInAnyOrder(familySeries));
        given().header(ViewerRegion.COUNTRY_HEADER, TEST_REGION).queryParam("genre", genre)
                .when().get("/api/catalog/series")
                .then().statusCode(200)
                .body("items.id", containsInAnyOrder(familySeries));
        for (String token : new String[] {ageUnknown, null}) {
            var request = token == null ? given().header(ViewerRegion.COUNTRY_HEADER, TEST_REGION)
                    : given().auth().oauth2(token);
            request.when().get("/api/catalog/series/" + adultSeries)
                    .then().statusCode(403)
                    .contentType("application/problem+json")
                    .body("type", equalTo(AGE_VERIFICATION_REQUIRED))
                    .body("seriesId", equalTo(adultSeries))
                    .body("ageRating", equalTo("18+"));
            (token == null ? given().header(ViewerRegion.COUNTRY_HEADER, TEST_REGION) : given().auth().oauth2(token))
                    .when().post(playback(episodeId(adultSeries, 1)))
                    .then().statusCode(403)
                    .body("type", equalTo(AGE_VERIFICATION_REQUIRED));
        }
        given().auth().oauth2(ageUnknown).when().post(playback(episodeId(familySeries, 1)))
                .then().statusCode(200);
    }

    @Test
    void theSeriesPageRefusesAViewerTooYoungLikePlayback() {
        given().auth().oauth2(child).when().get("/api/catalog/series/" + adultSeries)
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo(AGE_RESTRICTED))
                .body("seriesId", equalTo(adultSeries))
                .body("ageRating", equalTo("18+"));
        given().auth().oauth2(child).when().get("/api/catalog/series/" + familySeries)
                .then().statusCode(200)
                .body("id", equalTo(familySeries));
        given().auth().oauth2(adult).when().get("/api/catalog/series/" + adultSeries)
                .then().statusCode(200)
                .body("ageRating", equalTo("18+"));
        // nobody is asked about entitlements for a page the viewer may not see
        assertEquals(List.of(), EntitlementStandIn.calls().stream()
                .filter(call -> call.target().equals(adultSeries)
                        && call.userId().equals(KeycloakTokens.subject(child))).toList());
    }

    @Test
    void theRegionClaimPicksTheRegionsPricesAndTheRegionRuleWithoutAParameter() {
        given().auth().oauth2(adultInIndia).when().get("/api/catalog/series/" + adultSeries)
                .then().statusCode(200)
                .body("region", equalTo("IN"))
                .body("episodes[1].priceCoins", equalTo(30))
                .body("bundlePriceCoins", equalTo(150));
        given().auth().oauth2(adult).when().get("/api/catalog/series/" + adultSeries)
                .then().statusCode(200)
                .body("region", equalTo(TEST_REGION))
                .body("episodes[1].priceCoins", equalTo(60))
                .body("bundlePriceCoins", equalTo(300));
        given().auth().oauth2(adultInIndia).when().post(playback(episodeId(adultSeries, 2)))
                .then().statusCode(402)
                .body("priceCoins", equalTo(30));

        given().auth().oauth2(adultInGermany).when().get("/api/catalog/series/" + adultSeries)
                .then().statusCode(451)
                .contentType("application/problem+json")
                .body("type", equalTo("https://microdrama.example/problems/not-available-in-region"))
                .body("region", equalTo("DE"));
        given().auth().oauth2(adultInGermany).when().post(playback(episodeId(adultSeries, 1)))
                .then().statusCode(451)
                .body("region", equalTo("DE"));
        given().auth().oauth2(adultInGermany).queryParam("genre", genre).when().get("/api/catalog/series")
                .then().statusCode(200)
                .body("total", equalTo(0));
        // neither the request's region parameter nor a country header lifts the block of the region claim
        given().auth().oauth2(adultInGermany).queryParam("region", "IN").when().get("/api/catalog/series/" + adultSeries)
                .then().statusCode(451)
                .body("region", equalTo("DE"));
        given().auth().oauth2(adultInGermany).header(ViewerRegion.COUNTRY_HEADER, "IN").queryParam("region", "IN")
                .when().post(playback(episodeId(adultSeries, 1)))
                .then().statusCode(451)
                .body("region", equalTo("DE"));
    }

    @Test
    void entitlementServiceHearsTheRegionOfTheTokenNeverTheRegionTheRequestNames() {
        // region promos are decided by entitlement-service from the region catalog forwards: the token's claim only
        given().auth().oauth2(adultInIndia).queryParam("region", TEST_REGION)
                .when().post(playback(episodeId(adultSeries, 2))).then().statusCode(402);
        given().auth().oauth2(adultInIndia).queryParam("region", TEST_REGION)
                .when().get("/api/catalog/series/" + adultSeries).then().statusCode(200);
        given().auth().oauth2(adult).when().post(playback(episodeId(adultSeries, 2))).then().statusCode(402);

        // a 402 asks for the series too: the offer shows what the rest of the series costs this viewer
        List<EntitlementStandIn.Call> calls = EntitlementStandIn.calls();
        assertEquals(List.of("check:IN", "series:IN", "series:IN", "check:" + TEST_REGION, "series:" + TEST_REGION),
                calls.stream().map(c -> c.path() + ":" + c.region()).toList());
    }
}
