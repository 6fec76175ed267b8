package com.microdrama.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The soak's viewers and their mixed traffic, and the harness's own ledger of everything the services acknowledged
 * (a 2xx): pack purchases (the purchase created and its PaymentIntent confirmed at Stripe), unlocks, VIP subscriptions
 * (created and their first invoice paid at Stripe) and refunds. A client whose request failed with a connection error
 * or a 5xx retries it with the same Idempotency-Key, as the app does, so an acknowledgement after a retry is still
 * one business fact.
 */
final class SoakTraffic {

    /**
     * What viewers do, by weight (per 1,000 actions). Reading dominates as in the apps: browsing, series pages and
     * playback are ~87 % (a viewer watches several episodes per purchase decision); unlocks are the common paid
     * action; coin packs are bought when a wallet runs low (one 100-coin pack pays ten unlocks, so here each unlock
     * without coins turns into a purchase); a few webhook deliveries are Stripe's duplicates of payments already
     * made; VIP subscriptions and refunds are rare.
     */
    enum Kind {
        BROWSE(200), SERIES_PAGE(250), PLAYBACK(420), UNLOCK(90), PACK_PURCHASE(10), WEBHOOK(20), VIP(4), REFUND(6);

        final int weight;

        Kind(int weight) {
            this.weight = weight;
        }

        String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static final String PACK = "coins-100";
    static final String PLAN = "vip-monthly";

    /** A purchase the service acknowledged and Stripe confirmed. */
    record Purchase(String userId, Shop.Checkout checkout) {
    }

    /** An unlock the service acknowledged; {@code refunded} once an admin refund of it was acknowledged. */
    static final class Unlock {
        final String userId;
        final String unlockId;
        final String episodeId;
        volatile boolean refunded;

        Unlock(String userId, String unlockId, String episodeId) {
            this.userId = userId;
            this.unlockId = unlockId;
            this.episodeId = episodeId;
        }
    }

    record Subscription(String userId, String subscriptionId) {
    }

    /** One answer with a 5xx or no answer at all (connection refused/reset, timeout). */
    record Failure(Kind kind, int status, String problem, long startMs, long endMs, String body) {
    }

    static final class Viewer {
        final Shop.User user;
        final ReentrantLock lock = new ReentrantLock();
        long spendable;
        int nextEpisode;
        final List<String> owned = new ArrayList<>();
        final List<Purchase> purchases = new ArrayList<>();
        final List<Unlock> unlocks = new ArrayList<>();
        boolean vip;

        Viewer(Shop.User user) {
            this.user = user;
        }
    }

    private final Shop shop;
    private final String webhookSecret;
    private final String runId;
    private final long t0Nanos;
    final List<Viewer> viewers;
    final List<Purchase> purchases = Collections.synchronizedList(new ArrayList<>());
    final List<Unlock> unlocks = Collections.synchronizedList(new ArrayList<>());
    final List<Subscription> subscriptions = Collections.synchronizedList(new ArrayList<>());
    final List<Failure> failures = Collections.synchronizedList(new ArrayList<>());
    /** Per kind: answers by status class (2xx, 4xx, 5xx, none). */
    final Map<String, Map<String, AtomicLong>> answers = new ConcurrentHashMap<>();
    final AtomicLong requests = new AtomicLong();
    final AtomicLong refundsAcknowledged = new AtomicLong();
    private volatile String adminToken;
    private volatile long adminTokenAt;

    SoakTraffic(Shop shop, List<Shop.User> users, String webhookSecret, String runId, long t0Nanos) {
        this.shop = shop;
        this.webhookSecret = webhookSecret;
        this.runId = runId.replaceAll("[^a-z0-9]", "");
        this.t0Nanos = t0Nanos;
        this.viewers = users.stream().map(Viewer::new).toList();
        this.adminToken = Shop.adminToken();
        this.adminTokenAt = System.nanoTime();
    }

    /** {@code users} fresh Keycloak viewers, made a few at a time (each is an admin call and a sign-in). */
    static List<Shop.User> makeViewers(Shop shop, int users) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Shop.User>> fs = new ArrayList<>();
            for (int i = 0; i < users; i++) {
                fs.add(pool.submit(() -> shop.newUser("soak", null)));
            }
            List<Shop.User> out = new ArrayList<>();
            for (Future<Shop.User> f : fs) {
                out.add(f.get(5, TimeUnit.MINUTES));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    long nowMs() {
        return (System.nanoTime() - t0Nanos) / 1_000_000;
    }

    /** {@code workers} clients until {@code untilMs} (offset from the soak's start), each pausing {@code thinkMs}. */
    void run(int workers, long untilMs, int thinkMs, long seed) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                Random random = new Random(seed * 31 + w);
                fs.add(pool.submit(() -> {
                    while (nowMs() < untilMs) {
                        Viewer v = viewers.get(random.nextInt(viewers.size()));
                        if (!v.lock.tryLock()) {
                            continue;
                        }
                        try {
                            act(v, pick(random), random);
                        } catch (RuntimeException e) {
                            // a harness-side surprise (e.g. an answer that is not JSON): counted, the client goes on
                            failures.add(new Failure(Kind.BROWSE, -1, e.getClass().getSimpleName(), nowMs(), nowMs(),
                                    String.valueOf(e.getMessage())));
                        } finally {
                            v.lock.unlock();
                        }
                        Thread.sleep(thinkMs);
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Kind pick(Random random) {
        int total = 0;
        for (Kind k : Kind.values()) {
            total += k.weight;
        }
        int r = random.nextInt(total);
        for (Kind k : Kind.values()) {
            if ((r -= k.weight) < 0) {
                return k;
            }
        }
        return Kind.BROWSE;
    }

    private void act(Viewer v, Kind kind, Random random) throws InterruptedException {
        List<String> paid = shop.paidEpisodes();
        switch (kind) {
            case BROWSE -> call(kind, () -> Api.get(shop.catalog + "/api/catalog/series?page=0", v.user.token()));
            case SERIES_PAGE -> call(kind, () -> Api.get(shop.catalog + "/api/catalog/series/" + shop.seriesId, v.user.token()));
            case PLAYBACK -> {
                // mostly what the viewer owns, else a free episode
                String ep = !v.owned.isEmpty() && random.nextInt(4) > 0 ? v.owned.get(random.nextInt(v.owned.size()))
                        : shop.episodes.get(random.nextInt(Shop.FREE_EPISODES));
                call(kind, () -> Api.post(shop.catalog + "/api/catalog/episodes/" + ep + "/playback", v.user.token(), null));
            }
            case UNLOCK, PACK_PURCHASE -> {
                if (kind == Kind.PACK_PURCHASE || v.spendable < Shop.PRICE) {
                    buyPack(v);
                } else if (v.nextEpisode < paid.size()) {
                    String ep = paid.get(v.nextEpisode++);
                    Api.Resp r = callIdempotent(Kind.UNLOCK, key -> Api.post(shop.payment + "/api/payments/episode-unlocks",
                            v.user.token(), Map.of("episodeId", ep), key));
                    if (r.status() == 201) {
                        Unlock u = new Unlock(v.user.id(), r.json().path("unlockId").asText(), ep);
                        v.unlocks.add(u);
                        unlocks.add(u);
                        v.owned.add(ep);
                        v.spendable -= Shop.PRICE;
                    } else if (r.status() == 402) {
                        // the coins of the last purchase are not credited yet (Stripe's webhook is on its way)
                        v.spendable = 0;
                    }
                }
            }
            case WEBHOOK -> {
                if (!v.purchases.isEmpty()) {
                    Purchase p = v.purchases.get(random.nextInt(v.purchases.size()));
                    call(kind, () -> deliver(p));
                }
            }
            case VIP -> {
                if (!v.vip) {
                    subscribe(v);
                }
            }
            case REFUND -> {
                List<Unlock> active = v.unlocks.stream().filter(u -> !u.refunded).toList();
                if (!active.isEmpty()) {
                    Unlock u = active.get(random.nextInt(active.size()));
                    Api.Resp r = callIdempotent(kind, key -> Api.post(shop.payment + "/api/payments/admin/refunds", admin(),
                            Map.of("unlockId", u.unlockId, "reason", "soak: viewer asked for a refund"), key));
                    if (r.status() / 100 == 2) {
                        u.refunded = true;
                        refundsAcknowledged.incrementAndGet();
                        v.owned.remove(u.episodeId);
                        v.spendable += Shop.PRICE;
                    }
                }
            }
        }
    }

    /** The purchase (201 PENDING with the PaymentIntent), then the intent confirmed at Stripe with a paying card. */
    private void buyPack(Viewer v) throws InterruptedException {
        Api.Resp r = callIdempotent(Kind.PACK_PURCHASE, key -> Api.post(shop.payment + "/api/payments/pack-purchases",
                v.user.token(), Map.of("packId", PACK), key));
        if (r.status() != 201) {
            return;
        }
        JsonNode p = r.json();
        Shop.Checkout c = new Shop.Checkout(p.path("purchaseId").asText(),
                StripeEmulator.paymentIntentOf(p.path("clientSecret").asText()),
                p.path("coins").asLong() + p.path("bonusCoins").asLong(), p.path("price").path("amount").asText(),
                p.path("price").path("currency").asText());
        StripeEmulator.confirm(c.paymentIntent());
        Purchase purchase = new Purchase(v.user.id(), c);
        v.purchases.add(purchase);
        purchases.add(purchase);
        v.spendable += c.coins();
    }

    /** A VIP subscription as the app takes one: INCOMPLETE with the first invoice's secret, paid at Stripe. */
    private void subscribe(Viewer v) throws InterruptedException {
        Api.Resp r = callIdempotent(Kind.VIP, key -> Api.post(shop.payment + "/api/payments/subscriptions", v.user.token(),
                Map.of("planId", PLAN), key));
        if (r.status() != 201) {
            return;
        }
        JsonNode s = r.json();
        if (s.path("clientSecret").isTextual()) {
            StripeEmulator.confirm(StripeEmulator.paymentIntentOf(s.path("clientSecret").asText()));
        }
        v.vip = true;
        subscriptions.add(new Subscription(v.user.id(), s.path("subscriptionId").asText()));
    }

    /**
     * The payment's payment_intent.succeeded as Stripe shapes and signs it, with one event id per purchase: the first
     * delivery completes the purchase if Stripe's own event has not yet, every later one is a duplicate.
     */
    Api.Resp deliver(Purchase p) {
        String payload = StripeBench.event("evt_soak" + runId + p.checkout().purchaseId().replace("-", ""),
                new Shop.User(null, p.userId()), p.checkout());
        return Api.postSigned(shop.payment + "/api/payments/webhooks/stripe", payload,
                StripeEmulator.signature(webhookSecret, Instant.now().getEpochSecond(), payload));
    }

    private String admin() {
        // the admin's token outlives a 10-minute run only barely (15 min): a new one every 5 minutes, the old one
        // kept while Keycloak is down
        if (System.nanoTime() - adminTokenAt > TimeUnit.MINUTES.toNanos(5)) {
            try {
                adminToken = Shop.adminToken();
                adminTokenAt = System.nanoTime();
            } catch (RuntimeException e) {
                // Keycloak is being restarted: the current token is still valid
            }
        }
        return adminToken;
    }

    private interface Request {
        Api.Resp send();
    }

    private interface KeyedRequest {
        Api.Resp send(String idempotencyKey);
    }

    private Api.Resp call(Kind kind, Request request) {
        long s = nowMs();
        Api.Resp r = request.send();
        record(kind, r, s);
        return r;
    }

    /** Up to 4 attempts with one Idempotency-Key while the answer is a connection error or a 5xx. */
    private Api.Resp callIdempotent(Kind kind, KeyedRequest request) throws InterruptedException {
        String key = UUID.randomUUID().toString();
        Api.Resp r = null;
        for (int attempt = 0; attempt < 4; attempt++) {
            if (attempt > 0) {
                Thread.sleep(1_000L * attempt);
            }
            long s = nowMs();
            r = request.send(key);
            record(kind, r, s);
            if (r.status() != 0 && r.status() < 500) {
                break;
            }
        }
        return r;
    }

    private void record(Kind kind, Api.Resp r, long startMs) {
        requests.incrementAndGet();
        String cls = r.status() == 0 ? "none" : r.status() / 100 + "xx";
        answers.computeIfAbsent(kind.key(), k -> new ConcurrentHashMap<>()).computeIfAbsent(cls, k -> new AtomicLong())
                .incrementAndGet();
        if (r.status() == 0 || r.status() >= 500) {
            String body = r.body() == null ? "" : r.body();
            failures.add(new Failure(kind, r.status(), r.problem(), startMs, nowMs(),
                    body.substring(0, Math.min(300, body.length()))));
        }
    }

    /** Counts per kind and status class, for the result file. */
    Map<String, Object> counts() {
        Map<String, Object> m = new TreeMap<>();
        answers.forEach((k, v) -> {
            Map<String, Long> c = new TreeMap<>();
            v.forEach((cls, n) -> c.put(cls, n.get()));
            m.put(k, c);
        });
        return m;
    }

    Map<String, Object> ledger() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("purchases", purchases.size());
        m.put("unlocks", unlocks.size());
        m.put("refunds", refundsAcknowledged.get());
        m.put("subscriptions", subscriptions.size());
        return m;
    }

    List<String> userIds() {
        return viewers.stream().map(v -> v.user.id()).toList();
    }
}
