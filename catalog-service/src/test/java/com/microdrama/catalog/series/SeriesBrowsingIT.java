package com.microdrama.catalog.series;

import com.microdrama.testsupport.KeycloakUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/** Browse API against the real catalog_test database (seeded by Flyway, cleaned at test start). */
@QuarkusTest
class SeriesBrowsingIT {
    /** A signed-in adult in the default region sees the whole seed catalog, the 16+ series included. */
    private static String adult;

    private static synchronized String adult() {
        if (adult == null) {
            adult = KeycloakUsers.newViewerToken("browse-adult", 30, null);
        }
        return adult;
    }

    @Test
    void listPagesThroughPublishedSeriesOnly() {
        given().auth().oauth2(adult()).queryParam("size", 2)
                .when().get("/api/catalog/series")
                .then().statusCode(200)
                .body("page", equalTo(0))
                .body("size", equalTo(2))
                .body("total", equalTo(5))
                .body("items.id", contains("el-heredero-oculto", "midnight-contract"));

        given().auth().oauth2(adult()).queryParam("page", 2).queryParam("size", 2)
                .when().get("/api/catalog/series")
                .then().statusCode(200)
                .body("total", equalTo(5))
                .body("items.id", contains("tokyo-twin-swap"))
                .body("items.id", not(hasItem("the-last-heist")));
    }

    @Test
    void listItemsCarryTheContractFields() {
        given().queryParam("genre", "billionaire")
                .when().get("/api/catalog/series")
                .then().statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].id", equalTo("midnight-contract"))
                .body("items[0].title", equalTo("Midnight Contract"))
                .body("items[0].genres", contains("romance", "billionaire", "drama"))
                .body("items[0].episodeCount", equalTo(12))
                .body("items[0].coverUrl", equalTo("https://cdn.microdrama.example/covers/midnight-contract.jpg"))
                .body("items[0].originalLanguage", equalTo("en"));
    }

    @Test
    void genreFilterMatchesAnyOfASeriesGenres() {
        given().auth().oauth2(adult()).queryParam("genre", "Romance")
                .when().get("/api/catalog/series")
                .then().statusCode(200)
                .body("items.id", contains("midnight-contract", "moonlit-alpha", "tokyo-twin-swap"));
        // anonymous: the age is unknown, so the 16+ series stays out
        given().queryParam("genre", "Romance")
                .when().get("/api/catalog/series")
                .then().statusCode(200)
                .body("items.id", contains("midnight-contract", "tokyo-twin-swap"));
        given().queryParam("genre", "no-such-genre")
                .when().get("/api/catalog/series")
                .then().statusCode(200)
                .body("total", equalTo(0))
                .body("items", empty());
    }

    @Test
    void searchFindsTitlesInAnyLanguage() {
        given().queryParam("q", "contrato")
                .when().get("/api/catalog/series")
                .then().statusCode(200)
                .body("items.id", contains("midnight-contract"));
        given().queryParam("q", "HIDDEN heir")
                .when().get("/api/catalog/series")
                .then().statusCode(200)
                .body("items.id", contains("el-heredero-oculto"));
        given().queryParam("q", "%")
                .when().get("/api/catalog/series")
                .then().statusCode(200)
                .body("total", equalTo(0));
    }

    @Test
    void listTitlesFollowTheRequestedLanguage() {
        given().queryParam("language", "es").queryParam("genre", "billionaire")
                .when().get("/api/catalog/series")
                .then().statusCode(200)
                .body("items[0].title", equalTo("Contrato de medianoche"));
        given().header("Accept-Language", "ja").queryParam("q", "tokyo")
                .when().get("/api/catalog/series")
                .then().statusCode(200)
                .body("items[0].title", equalTo("東京ツイン・スワップ"));
    }

    @Test
    void invalidPagingIsA400Problem() {
        given().queryParam("size", 0)
                .when().get("/api/catalog/series")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://microdrama.example/problems/validation-failed"))
                .body("status", equalTo(400))
                .body("violations.field", hasItem("size"));
    }

    @Test
    void detailInSpanishSaysWhichTranslationAnswered() {
        given().header("Accept-Language", "es")
                .when().get("/api/catalog/series/midnight-contract")
                .then().statusCode(200)
                .contentType(ContentType.JSON)
                .header("Content-Language", "es")
                .body("id", equalTo("midnight-contract"))
                .body("title", equalTo("Contrato de medianoche"))
                .body("synopsis", containsString("violinista"))
                .body("language", equalTo("es"))
                .body("genres", contains("romance", "billionaire", "drama"))
                .body("episodes", hasSize(12))
                .body("episodes[0].id", equalTo("midnight-contract-ep-01"))
                .body("episodes[0].number", equalTo(1))
                .body("episodes[0].title", equalTo("Episodio 1"))
                .body("episodes[0].free", equalTo(true))
                .body("episodes[0].priceCoins", equalTo(0))
                .body("episodes[2].free", equalTo(true))
                .body("episodes[3].id", equalTo("midnight-contract-ep-04"))
                .body("episodes[3].free", equalTo(false))
                .body("episodes[3].priceCoins", equalTo(60))
                .body("episodes[3].durationSeconds", equalTo(98))
                // anonymous: lock state is unknown, so it is absent rather than false
                .body("episodes", everyItem(not(hasKey("locked"))))
                .body("episodes", everyItem(not(hasKey("unlockReason"))));
    }

    @Test
    void regionalLanguageFallsBackToItsLanguage() {
        given().header("Accept-Language", "es-MX,en;q=0.5")
                .when().get("/api/catalog/series/midnight-contract")
                .then().statusCode(200)
                .header("Content-Language", "es")
                .body("language", equalTo("es"))
                .body("title", equalTo("Contrato de medianoche"));
    }

    @Test
    void unknownLanguageFallsBackToTheOriginal() {
        given().header("Accept-Language", "sw-KE, sw;q=0.9")
                .when().get("/api/catalog/series/midnight-contract")
                .then().statusCode(200)
                .header("Content-Language", "en")
                .body("language", equalTo("en"))
                .body("title", equalTo("Midnight Contract"))
                .body("episodes[0].title", equalTo("The Signature"));

        given().header("Accept-Language", "ko")
                .when().get("/api/catalog/series/el-heredero-oculto")
                .then().statusCode(200)
                .body("language", equalTo("es"))
                .body("title", equalTo("El heredero oculto"));
    }

    @Test
    void qualityValuesDecideBetweenLanguages() {
        given().header("Accept-Language", "fr;q=0.4, ja;q=0.9, de;q=0.5")
                .when().get("/api/catalog/series/midnight-contract")
                .then().statusCode(200)
                .body("language", equalTo("ja"))
                .body("title", equalTo("真夜中の契約"))
                .body("episodes[11].title", equalTo("第12話"));
    }

    @Test
    void episodePriceOverrideShowsOnTheSeriesPage() {
        given().auth().oauth2(adult()).when().get("/api/catalog/series/moonlit-alpha")
                .then().statusCode(200)
                .body("episodes", hasSize(20))
                .body("episodes[4].free", equalTo(true))
                .body("episodes[5].priceCoins", equalTo(100))
                .body("episodes[19].priceCoins", equalTo(120));
    }

    @Test
    void unknownSeriesIsA404Problem() {
        given().when().get("/api/catalog/series/no-such-series")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://microdrama.example/problems/unknown-series"))
                .body("title", equalTo("Unknown series"))
                .body("status", equalTo(404))
                .body("detail", containsString("no-such-series"))
                .body("seriesId", equalTo("no-such-series"))
                .body("stackTrace", nullValue());
    }

    @Test
    void unpublishedSeriesIsInvisible() {
        given().when().get("/api/catalog/series/the-last-heist")
                .then().statusCode(404)
                .body("type", equalTo("https://microdrama.example/problems/unknown-series"));
    }

    @Test
    void invalidTokenIsRefusedEvenWhereTokensAreOptional() {
        given().auth().oauth2("not-a-token")
                .when().get("/api/catalog/series/midnight-contract")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .body("type", equalTo("https://microdrama.example/problems/unauthorized"));
    }

    @Test
    void invalidCredentialsOnTheBrowseListAre401NotAnonymous() {
        for (String authorization : java.util.List.of("Bearer not-a-token", "Bearer aaa.bbb.ccc", "Bearer ",
                "Basic YWxpY2U6YWxpY2U=")) {
            given().header("Authorization", authorization)
                    .when().get("/api/catalog/series")
                    .then().statusCode(401)
                    .contentType("application/problem+json")
                    .header("WWW-Authenticate", containsString("Bearer"))
                    .body("type", equalTo("https://microdrama.example/problems/unauthorized"));
        }
        given().when().get("/api/catalog/series").then().statusCode(200);
    }

    @Test
    void aNulByteInSearchOrIdIsA400ProblemNotAServerError() {
        given().urlEncodingEnabled(false)
                .when().get("/api/catalog/series?q=ep%00isode")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://microdrama.example/problems/invalid-characters"));
        given().urlEncodingEnabled(false)
                .when().get("/api/catalog/series/ep%00isode")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://microdrama.example/problems/invalid-characters"));
    }
}
