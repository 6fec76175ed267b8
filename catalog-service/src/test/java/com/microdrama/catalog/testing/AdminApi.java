package com.microdrama.catalog.testing;

import io.restassured.http.ContentType;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Drives the admin API with the real admin token; fresh ids so runs never collide on the persistent database. */
public final class AdminApi {
    /**
     * Series made by tests are only available in Antarctica, so the seed-based browse tests (default region US)
     * never see them, whatever order the test classes run in; tests that look at them ask for this region.
     */
    public static final String TEST_REGION = "AQ";

    private AdminApi() {
    }

    /** A new slug, unique per call: "it-<prefix>-<8 hex>". */
    public static String freshId(String prefix) {
        return "it-" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static Map<String, Object> seriesBody(String id) {
        Map<String, Object> body = new HashMap<>();
        body.put("id", id);
        body.put("originalLanguage", "en");
        body.put("title", "Title of " + id);
        body.put("synopsis", "Synopsis of " + id);
        body.put("genres", List.of("drama"));
        body.put("ageRating", "13+");
        body.put("regions", List.of(TEST_REGION));
        body.put("coverUrl", "https://cdn.microdrama.example/covers/" + id + ".jpg");
        body.put("freeEpisodes", 1);
        body.put("episodePriceCoins", 60);
        body.put("bundlePriceCoins", 300);
        return body;
    }

    public static Map<String, Object> episodeBody(int number) {
        Map<String, Object> body = new HashMap<>();
        body.put("number", number);
        body.put("durationSeconds", 90);
        body.put("videoAsset", "it/ep-" + number + ".m3u8");
        body.put("title", "Episode " + number);
        return body;
    }

    public static void createSeries(Map<String, Object> body) {
        given().auth().oauth2(Viewers.admin()).contentType(ContentType.JSON).body(body)
                .when().post("/api/catalog/admin/series")
                .then().statusCode(201);
    }

    /** Creates episodes 1..count (ids {@code <series>-ep-NN}). */
    public static void addEpisodes(String seriesId, int count) {
        for (int n = 1; n <= count; n++) {
            given().auth().oauth2(Viewers.admin()).contentType(ContentType.JSON).body(episodeBody(n))
                    .when().post("/api/catalog/admin/series/" + seriesId + "/episodes")
                    .then().statusCode(201);
        }
    }

    /** Publishes episodes 1..count and then the series. */
    public static void publishAll(String seriesId, int count) {
        for (int n = 1; n <= count; n++) {
            post("/api/catalog/admin/episodes/" + episodeId(seriesId, n) + "/publish");
        }
        post("/api/catalog/admin/series/" + seriesId + "/publish");
    }

    public static String episodeId(String seriesId, int number) {
        return "%s-ep-%02d".formatted(seriesId, number);
    }

    /** A published series with {@code count} published episodes (first one free, 60 coins, 300 bundle), in {@link #TEST_REGION}. */
    public static String publishedSeries(String prefix, int count, Map<String, Object> overrides) {
        String id = freshId(prefix);
        Map<String, Object> body = seriesBody(id);
        body.putAll(overrides);
        createSeries(body);
        addEpisodes(id, count);
        publishAll(id, count);
        return id;
    }

    public static void post(String path) {
        given().auth().oauth2(Viewers.admin())
                .when().post(path)
                .then().statusCode(200);
    }

    public static void put(String path, Object body) {
        given().auth().oauth2(Viewers.admin()).contentType(ContentType.JSON).body(body)
                .when().put(path)
                .then().statusCode(200);
    }
}
