package com.microdrama.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.microdrama.testsupport.KeycloakTokens;
import com.microdrama.testsupport.KeycloakUsers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/** Sets the scene through the real public and admin APIs: a 100-episode series, viewers with coins, unlocks. */
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

    /** 100 episodes, 1-5 free, the rest at 10 coins; published. */
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

    /** A fresh Keycloak viewer who bought the pack (the sandbox provider confirms at once). */
    User newUser(String prefix, String packId) {
        String token = KeycloakUsers.newViewerToken(prefix);
        User u = new User(token, KeycloakTokens.subject(token));
        if (packId != null) {
            buyPack(u, packId);
        }
        return u;
    }

    void buyPack(User u, String packId) {
        JsonNode p = Api.expect(Api.post(payment + "/api/payments/pack-purchases", u.token(), Map.of("packId", packId)),
                201, "buy " + packId).json();
        if (!"COMPLETED".equals(p.path("status").asText())) {
            throw new IllegalStateException("pack purchase not completed: " + p);
        }
    }

    Api.Resp unlock(User u, String episodeId) {
        return Api.post(payment + "/api/payments/episode-unlocks", u.token(), Map.of("episodeId", episodeId));
    }

    /** payment-service learns new episodes from catalog-events: retry while it still answers 404. */
    Api.Resp unlockWhenKnown(User u, String episodeId) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            Api.Resp r = unlock(u, episodeId);
            if (r.status() != 404 || System.currentTimeMillis() > deadline) {
                return Api.expect(r, 201, "unlock " + episodeId);
            }
            Thread.sleep(200);
        }
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
