package com.microdrama.e2e;

import com.microdrama.testsupport.KeycloakTokens;
import com.microdrama.testsupport.KeycloakUsers;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * payment-service at the edge, through the gateway with real Keycloak tokens and the real entitlement-service: it
 * never sells what is already open or what the catalog would not play, prices a series by what is still locked, and
 * sells coin packs only in the buyer's market. Every refusal leaves the wallet as it was. Seed catalog:
 * {@code midnight-contract} (episodes 4-12 at 60 coins, bundle 450), {@code segunda-chance} (BR, PT, US only),
 * {@code moonlit-alpha} (16+, episodes 1-5 free). Prints {@code negative cases tried: N}.
 */
class PaymentEdgeIT {
    private static final String PROBLEMS = "https://microdrama.example/problems/";
    private static final String FLAGSHIP = "midnight-contract";
    private static final AtomicInteger TRIED = new AtomicInteger();

    @AfterAll
    static void count() {
        System.out.println("negative cases tried: " + TRIED.get());
    }

    private record Buyer(String token) {
        Response post(String path, Map<String, ?> body) {
            return Viewer.asUser(token).header("Idempotency-Key", UUID.randomUUID().toString()).body(body).post(path);
        }

        long balance() {
            return Viewer.asUser(token).get("/api/payments/wallet").then().statusCode(200).extract().jsonPath()
                    .getLong("balance");
        }

        void buy(String packId) {
            StripeCheckout.buyPack(() -> Viewer.asUser(token), packId);
        }
    }

    private static Buyer buyer(String prefix, Map<String, String> attributes) {
        return new Buyer(KeycloakUsers.newViewerToken(prefix, attributes));
    }

    /** A refusal with its problem type, and the wallet exactly as before. */
    private static void refused(Buyer buyer, int status, String slug, String path, Map<String, ?> body) {
        long before = buyer.balance();
        Response reply = buyer.post(path, body);
        TRIED.incrementAndGet();
        assertEquals(status, reply.statusCode(), reply.asString());
        assertTrue(reply.contentType().startsWith("application/problem+json"), reply.contentType());
        assertEquals(PROBLEMS + slug, reply.jsonPath().getString("type"), reply.asString());
        assertEquals(before, buyer.balance(), "nothing charged for " + path + " " + body);
    }

    @Test
    void aVipHolderIsNotChargedForAnEpisode() {
        Buyer vip = buyer("pay-vip", Map.of("region", "US", "birthdate", "1990-01-01"));
        vip.buy("coins-500");
        StripeCheckout.subscribe(() -> Viewer.asUser(vip.token()), "vip-weekly");
        refused(vip, 409, "already-entitled", "/api/payments/episode-unlocks", Map.of("episodeId", FLAGSHIP + "-ep-04"));
        refused(vip, 409, "already-entitled", "/api/payments/series-unlocks", Map.of("seriesId", FLAGSHIP));
        assertEquals(550, vip.balance());
    }

    @Test
    void anEpisodeAnAdminGrantOpensIsNotSoldAndTheSeriesCostsLessByIt() {
        Buyer viewer = buyer("pay-promo", Map.of("region", "US", "birthdate", "1990-01-01"));
        viewer.buy("coins-1000"); // 1150
        Viewer.Admin.promoGrant(KeycloakTokens.subject(viewer.token()), FLAGSHIP + "-ep-06", "support goodwill");
        // entitlement-service knows the grant at once (the admin API writes it), payment-service asks it
        refused(viewer, 409, "already-entitled", "/api/payments/episode-unlocks", Map.of("episodeId", FLAGSHIP + "-ep-06"));
        viewer.post("/api/payments/episode-unlocks", Map.of("episodeId", FLAGSHIP + "-ep-04")).then().statusCode(201);
        viewer.post("/api/payments/episode-unlocks", Map.of("episodeId", FLAGSHIP + "-ep-05")).then().statusCode(201);
        // nine paid episodes at 60, two owned and one granted: min(450, 6 x 60) = 360
        Response series = viewer.post("/api/payments/series-unlocks", Map.of("seriesId", FLAGSHIP));
        assertEquals(201, series.statusCode(), series.asString());
        assertEquals(360, series.jsonPath().getInt("coinsSpent"));
    }

    @Test
    void aViewerOwningEpisodesPaysOnlyForWhatIsStillLockedWhenThatIsLessThanTheBundle() {
        Buyer viewer = buyer("pay-min", Map.of("region", "US", "birthdate", "1990-01-01"));
        viewer.buy("coins-1000"); // 1150
        for (String episode : new String[] {FLAGSHIP + "-ep-04", FLAGSHIP + "-ep-05"}) {
            viewer.post("/api/payments/episode-unlocks", Map.of("episodeId", episode)).then().statusCode(201);
        }
        // nine paid episodes at 60, two owned: min(450, 7 x 60) = 420
        refused(viewer, 409, "price-mismatch", "/api/payments/series-unlocks",
                Map.of("seriesId", FLAGSHIP, "expectedPriceCoins", 450));
        Response series = viewer.post("/api/payments/series-unlocks", Map.of("seriesId", FLAGSHIP, "expectedPriceCoins", 420));
        assertEquals(201, series.statusCode(), series.asString());
        assertEquals(Math.min(450, 7 * 60), series.jsonPath().getInt("coinsSpent"));
        assertEquals(1150 - 120 - 420, viewer.balance());
    }

    @Test
    void anotherMarketsPackIsRefusedWhateverTheListWasAskedFor() {
        Buyer us = buyer("pay-market", Map.of("region", "US"));
        String listed = Viewer.asUser(us.token()).get("/api/payments/packs?region=DE").then().statusCode(200)
                .extract().asString();
        TRIED.incrementAndGet();
        assertTrue(!listed.contains("coins-500-eur") && listed.contains("coins-500"), listed);
        refused(us, 422, "pack-not-available-in-region", "/api/payments/pack-purchases", Map.of("packId", "coins-500-eur"));
        String purchases = Viewer.asUser(KeycloakTokens.userToken("admin", "admin"))
                .get("/api/payments/admin/users/" + KeycloakTokens.subject(us.token()) + "/payments")
                .then().statusCode(200).extract().jsonPath().getString("purchases");
        assertEquals("[]", purchases, "no purchase row for a refused pack");
    }

    @Test
    void whatTheCatalogWouldNotPlayIsNotSold() {
        Buyer german = buyer("pay-de", Map.of("region", "DE", "birthdate", "1990-01-01"));
        german.buy("coins-500-eur");
        refused(german, 451, "not-available-in-region", "/api/payments/episode-unlocks",
                Map.of("episodeId", "segunda-chance-ep-04", "region", "US"));
        refused(german, 451, "not-available-in-region", "/api/payments/series-unlocks", Map.of("seriesId", "segunda-chance"));

        Buyer child = new Buyer(KeycloakUsers.newViewerToken("pay-child", 12, "US"));
        child.buy("coins-500");
        refused(child, 403, "age-restricted", "/api/payments/episode-unlocks", Map.of("episodeId", "moonlit-alpha-ep-06"));

        Buyer unknownAge = buyer("pay-noage", Map.of("region", "US"));
        unknownAge.buy("coins-500");
        refused(unknownAge, 403, "age-verification-required", "/api/payments/episode-unlocks",
                Map.of("episodeId", "moonlit-alpha-ep-06"));
    }
}
