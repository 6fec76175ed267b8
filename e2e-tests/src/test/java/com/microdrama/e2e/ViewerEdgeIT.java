package com.microdrama.e2e;

import com.microdrama.testsupport.KeycloakTokens;
import com.microdrama.testsupport.KeycloakUsers;
import com.microdrama.testsupport.LocalSecrets;
import com.microdrama.testsupport.Platform;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The viewer-facing edge rules through the gateway with real Keycloak tokens: where a viewer is comes from trust (the
 * token's region claim, else the country the gateway located from the client address, never a parameter or a header
 * the client sends), age ratings need a known age, signed media is served only under a valid, unexpired signature
 * for exactly the episode it was issued for, and waiting checks are capped per viewer.
 *
 * <p>The gateway's local geo table (deploy/gateway/viewer-country.geo) places loopback source addresses: 127.0.0.2 is
 * in Germany, 127.0.0.3 in Brazil, 127.0.0.5 in Japan, 127.0.0.1 nowhere (the default region, US). Seed catalog: {@code segunda-chance}
 * is licensed in BR, PT and US only; {@code moonlit-alpha} is rated 16+ with episodes 1-5 free;
 * {@code midnight-contract} plays everywhere with episodes 1-3 free. Prints {@code negative cases tried: N}.
 */
class ViewerEdgeIT {
    private static final String PROBLEMS = "https://microdrama.example/problems/";
    private static final String GERMANY = "127.0.0.2";
    private static final String BRAZIL = "127.0.0.3";
    private static final String JAPAN = "127.0.0.5";
    private static final String BR_ONLY_SERIES = "segunda-chance";
    private static final String SIXTEEN_PLUS = "moonlit-alpha";
    private static final String FLAGSHIP = "midnight-contract";
    private static final AtomicInteger TRIED = new AtomicInteger();

    @AfterAll
    static void count() {
        System.out.println("negative cases tried: " + TRIED.get());
    }

    /** A request to the gateway whose connection comes from {@code sourceAddress} (a loopback address). */
    private static RequestSpecification from(String sourceAddress) {
        InetAddress local;
        try {
            local = InetAddress.getByName(sourceAddress);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        // Apache HttpClient 4 (under RestAssured) binds the client socket to this address: ConnRoutePNames.LOCAL_ADDRESS
        return given().baseUri(Platform.gatewayUrl()).config(RestAssuredConfig.config().httpClient(
                HttpClientConfig.httpClientConfig().setParam("http.route.local-address", local)));
    }

    private static RequestSpecification from(String sourceAddress, String token) {
        return from(sourceAddress).auth().oauth2(token);
    }

    private static void refused(Response reply, int status, String slug) {
        TRIED.incrementAndGet();
        assertEquals(status, reply.statusCode(), reply.asString());
        assertTrue(reply.contentType().startsWith("application/problem+json"), reply.contentType());
        assertEquals(PROBLEMS + slug, reply.jsonPath().getString("type"), reply.asString());
    }

    private static String ep(String series, int number) {
        return String.format("%s-ep-%02d", series, number);
    }

    // ---------------------------------------------------------------------------------------------------- region

    @Test
    void aViewerLocatedInGermanyCannotLiftTheBlockWithAParameterOrAHeader() {
        String noRegionClaim = KeycloakUsers.newViewerToken("edge-de", Map.of("birthdate", "1990-01-01"));

        refused(from(GERMANY, noRegionClaim).post("/api/catalog/episodes/" + ep(BR_ONLY_SERIES, 1) + "/playback"),
                451, "not-available-in-region");
        refused(from(GERMANY, noRegionClaim).queryParam("region", "US")
                .post("/api/catalog/episodes/" + ep(BR_ONLY_SERIES, 1) + "/playback"), 451, "not-available-in-region");
        refused(from(GERMANY, noRegionClaim).header("X-Viewer-Country", "BR")
                .post("/api/catalog/episodes/" + ep(BR_ONLY_SERIES, 1) + "/playback"), 451, "not-available-in-region");
        refused(from(GERMANY, noRegionClaim).queryParam("region", "US").get("/api/catalog/series/" + BR_ONLY_SERIES),
                451, "not-available-in-region");
        refused(from(GERMANY).queryParam("region", "BR").get("/api/catalog/series/" + BR_ONLY_SERIES),
                451, "not-available-in-region");

        List<String> browsed = from(GERMANY, noRegionClaim).queryParam("region", "US").queryParam("size", 100)
                .get("/api/catalog/series").then().statusCode(200).extract().jsonPath().getList("items.id");
        TRIED.incrementAndGet();
        assertTrue(browsed.contains(FLAGSHIP), browsed.toString());
        assertFalse(browsed.contains(BR_ONLY_SERIES), "browse follows the located country, not ?region: " + browsed);
    }

    @Test
    void theSameViewerPlaysWhereTheSeriesIsLicensedAndTheTokenClaimComesFirst() {
        String noRegionClaim = KeycloakUsers.newViewerToken("edge-br", Map.of("birthdate", "1990-01-01"));
        from(BRAZIL, noRegionClaim).post("/api/catalog/episodes/" + ep(BR_ONLY_SERIES, 1) + "/playback")
                .then().statusCode(200);
        from(BRAZIL).get("/api/catalog/series/" + BR_ONLY_SERIES).then().statusCode(200);
        // 127.0.0.1 is in no country of the table: the default region (US), where the series is licensed too
        from("127.0.0.1", noRegionClaim).post("/api/catalog/episodes/" + ep(BR_ONLY_SERIES, 1) + "/playback")
                .then().statusCode(200);

        // a region claim in the token outranks the located country, both ways
        String claimsUs = KeycloakUsers.newViewerToken("edge-claim-us", 30, "US");
        from(GERMANY, claimsUs).post("/api/catalog/episodes/" + ep(BR_ONLY_SERIES, 1) + "/playback")
                .then().statusCode(200);
        String claimsDe = KeycloakUsers.newViewerToken("edge-claim-de", 30, "DE");
        refused(from(BRAZIL, claimsDe).post("/api/catalog/episodes/" + ep(BR_ONLY_SERIES, 1) + "/playback"),
                451, "not-available-in-region");
    }

    @Test
    void payingIsRefusedWhereWatchingIsRefusedAndNothingIsCharged() {
        String noRegionClaim = KeycloakUsers.newViewerToken("edge-de-pay", Map.of("birthdate", "1990-01-01"));
        // located in Germany, the viewer is offered and sold the EUR pack
        StripeCheckout.buyPack(() -> from(GERMANY, noRegionClaim).contentType("application/json"), "coins-500-eur");
        long before = balance(GERMANY, noRegionClaim);
        refused(post(GERMANY, noRegionClaim, "/api/payments/episode-unlocks", Map.of("episodeId", ep(BR_ONLY_SERIES, 4))),
                451, "not-available-in-region");
        refused(post(GERMANY, noRegionClaim, "/api/payments/series-unlocks", Map.of("seriesId", BR_ONLY_SERIES)),
                451, "not-available-in-region");
        // the US pack is another market's for this viewer, whatever the client says
        refused(post(GERMANY, noRegionClaim, "/api/payments/pack-purchases", Map.of("packId", "coins-500")),
                422, "pack-not-available-in-region");
        assertEquals(before, balance(GERMANY, noRegionClaim), "nothing charged");
    }

    private static Response post(String source, String token, String path, Map<String, ?> body) {
        return from(source, token).contentType("application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                .body(body).post(path);
    }

    private static long balance(String source, String token) {
        return from(source, token).get("/api/payments/wallet").then().statusCode(200).extract().jsonPath().getLong("balance");
    }

    @Test
    void aRegionPromoOpensEpisodesForViewersTheGatewayLocatedThere() {
        String noRegionClaim = KeycloakUsers.newViewerToken("edge-jp", Map.of("birthdate", "1990-01-01"));
        String paid = "/api/catalog/episodes/" + ep(FLAGSHIP, 9) + "/playback";
        refused(from(JAPAN, noRegionClaim).post(paid), 402, "episode-locked");

        String admin = KeycloakTokens.userToken("admin", "admin");
        String promoId = Viewer.asUser(admin).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("seriesId", FLAGSHIP, "regions", List.of("JP"),
                        "validUntil", Instant.now().plusSeconds(600).toString(), "reason", "e2e located-region promo"))
                .post("/api/entitlements/admin/promos").then().statusCode(201).extract().jsonPath().getString("id");
        try {
            // catalog, entitlement and payment all see the located region (no claim in the token)
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    from(JAPAN, noRegionClaim).post(paid).then().statusCode(200));
            refused(from("127.0.0.1", noRegionClaim).post(paid), 402, "episode-locked");
            assertEquals("promo", from(JAPAN, noRegionClaim).queryParam("episodeId", ep(FLAGSHIP, 9))
                    .get("/api/entitlements/check").then().statusCode(200).extract().jsonPath().getString("reason"));
            StripeCheckout.buyPack(() -> from(JAPAN, noRegionClaim).contentType("application/json"), "coins-500");
            long before = balance(JAPAN, noRegionClaim);
            refused(post(JAPAN, noRegionClaim, "/api/payments/episode-unlocks", Map.of("episodeId", ep(FLAGSHIP, 9))),
                    409, "already-entitled");
            assertEquals(before, balance(JAPAN, noRegionClaim));
        } finally {
            Viewer.asUser(admin).queryParam("reason", "e2e done").delete("/api/entitlements/admin/promos/" + promoId)
                    .then().statusCode(204);
        }
    }

    // ------------------------------------------------------------------------------------------------------- age

    @Test
    void aSixteenPlusEpisodeNeedsAKnownAgeOfSixteen() {
        String unknownAge = KeycloakUsers.newViewerToken("edge-noage", Map.of("region", "US"));
        String twelve = KeycloakUsers.newViewerToken("edge-twelve", 12, "US");
        String adult = KeycloakUsers.newViewerToken("edge-adult", 30, "US");
        String freeEpisode = "/api/catalog/episodes/" + ep(SIXTEEN_PLUS, 1) + "/playback";

        refused(from("127.0.0.1", unknownAge).post(freeEpisode), 403, "age-verification-required");
        refused(from("127.0.0.1").post(freeEpisode), 403, "age-verification-required");
        refused(from("127.0.0.1", twelve).post(freeEpisode), 403, "age-restricted");
        refused(from("127.0.0.1", twelve).get("/api/catalog/series/" + SIXTEEN_PLUS), 403, "age-restricted");
        from("127.0.0.1", adult).post(freeEpisode).then().statusCode(200);
    }

    // ------------------------------------------------------------------------------------------------ media edge

    private static String playbackUrl(String token, String episodeId) {
        String url = from("127.0.0.1", token).post("/api/catalog/episodes/" + episodeId + "/playback")
                .then().statusCode(200).extract().jsonPath().getString("playbackUrl");
        assertNotNull(url);
        assertTrue(url.startsWith(Platform.gatewayUrl() + "/media/"), url);
        return url;
    }

    /** /media/{user}/{exp}/{sig}/{assetPrefix}/index.m3u8 */
    private static final Pattern SIGNED = Pattern.compile("(.*/media/)([^/]+)/(\\d+)/([^/]+)/([^/]+)/index\\.m3u8");

    private static Response media(String url) {
        return given().get(url);
    }

    @Test
    void theMediaEdgeServesASignedPlaylistAndItsSegmentsAndNothingElse() throws Exception {
        String adult = KeycloakUsers.newViewerToken("edge-media", 30, "US");
        String ep1 = playbackUrl(adult, ep(FLAGSHIP, 1));
        String ep2 = playbackUrl(adult, ep(FLAGSHIP, 2));

        Response playlist = media(ep1);
        assertEquals(200, playlist.statusCode(), playlist.asString());
        assertTrue(playlist.asString().startsWith("#EXTM3U"), playlist.asString());
        String segment = playlist.asString().lines().filter(l -> l.endsWith(".ts")).findFirst().orElseThrow();
        String segmentUrl = ep1.substring(0, ep1.lastIndexOf('/') + 1) + segment;
        Response bytes = media(segmentUrl);
        assertEquals(200, bytes.statusCode());
        byte[] ts = bytes.asByteArray();
        assertTrue(ts.length >= 188 && ts[0] == 0x47, "an MPEG-TS segment (sync byte 0x47)");

        Matcher one = SIGNED.matcher(ep1);
        Matcher two = SIGNED.matcher(ep2);
        assertTrue(one.matches() && two.matches(), ep1 + " " + ep2);
        String base = one.group(1);
        String user = one.group(2);
        long exp = Long.parseLong(one.group(3));
        String sig = one.group(4);
        String prefix = one.group(5);
        assertFalse(prefix.equals(two.group(5)), "each episode has its own asset folder");

        List<String> forged = new ArrayList<>();
        // ep1's signature on ep2's folder: the signature covers the asset prefix
        forged.add(base + user + "/" + exp + "/" + sig + "/" + two.group(5) + "/index.m3u8");
        // a later expiry, a different user, a signature with one character changed
        forged.add(base + user + "/" + (exp + 3600) + "/" + sig + "/" + prefix + "/index.m3u8");
        forged.add(base + "someone-else/" + exp + "/" + sig + "/" + prefix + "/index.m3u8");
        char last = sig.charAt(sig.length() - 1);
        forged.add(base + user + "/" + exp + "/" + sig.substring(0, sig.length() - 1) + (last == 'A' ? 'B' : 'A')
                + "/" + prefix + "/" + segment);
        // no token at all, and the folder as a bare path
        forged.add(base + prefix + "/index.m3u8");
        forged.add(base + prefix + "/" + segment);
        // a correctly signed URL whose expiry has passed (signed here with the local playback key)
        long past = Instant.now().getEpochSecond() - 60;
        forged.add(base + user + "/" + past + "/" + sign(prefix + "|" + user + "|" + past) + "/" + prefix + "/index.m3u8");
        // dot segments out of the folder
        forged.add(base + user + "/" + exp + "/" + sig + "/" + prefix + "/../" + two.group(5) + "/index.m3u8");

        for (String url : forged) {
            Response reply = media(url);
            TRIED.incrementAndGet();
            assertTrue(reply.statusCode() == 403 || reply.statusCode() == 404 && url.contains("/../"),
                    url + " -> " + reply.statusCode() + " " + reply.asString());
            assertFalse(reply.asString().startsWith("#EXTM3U"), url);
        }
        // the control: the same construction with the current expiry verifies, so the expired case failed on time
        String fresh = base + user + "/" + exp + "/" + sign(prefix + "|" + user + "|" + exp) + "/" + prefix + "/index.m3u8";
        assertEquals(ep1, fresh, "the test signs as catalog-service does");
    }

    private static String sign(String message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(LocalSecrets.get("PLAYBACK_SIGNING_KEY").getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    }

    // ----------------------------------------------------------------------------------------------- bounded waits

    @Test
    void waitingChecksBeyondThePerViewerCapAnswer429WithRetryAfter() {
        String token = KeycloakUsers.newViewerToken("edge-waits", 30, "US");
        String locked = ep(FLAGSHIP, 9);
        // more concurrent waiting checks than the per-user cap (4) of a locked episode: the surplus is refused at once
        List<CompletableFuture<Response>> waits = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            waits.add(CompletableFuture.supplyAsync(() -> Viewer.asUser(token).queryParam("episodeId", locked)
                    .queryParam("waitMs", 4000).get("/api/entitlements/check")));
        }
        List<Response> replies = waits.stream().map(CompletableFuture::join).toList();
        List<Response> refusedOnes = replies.stream().filter(r -> r.statusCode() == 429).toList();
        TRIED.addAndGet(replies.size());
        assertFalse(refusedOnes.isEmpty(), "some of 6 concurrent waits were refused");
        for (Response reply : refusedOnes) {
            refused(reply, 429, "too-many-waits");
            assertNotNull(reply.header("Retry-After"));
        }
        for (Response reply : replies) {
            if (reply.statusCode() != 429) {
                assertEquals(200, reply.statusCode(), reply.asString());
                assertFalse(reply.jsonPath().getBoolean("allowed"));
            }
        }
    }
}
