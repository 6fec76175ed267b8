package com.microdrama.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.microdrama.testsupport.KeycloakTokens;
import com.microdrama.testsupport.KeycloakUsers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Sets the scene through the real public and admin APIs: a 100-episode series, viewers with coins bought through
 * Stripe, unlocks.
 */
final class Shop {

    record User(String token, String id) {
    }

    static final int FREE_EPISODES = 5;
    static final int PRICE = 10;

    final String catalog = Fleet.url(Fleet.CATALOG_PORT);
    final String payment = Fleet.url(Fleet.PAYMENT_PORT);
    final String entitlement = Fleet.url(Fleet.ENTITLEMENT_PORT);
    final String seriesId;
    final List<String> episodes = new ArrayList<>();

    Shop(String seriesId) {
        this.seriesId = seriesId;
    }

    static String adminToken() {
        return KeycloakTokens.userToken("admin", "admin");
    }

    /** {@code episodeCount} episodes, 1-5 free, the rest at 10 coins; published. */
    void createSeries(int episodeCount) throws Exception {
        String admin = adminToken();
        Api.expect(Api.post(catalog + "/api/catalog/admin/series", admin, Map.of(
                "id", seriesId, "originalLanguage", "en", "title", "Bench " + seriesId, "synopsis", "Benchmark series",
                "genres", List.of("drama"), "ageRating", "all", "regions", List.of(),
                "freeEpisodes", FREE_EPISODES, "episodePriceCoins", PRICE, "bundlePriceCoins", 500)), 201, "create series");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        List<java.util.concurrent.Future<String>> ids = new ArrayList<>();
        for (int n = 1; n <= episodeCount; n++) {
            int number = n;
            ids.add(pool.submit(() -> createEpisode(admin, number)));
        }
        for (java.util.concurrent.Future<String> id : ids) {
            episodes.add(id.get());
        }
        pool.shutdown();
        Api.expect(Api.post(catalog + "/api/catalog/admin/series/" + seriesId + "/publish", admin, null), 200, "publish");
    }

    private String createEpisode(String admin, int n) {
        {
            JsonNode ep = Api.expect(Api.post(catalog + "/api/catalog/admin/series/" + seriesId + "/episodes", admin, Map.of(
                    "number", n, "durationSeconds", 90, "videoAsset", "bench/" + seriesId + "/" + n + ".mp4",
                    "title", "Episode " + n)), 201, "create episode " + n).json();
            String id = ep.path("id").asText("%s-ep-%02d".formatted(seriesId, n));
            // episodes start unpublished, like their series
            Api.expect(Api.post(catalog + "/api/catalog/admin/episodes/" + id + "/publish", admin, null), 200, "publish " + id);
            return id;
        }
    }

    /** Hides the run's series from browse again (the bench writes into the dev catalog). */
    void unpublishQuietly() {
        try {
            Api.post(catalog + "/api/catalog/admin/series/" + seriesId + "/unpublish", adminToken(), null);
        } catch (RuntimeException e) {
            System.err.println("WARN: could not unpublish " + seriesId + ": " + e);
        }
    }

    List<String> paidEpisodes() {
        return episodes.subList(FREE_EPISODES, episodes.size());
    }

    /** A fresh Keycloak viewer who bought the pack through Stripe ({@link #buyPack}). */
    User newUser(String prefix, String packId) {
        String token = KeycloakUsers.newViewerToken(prefix);
        User u = new User(token, KeycloakTokens.subject(token));
        if (packId != null) {
            buyPack(u, packId);
        }
        return u;
    }

    /** A pack purchase waiting for its payment: our purchase id, its PaymentIntent and the coins it credits. */
    record Checkout(String purchaseId, String paymentIntent, long coins, String amount, String currency) {
    }

    /**
     * Buys a pack as the app does with Stripe: the purchase (PENDING, with the PaymentIntent's client secret), the
     * intent confirmed at Stripe with a test card, then the coins awaited in the wallet, which payment-service credits
     * on Stripe's payment_intent.succeeded.
     */
    void buyPack(User u, String packId) {
        long before = balance(u);
        Checkout c = startCheckout(u, packId);
        StripeEmulator.confirm(c.paymentIntent());
        awaitBalance(u, before + c.coins(), 30_000, 5_000_000);
    }

    /** The purchase only: 201 PENDING with the client secret the app would confirm with. */
    Checkout startCheckout(User u, String packId) {
        JsonNode p = Api.expect(Api.post(payment + "/api/payments/pack-purchases", u.token(), Map.of("packId", packId)),
                201, "buy " + packId).json();
        if (!"PENDING".equals(p.path("status").asText()) || !p.path("clientSecret").isTextual()) {
            throw new IllegalStateException("a Stripe purchase starts PENDING with a client secret: " + p);
        }
        return new Checkout(p.path("purchaseId").asText(), StripeEmulator.paymentIntentOf(p.path("clientSecret").asText()),
                p.path("coins").asLong() + p.path("bonusCoins").asLong(), p.path("price").path("amount").asText(),
                p.path("price").path("currency").asText());
    }

    long balance(User u) {
        return Api.expect(Api.getOnThisThread(payment + "/api/payments/wallet", u.token()), 200, "wallet").json()
                .path("balance").asLong();
    }

    /** Polls the wallet (every {@code pollNanos}) until its balance reaches {@code atLeast}. */
    void awaitBalance(User u, long atLeast, long timeoutMs, long pollNanos) {
        long deadline = System.currentTimeMillis() + timeoutMs;
        long balance;
        while ((balance = balance(u)) < atLeast) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("wallet of " + u.id() + " at " + balance + ", not " + atLeast
                        + " within " + timeoutMs + " ms of the payment (Stripe webhook not applied?)");
            }
            LockSupport.parkNanos(pollNanos);
        }
    }

    Api.Resp unlock(User u, String episodeId) {
        return Api.post(payment + "/api/payments/episode-unlocks", u.token(), Map.of("episodeId", episodeId));
    }

    /**
     * Unlocks, retrying what a fresh fleet answers before its paths are warm: 404 while payment-service has not yet
     * read the new episodes from catalog-events, 503 while its first series checks outlast their timeout against a
     * cold entitlement-service (or its circuit breaker is still open from those). Returns the refusals by answer.
     */
    Map<String, Integer> unlockUntilAccepted(User u, String episodeId, long timeoutMs) throws InterruptedException {
        Map<String, Integer> refused = new java.util.TreeMap<>();
        long deadline = System.currentTimeMillis() + timeoutMs;
        boolean known = false;
        while (true) {
            Api.Resp r = unlock(u, episodeId);
            if ((r.status() != 404 && r.status() != 503) || System.currentTimeMillis() > deadline) {
                Api.expect(r, 201, "unlock " + episodeId + " (after " + refused + ")");
                return refused;
            }
            if (r.status() != 404 && !known) {
                // the episode is known now: the wait for catalog-events (a rebalance of the consumer group it shares
                // with other copies can take a minute) must not eat the time the series checks need to warm up
                known = true;
                deadline = Math.max(deadline, System.currentTimeMillis() + 30_000);
            }
            refused.merge(r.status() + " " + r.problem(), 1, Integer::sum);
            Thread.sleep(200);
        }
    }

    /**
     * Every path the measurements use, on each service, before anything is timed: a service's first calls run
     * interpreted and open its pools and clients, and a cold start once failed the smoke run (payment-service's first
     * series check to a fresh entitlement-service outlasted its 800 ms timeout: 503 entitlements-unavailable). The
     * viewer unlocks {@code owned} and {@code rounds} further paid episodes (never the last one, which the GET loads
     * need locked); each round also checks, plays, loads the series page and reads the wallet. Returns what the
     * warm-up absorbed.
     */
    Map<String, Object> warmUp(User viewer, String owned, int rounds) throws InterruptedException {
        long t0 = System.nanoTime();
        Map<String, Integer> refused = new java.util.TreeMap<>(unlockUntilAccepted(viewer, owned, 180_000));
        awaitAllowed(viewer, owned, 30_000);
        for (int i = 0; i < rounds; i++) {
            allowed(viewer, owned, 0);
            Api.expect(Api.get(catalog + "/api/catalog/me", viewer.token()), 200, "GET /api/catalog/me");
            Api.expect(Api.post(catalog + "/api/catalog/episodes/" + owned + "/playback", viewer.token(), null), 200, "playback");
            Api.expect(Api.get(catalog + "/api/catalog/series/" + seriesId, viewer.token()), 200, "series page");
            balance(viewer);
            unlockUntilAccepted(viewer, paidEpisodes().get(1 + i), 30_000).forEach((k, v) -> refused.merge(k, v, Integer::sum));
        }
        Map<String, Object> w = new java.util.LinkedHashMap<>();
        w.put("rounds", rounds);
        w.put("refused", refused);
        w.put("ms", (System.nanoTime() - t0) / 1_000_000);
        Run.log("warm-up: %d rounds over the three services in %d ms; answers retried: %s", rounds, w.get("ms"), refused);
        return w;
    }

    /** One check; {@code waitMs > 0} asks entitlement-service to hold it until allowed or that long. */
    boolean allowed(User u, String episodeId, int waitMs) {
        String url = entitlement + "/api/entitlements/check?episodeId=" + episodeId + (waitMs > 0 ? "&waitMs=" + waitMs : "");
        Api.Resp r = Api.getOnThisThread(url, u.token());
        return r.status() == 200 && r.json().path("allowed").asBoolean();
    }

    void awaitAllowed(User u, String episodeId, long timeoutMs) throws InterruptedException {
        awaitAllowed(u, episodeId, timeoutMs, 0, 50_000_000, new Stats());
    }

    /**
     * Checks until allowed: each check waits up to {@code waitMs} for the grant (0: answers at once, and the next
     * check follows after {@code pollIntervalNanos}); each check's latency goes to checks.
     */
    void awaitAllowed(User u, String episodeId, long timeoutMs, int waitMs, long pollIntervalNanos, Stats checks)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!timedCheck(u, episodeId, waitMs, checks)) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("episode " + episodeId + " not allowed within " + timeoutMs + " ms");
            }
            if (waitMs == 0) {
                LockSupport.parkNanos(pollIntervalNanos);
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    private boolean timedCheck(User u, String episodeId, int waitMs, Stats checks) {
        long t0 = System.nanoTime();
        boolean allowed = allowed(u, episodeId, waitMs);
        checks.add(System.nanoTime() - t0);
        return allowed;
    }
}
