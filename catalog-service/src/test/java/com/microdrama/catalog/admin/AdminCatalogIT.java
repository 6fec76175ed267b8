package com.microdrama.catalog.admin;

import com.microdrama.events.viewer.ViewerRegion;
import com.microdrama.catalog.testing.AdminApi;
import com.microdrama.catalog.testing.Viewers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.microdrama.catalog.testing.AdminApi.episodeId;
import static com.microdrama.catalog.testing.AdminApi.freshId;
import static com.microdrama.catalog.testing.AdminApi.seriesBody;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

/** The admin API against the real catalog_test database with real Keycloak tokens (admin, support, alice). */
@QuarkusTest
class AdminCatalogIT {
    private static final String ADMIN = "/api/catalog/admin";

    @Test
    void createdSeriesIsInvisibleUntilPublishedThenBrowsableWithItsTranslations() {
        String id = freshId("browse");
        String genre = "g" + id.substring(id.length() - 8); // a genre only this series has
        Map<String, Object> body = seriesBody(id);
        body.put("genres", List.of(genre, "Drama"));
        body.put("regions", List.of("aq", "GB"));

        given().auth().oauth2(Viewers.admin()).contentType(ContentType.JSON).body(body)
                .when().post(ADMIN + "/series")
                .then().statusCode(201)
                .header("Location", containsString(ADMIN + "/series/" + id))
                .body("id", equalTo(id))
                .body("published", equalTo(false))
                .body("genres", contains(genre, "drama"))
                .body("regions", contains("AQ", "GB"))
                .body("translations[0].language", equalTo("en"));
        AdminApi.addEpisodes(id, 3);
        AdminApi.put(ADMIN + "/series/" + id + "/translations/es",
                Map.of("title", "Título " + id, "synopsis", "Sinopsis"));
        AdminApi.put(ADMIN + "/episodes/" + episodeId(id, 1) + "/translations/es", Map.of("title", "Episodio uno"));

        given().queryParam("genre", genre).header(ViewerRegion.COUNTRY_HEADER, "AQ").when().get("/api/catalog/series")
                .then().statusCode(200).body("total", equalTo(0));
        given().header(ViewerRegion.COUNTRY_HEADER, "AQ").when().get("/api/catalog/series/" + id)
                .then().statusCode(404).body("type", equalTo("https://microdrama.example/problems/unknown-series"));

        AdminApi.publishAll(id, 2); // episode 3 stays a draft

        given().queryParam("genre", genre).header(ViewerRegion.COUNTRY_HEADER, "AQ").when().get("/api/catalog/series")
                .then().statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].id", equalTo(id))
                .body("items[0].title", equalTo("Title of " + id))
                .body("items[0].episodeCount", equalTo(2));
        given().queryParam("genre", genre).header(ViewerRegion.COUNTRY_HEADER, "AQ").queryParam("language", "es-MX").when().get("/api/catalog/series")
                .then().statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].title", equalTo("Título " + id));
        given().queryParam("genre", genre).header(ViewerRegion.COUNTRY_HEADER, "AQ").queryParam("language", "ja").when().get("/api/catalog/series")
                .then().statusCode(200).body("total", equalTo(0));
        given().header("Accept-Language", "es").header(ViewerRegion.COUNTRY_HEADER, "GB").when().get("/api/catalog/series/" + id)
                .then().statusCode(200)
                .body("language", equalTo("es"))
                .body("episodes.id", contains(episodeId(id, 1), episodeId(id, 2)))
                .body("episodes[0].title", equalTo("Episodio uno"))
                .body("episodes[0].free", equalTo(true))
                .body("episodes[1].priceCoins", equalTo(60));

        AdminApi.post(ADMIN + "/series/" + id + "/unpublish");
        given().queryParam("genre", genre).header(ViewerRegion.COUNTRY_HEADER, "AQ").when().get("/api/catalog/series")
                .then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void adminAndSupportReadEverythingIncludingDrafts() {
        String id = freshId("read");
        AdminApi.createSeries(seriesBody(id));
        AdminApi.addEpisodes(id, 1);

        for (String token : List.of(Viewers.admin(), Viewers.support())) {
            given().auth().oauth2(token).when().get(ADMIN + "/series/" + id)
                    .then().statusCode(200)
                    .body("published", equalTo(false))
                    .body("episodes[0].id", equalTo(episodeId(id, 1)))
                    .body("episodes[0].effectivePriceCoins", equalTo(0));
            given().auth().oauth2(token).when().get(ADMIN + "/episodes/" + episodeId(id, 1))
                    .then().statusCode(200).body("seriesId", equalTo(id));
            given().auth().oauth2(token).queryParam("size", 100).when().get(ADMIN + "/series")
                    .then().statusCode(200).body("items.id", hasItem("the-last-heist"));
        }
    }

    @Test
    void userIsForbiddenAnonymousIsUnauthorizedAndSupportCannotWrite() {
        String id = freshId("auth");
        given().auth().oauth2(Viewers.alice()).contentType(ContentType.JSON).body(seriesBody(id))
                .when().post(ADMIN + "/series")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("https://microdrama.example/problems/forbidden"))
                .body("status", equalTo(403));
        given().auth().oauth2(Viewers.alice()).when().get(ADMIN + "/series")
                .then().statusCode(403).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(seriesBody(id))
                .when().post(ADMIN + "/series")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("type", equalTo("https://microdrama.example/problems/unauthorized"));
        given().when().get(ADMIN + "/series/midnight-contract")
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(Viewers.support()).contentType(ContentType.JSON).body(seriesBody(id))
                .when().post(ADMIN + "/series")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(Viewers.support()).when().post(ADMIN + "/series/midnight-contract/unpublish")
                .then().statusCode(403);

        // nothing was created by the refused calls
        given().auth().oauth2(Viewers.admin()).when().get(ADMIN + "/series/" + id)
                .then().statusCode(404).body("type", equalTo("https://microdrama.example/problems/unknown-series"));
    }

    @Test
    void invalidFieldsAre400ProblemsNamingEachField() {
        Map<String, Object> body = seriesBody("Not A Slug");
        body.put("originalLanguage", "english");
        body.put("title", " ");
        body.put("ageRating", "21+");
        body.put("regions", List.of("US", "XX"));
        body.put("coverUrl", "ftp://cdn.example/cover.jpg");
        body.put("episodePriceCoins", 10_001);
        body.put("bundlePriceCoins", 0);
        body.put("freeEpisodes", -1);

        given().auth().oauth2(Viewers.admin()).contentType(ContentType.JSON).body(body)
                .when().post(ADMIN + "/series")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://microdrama.example/problems/validation-failed"))
                .body("status", equalTo(400))
                .body("violations.field", hasItems("id", "originalLanguage", "title", "ageRating", "regions[1]",
                        "coverUrl", "episodePriceCoins", "bundlePriceCoins", "freeEpisodes"));

        Map<String, Object> episode = AdminApi.episodeBody(0);
        episode.put("durationSeconds", 3601);
        episode.put("videoAsset", "../secret");
        given().auth().oauth2(Viewers.admin()).contentType(ContentType.JSON).body(episode)
                .when().post(ADMIN + "/series/midnight-contract/episodes")
                .then().statusCode(400)
                .body("violations.field", hasItems("number", "durationSeconds", "videoAsset"));

        given().auth().oauth2(Viewers.admin()).contentType(ContentType.JSON)
                .body(Map.of("tiers", List.of(Map.of("region", "BR", "pricePercent", 50),
                        Map.of("region", "br", "pricePercent", 70))))
                .when().put(ADMIN + "/series/midnight-contract/regional-pricing")
                .then().statusCode(400)
                .body("violations.field", hasItem("tiers"));

        given().auth().oauth2(Viewers.admin()).contentType(ContentType.JSON)
                .body(Map.of("title", "x", "synopsis", "y"))
                .when().put(ADMIN + "/series/midnight-contract/translations/english")
                .then().statusCode(400)
                .body("violations.field", hasItem("language"));
    }

    @Test
    void malformedJsonAndMissingBodyAre400Problems() {
        given().auth().oauth2(Viewers.admin()).contentType(ContentType.JSON).body("{\"id\": ")
                .when().post(ADMIN + "/series")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://microdrama.example/problems/malformed-request"))
                .body("stackTrace", nullValue());
        given().auth().oauth2(Viewers.admin()).contentType(ContentType.JSON)
                .body(Map.of("number", "three", "durationSeconds", 60, "videoAsset", "a/b.m3u8"))
                .when().put(ADMIN + "/episodes/midnight-contract-ep-01")
                .then().statusCode(400)
                .body("type", equalTo("https://microdrama.example/problems/malformed-request"))
                .body("violations.field", hasItem("number"));
        given().auth().oauth2(Viewers.admin()).contentType(ContentType.JSON)
                .when().put(ADMIN + "/series/midnight-contract/pricing")
                .then().statusCode(400)
                .contentType("application/problem+json");
        // a key named twice could mean one thing to a proxy and another to us: refused at the parser
        given().auth().oauth2(Viewers.admin()).contentType(ContentType.JSON)
                .body("{\"number\": 3, \"number\": 4, \"durationSeconds\": 60, \"videoAsset\": \"a/b.m3u8\"}")
                .when().put(ADMIN + "/episodes/midnight-contract-ep-01")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://microdrama.example/problems/malformed-request"));
    }

    @Test
    void duplicateSeriesIdEpisodeIdOrEpisodeNumberIs409() {
        String id = freshId("dup");
        AdminApi.createSeries(seriesBody(id));
        AdminApi.addEpisodes(id, 2);

        given().auth().oauth2(Viewers.admin()).contentType(ContentType.JSON).body(seriesBody(id))
                .when().post(ADMIN + "/series")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://microdrama.example/problems/series-exists"))
                .body("seriesId", equalTo(id));

        Map<String, Object> sameNumber = AdminApi.episodeBody(2);
        sameNumber.put("id", id + "-other");
        given().auth().oauth2(Viewers.admin()).contentType(ContentType.JSON).body(sameNumber)
                .when().post(ADMIN + "/series/" + id + "/episodes")
                .then().statusCode(409)
                .body("type", equalTo("https://microdrama.example/problems/episode-number-taken"))
                .body("episodeId", equalTo(episodeId(id, 2)));

        Map<String, Object> sameId = AdminApi.episodeBody(7);
        sameId.put("id", episodeId(id, 1));
        given().auth().oauth2(Viewers.admin()).contentType(ContentType.JSON).body(sameId)
                .when().post(ADMIN + "/series/" + id + "/episodes")
                .then().statusCode(409)
                .body("type", equalTo("https://microdrama.example/problems/episode-exists"));

        given().auth().oauth2(Viewers.admin()).contentType(ContentType.JSON)
                .body(Map.of("number", 1, "durationSeconds", 60, "videoAsset", "a/b.m3u8"))
                .when().put(ADMIN + "/episodes/" + episodeId(id, 2))
                .then().statusCode(409)
                .body("type", equalTo("https://microdrama.example/problems/episode-number-taken"));
    }

    @Test
    void unknownIdsAre404Problems() {
        given().auth().oauth2(Viewers.admin()).contentType(ContentType.JSON)
                .body(Map.of("freeEpisodes", 1, "episodePriceCoins", 10, "bundlePriceCoins", 20))
                .when().put(ADMIN + "/series/no-such-series/pricing")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://microdrama.example/problems/unknown-series"));
        given().auth().oauth2(Viewers.admin()).contentType(ContentType.JSON).body(AdminApi.episodeBody(1))
                .when().post(ADMIN + "/series/no-such-series/episodes")
                .then().statusCode(404);
        given().auth().oauth2(Viewers.admin()).contentType(ContentType.JSON).body(Map.of("priceCoins", 10))
                .when().put(ADMIN + "/episodes/no-such-episode/price")
                .then().statusCode(404)
                .body("type", equalTo("https://microdrama.example/problems/unknown-episode"));
        given().auth().oauth2(Viewers.admin())
                .when().post(ADMIN + "/episodes/no-such-episode/publish")
                .then().statusCode(404);
    }

    @Test
    void nonNumericPagingIsA400ProblemNotA404() {
        given().queryParam("page", "abc").when().get("/api/catalog/series")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", hasItem("page"));
        given().queryParam("size", "ten").when().get("/api/catalog/series")
                .then().statusCode(400)
                .body("violations.field", hasItem("size"));
        given().auth().oauth2(Viewers.admin()).queryParam("size", "-1").when().get(ADMIN + "/series")
                .then().statusCode(400)
                .body("violations.field", hasItem("size"));
    }
}
