package com.microdrama.insights.api;

import com.microdrama.insights.testing.Facts;
import com.microdrama.testsupport.KeycloakTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The funnel of a series from facts on the real broker to the API: the producers' shapes in, the reports out, read
 * by admins and support only, with problems for bad ranges.
 */
@QuarkusTest
class InsightsIT {

    @Test
    void aSeriesFunnelShowsFirstTimesConversionRegionsAndTheDropOffCurve() {
        String series = "it-funnel-" + UUID.randomUUID().toString().substring(0, 8);
        Facts facts = new Facts(series);
        facts.journey();
        String refunded = "unlock-r-" + UUID.randomUUID();
        facts.play("erin", 1, "BR", "pt");
        facts.episodeUnlock(refunded, "erin", 4, 60);
        facts.refund("refund-" + UUID.randomUUID(), "erin", refunded, "episode-unlock");

        String admin = KeycloakTokens.userToken("admin", "admin");
        // 503 insights-unavailable until the Streams application has its partitions (a fresh start rebalances)
        JsonPath funnel = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> report(admin, series), report -> report != null
                        && report.getInt("totals.refunds") == 1 && report.getInt("totals.plays") == 7);

        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertEquals(series, funnel.getString("seriesId"));
        assertEquals(today.toString(), funnel.getString("to"));
        assertEquals(today.minusDays(6).toString(), funnel.getString("from"));
        Map<String, Object> totals = funnel.getMap("totals");
        assertEquals(7, totals.get("plays"));
        assertEquals(4, totals.get("viewers"), "alice, bob, carol, erin; the anonymous play is no viewer");
        assertEquals(2, totals.get("paywallViews"));
        assertEquals(2, totals.get("paywallViewers"));
        assertEquals(3, totals.get("payers"), "alice, dave, erin");
        assertEquals(1, totals.get("payersAfterPaywall"), "alice; dave and erin never met it");
        assertEquals(0.5f, funnel.getFloat("totals.conversion"));
        assertEquals(2, totals.get("episodeUnlocks"));
        assertEquals(1, totals.get("seriesUnlocks"));
        assertEquals(420, totals.get("coinsSpent"));
        assertEquals(60, totals.get("coinsRefunded"));
        assertEquals(List.of(today.toString()), funnel.getList("byDay.day"));
        assertEquals(List.of("BR", "US", "ZZ"), funnel.getList("byRegion.region"), "dave was never seen playing");
        assertEquals(List.of(2, 0, 1), funnel.getList("byRegion.payers"), "alice and erin, nobody, dave");
        assertEquals(List.of("en", "pt", "und"), funnel.getList("byLanguage.language"));

        given().auth().oauth2(admin).get("/api/insights/series/" + series + "/episodes")
                .then().statusCode(200)
                // erin's episode 4 was never played or shown: its number is unknown, so it has no row
                .body("episodes.number", equalTo(List.of(1, 2, 3)))
                .body("episodes.reached", equalTo(List.of(4, 2, 0)))
                .body("episodes.plays", equalTo(List.of(5, 2, 0)))
                .body("episodes.paywallViews", equalTo(List.of(0, 0, 2)))
                .body("episodes.unlocks", equalTo(List.of(0, 0, 1)))
                .body("episodes.retention", equalTo(List.of(1.0f, 0.5f, 0.0f)));
    }

    @Test
    void theFunnelExportsAsCsvOneRowPerDayRegionAndLanguage() {
        String series = "it-csv-" + UUID.randomUUID().toString().substring(0, 8);
        Facts facts = new Facts(series);
        facts.play("alice", 1, "BR", "pt");
        facts.play("bob", 1, "US", "en");
        facts.paywall("bob", 3, "US", "en");
        String admin = KeycloakTokens.userToken("admin", "admin");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> report(admin, series), report -> report != null && report.getInt("totals.paywallViews") == 1);

        String today = LocalDate.now(ZoneOffset.UTC).toString();
        Response csv = given().auth().oauth2(admin).get("/api/insights/series/" + series + "/funnel/export");
        csv.then().statusCode(200).contentType("text/csv")
                .header("Content-Disposition", equalTo("attachment; filename=\"funnel-" + series + "-"
                        + LocalDate.now(ZoneOffset.UTC).minusDays(6) + "-" + today + ".csv\""));
        assertEquals(List.of(InsightsReports.CSV_HEADER,
                today + ",BR,pt,1,1,0,0,0,0,0,0,0,0,0",
                today + ",US,en,1,1,1,1,0,0,0,0,0,0,0"), csv.asString().lines().toList());
    }

    @Test
    void coinPackRevenueAddsUpPerCurrencyDayAndProviderNeverAcrossCurrencies() {
        Facts facts = new Facts("it-revenue");
        String first = "pack-" + UUID.randomUUID();
        facts.packPurchase(first, "alice", "4.99", "USD", "stripe", 550);
        facts.packPurchase("pack-" + UUID.randomUUID(), "bob", "0.99", "USD", "play", 100);
        facts.packPurchase("pack-" + UUID.randomUUID(), "carol", "4.99", "EUR", "app-store", 550);
        facts.packRefund("refund-" + UUID.randomUUID(), "alice", first, "1.00", "USD", true);

        String support = KeycloakTokens.userToken("support", "support");
        JsonPath revenue = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    Response r = given().auth().oauth2(support).get("/api/insights/revenue");
                    return r.statusCode() == 200 ? r.jsonPath() : null;
                }, r -> r != null && r.getList("byCurrency").size() == 2 && r.getInt("byCurrency[1].refunds") == 1);
        assertEquals(List.of("EUR", "USD"), revenue.getList("byCurrency.currency"));
        assertEquals(List.of("4.99", "5.98"), revenue.getList("byCurrency.gross"));
        assertEquals(List.of("0", "1.00"), revenue.getList("byCurrency.refunded"));
        assertEquals(List.of("4.99", "4.98"), revenue.getList("byCurrency.net"));
        assertEquals(List.of(550, 650), revenue.getList("byCurrency.coinsSold"));
        assertEquals(List.of("app-store", "play", "stripe"), revenue.getList("byProvider.provider"));
        assertEquals(List.of("EUR", "USD", "USD"), revenue.getList("byProvider.currency"));
        assertEquals(List.of("3.99"), List.of(revenue.getString("byProvider[2].net")));
        given().auth().oauth2(KeycloakTokens.userToken("alice", "alice")).get("/api/insights/revenue")
                .then().statusCode(403);
    }

    static JsonPath report(String token, String series) {
        Response response = given().auth().oauth2(token).get("/api/insights/series/" + series + "/funnel");
        if (response.statusCode() == 503) {
            response.then().body("type", equalTo("https://microdrama.example/problems/insights-unavailable"));
            return null;
        }
        return response.then().statusCode(200).extract().jsonPath();
    }

    @Test
    void supportReadsTheFunnelWhileViewersAndStrangersAreRefused() {
        String path = "/api/insights/series/midnight-contract/funnel";
        given().auth().oauth2(KeycloakTokens.userToken("support", "support")).get(path).then().statusCode(200);
        given().auth().oauth2(KeycloakTokens.userToken("alice", "alice")).get(path).then().statusCode(403)
                .contentType("application/problem+json");
        given().get(path).then().statusCode(401);
    }

    @Test
    void badDaysAndRangesAreProblemsNamingTheField() {
        String admin = KeycloakTokens.userToken("admin", "admin");
        String path = "/api/insights/series/midnight-contract/funnel";
        given().auth().oauth2(admin).queryParam("from", "2026-12-08").queryParam("to", "2026-12-01").get(path)
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://microdrama.example/problems/validation-failed"))
                .body("violations[0].field", equalTo("to"));
        given().auth().oauth2(admin).queryParam("from", "yesterday").get(path)
                .then().statusCode(400).body("violations[0].field", equalTo("from"));
        given().auth().oauth2(admin).queryParam("from", "2025-01-01").queryParam("to", "2026-12-01").get(path)
                .then().statusCode(400).body("violations[0].field", equalTo("from"));
        given().auth().oauth2(admin).get("/api/insights/series/Not|A|Slug/episodes")
                .then().statusCode(400).contentType("application/problem+json");
    }
}
