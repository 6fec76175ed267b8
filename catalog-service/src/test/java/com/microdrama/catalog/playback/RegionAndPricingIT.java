package com.microdrama.catalog.playback;

import com.microdrama.events.viewer.ViewerRegion;
import com.microdrama.catalog.testing.AdminApi;
import com.microdrama.catalog.testing.EntitlementStandIn;
import com.microdrama.catalog.testing.Viewers;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.microdrama.catalog.testing.AdminApi.episodeId;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * Region availability, regional price tiers and admin price changes as viewers see them in browse and playback. The
 * viewer's country comes as the gateway sends it ({@link ViewerRegion#COUNTRY_HEADER}); {@code ?region} never moves
 * a viewer.
 */
@QuarkusTest
class RegionAndPricingIT {
    private static final String COUNTRY = ViewerRegion.COUNTRY_HEADER;
    private static final String ADMIN = "/api/catalog/admin";

    @Inject
    CircuitBreakerMaintenance circuitBreakers;

    @BeforeEach
    void reset() {
        EntitlementStandIn.reset();
        circuitBreakers.resetAll();
    }

    private static String playback(String episodeId) {
        return "/api/catalog/episodes/" + episodeId + "/playback";
    }

    @Test
    void seriesOutsideTheViewersRegionIsHiddenFromBrowseAndRefusedWith451() {
        String id = AdminApi.publishedSeries("region", 2, Map.of("regions", List.of("BR", "PT")));
        String genre = "g" + id.substring(id.length() - 8);
        AdminApi.put(ADMIN + "/series/" + id, Map.of("originalLanguage", "pt", "genres", List.of(genre),
                "ageRating", "13+", "regions", List.of("BR", "PT")));

        // no country from the gateway and no region claim in the token: US, and ?region changes nothing
        given().queryParam("genre", genre).when().get("/api/catalog/series")
                .then().statusCode(200).body("total", equalTo(0));
        given().queryParam("genre", genre).queryParam("region", "BR").when().get("/api/catalog/series")
                .then().statusCode(200).body("total", equalTo(0));
        given().queryParam("region", "BR").when().get("/api/catalog/series/" + id)
                .then().statusCode(451).body("region", equalTo("US"));
        given().queryParam("region", "BR").when().post(playback(episodeId(id, 1)))
                .then().statusCode(451).body("region", equalTo("US"));
        given().auth().oauth2(Viewers.alice()).header(COUNTRY, "DE").queryParam("region", "BR")
                .when().get("/api/catalog/series/" + id)
                .then().statusCode(451).body("region", equalTo("DE"));
        given().queryParam("genre", genre).header(COUNTRY, "br").when().get("/api/catalog/series")
                .then().statusCode(200).body("total", equalTo(1)).body("items[0].id", equalTo(id));

        given().when().post(playback(episodeId(id, 1)))
                .then().statusCode(451)
                .contentType("application/problem+json")
                .body("type", equalTo("https://microdrama.example/problems/not-available-in-region"))
                .body("seriesId", equalTo(id))
                .body("region", equalTo("US"));
        given().auth().oauth2(Viewers.alice()).header(COUNTRY, "DE").when().post(playback(episodeId(id, 2)))
                .then().statusCode(451)
                .body("region", equalTo("DE"));
        given().when().get("/api/catalog/series/" + id)
                .then().statusCode(451)
                .body("type", equalTo("https://microdrama.example/problems/not-available-in-region"));

        given().header(COUNTRY, "BR").when().post(playback(episodeId(id, 1)))
                .then().statusCode(200)
                .body("episodeId", equalTo(episodeId(id, 1)));
        given().header(COUNTRY, "PT").when().get("/api/catalog/series/" + id)
                .then().statusCode(200)
                .body("region", equalTo("PT"));
    }

    @Test
    void invalidRegionIsA400Problem() {
        given().queryParam("region", "XX").when().get("/api/catalog/series")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", hasItem("region"));
        given().queryParam("region", "USA").when().post(playback("midnight-contract-ep-01"))
                .then().statusCode(400)
                .body("violations.field", hasItem("region"));
    }

    @Test
    void adminPriceChangesShowInThe402AndRegionalTiersScaleThem() {
        String id = AdminApi.publishedSeries("price", 3, Map.of("regions", List.of(AdminApi.TEST_REGION, "IN")));
        String paid = episodeId(id, 2);

        given().auth().oauth2(Viewers.alice()).header(COUNTRY, "AQ").when().post(playback(paid))
                .then().statusCode(402)
                .body("type", equalTo("https://microdrama.example/problems/episode-locked"))
                .body("priceCoins", equalTo(60))
                .body("bundlePriceCoins", equalTo(300))
                // two paid episodes still locked cost less than the bundle
                .body("seriesUnlockPriceCoins", equalTo(120))
                .body("unlock[1].priceCoins", equalTo(120));
        given().auth().oauth2(Viewers.alice()).header(COUNTRY, "AQ").when().get("/api/catalog/series/" + id)
                .then().statusCode(200)
                .body("bundlePriceCoins", equalTo(300))
                .body("seriesUnlockPriceCoins", equalTo(120));

        AdminApi.put(ADMIN + "/series/" + id + "/pricing",
                Map.of("freeEpisodes", 1, "episodePriceCoins", 75, "bundlePriceCoins", 200));
        given().auth().oauth2(Viewers.alice()).header(COUNTRY, "AQ").when().post(playback(paid))
                .then().statusCode(402)
                .body("priceCoins", equalTo(75))
                .body("bundlePriceCoins", equalTo(200))
                .body("seriesUnlockPriceCoins", equalTo(150))
                .body("detail", containsString("75 coins"));

        AdminApi.put(ADMIN + "/episodes/" + paid + "/price", Map.of("priceCoins", 131));
        AdminApi.put(ADMIN + "/series/" + id + "/regional-pricing",
                Map.of("tiers", List.of(Map.of("region", "IN", "pricePercent", 50))));
        given().auth().oauth2(Viewers.alice()).header(COUNTRY, "AQ").when().post(playback(paid))
                .then().statusCode(402)
                .body("priceCoins", equalTo(131));
        // 50 % of 131 rounds up to 66; the bundle follows the tier too
        given().auth().oauth2(Viewers.alice()).header(COUNTRY, "IN").when().post(playback(paid))
                .then().statusCode(402)
                .body("priceCoins", equalTo(66))
                .body("bundlePriceCoins", equalTo(100));
        given().header(COUNTRY, "IN").when().get("/api/catalog/series/" + id)
                .then().statusCode(200)
                .body("episodes[1].priceCoins", equalTo(66))
                .body("episodes[2].priceCoins", equalTo(38))
                .body("bundlePriceCoins", equalTo(100));
        // an anonymous viewer may ask for another region's prices (display only); a signed-in one sees their own
        given().header(COUNTRY, "AQ").queryParam("region", "IN").when().get("/api/catalog/series/" + id)
                .then().statusCode(200)
                .body("region", equalTo("IN"))
                .body("bundlePriceCoins", equalTo(100));
        given().auth().oauth2(Viewers.alice()).header(COUNTRY, "AQ").queryParam("region", "IN")
                .when().get("/api/catalog/series/" + id)
                .then().statusCode(200)
                .body("region", equalTo("AQ"))
                .body("bundlePriceCoins", equalTo(200));
        given().auth().oauth2(Viewers.alice()).header(COUNTRY, "AQ").queryParam("region", "IN").when().post(playback(paid))
                .then().statusCode(402)
                .body("priceCoins", equalTo(131));

        // a price of 0 makes that one episode free: it plays without a token
        AdminApi.put(ADMIN + "/episodes/" + episodeId(id, 3) + "/price", Map.of("priceCoins", 0));
        given().header(COUNTRY, "AQ").when().post(playback(episodeId(id, 3)))
                .then().statusCode(200);
    }
}
