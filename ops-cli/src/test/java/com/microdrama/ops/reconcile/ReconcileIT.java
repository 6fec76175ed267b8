package com.microdrama.ops.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microdrama.events.EventEnvelope;
import com.microdrama.events.EventTypes;
import com.microdrama.ops.Cli;
import com.microdrama.testsupport.ScratchKafka;
import com.microdrama.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** reconcile against real PostgreSQL: injected mismatches are reported exactly, and --repair emits the right events. */
class ReconcileIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.now();
    private static ScratchSchemas payments;
    private static ScratchSchemas entitlements;

    private static final String BROKEN_USER = "ops-it-broken-" + UUID.randomUUID();
    private static final String CLEAN_USER = "ops-it-clean-" + UUID.randomUUID();
    private static final UUID MISSING = UUID.randomUUID();
    private static final UUID REFUNDED = UUID.randomUUID();
    private static final UUID REFUND = UUID.randomUUID();
    private static final UUID EXPIRED_SUB = UUID.randomUUID();
    private static final String GHOST = "unl-" + UUID.randomUUID();
    private static final Map<String, String> ENTITLEMENT_BY_SOURCE = new HashMap<>();

    @BeforeAll
    static void injectMismatches() throws Exception {
        payments = new ScratchSchemas("payments_test", "payment-service");
        entitlements = new ScratchSchemas("entitlements_test", "entitlement-service");
        // broken user: paid but not entitled; refunded but entitled; VIP past an expired subscription; an orphan grant
        unlock(MISSING, BROKEN_USER, "EPISODE", "ep-7", "s-1", "ACTIVE");
        unlock(REFUNDED, BROKEN_USER, "SERIES", null, "s-2", "REFUNDED");
        payments.exec("insert into refund (id, user_id, kind, target_id, reason, source, created_by, created_at) "
                + "values (?, ?, 'series-unlock', ?, 'double charge', 'support', 'support', ?)",
                REFUND, BROKEN_USER, REFUNDED.toString(), ts(NOW.minusSeconds(3600)));
        entitlement(BROKEN_USER, "series", null, "s-2", REFUNDED.toString(), null, null);
        subscription(EXPIRED_SUB, BROKEN_USER, "EXPIRED", NOW.minus(Duration.ofDays(8)), NOW.minus(Duration.ofDays(1)),
                NOW.minus(Duration.ofDays(1)));
        entitlement(BROKEN_USER, "vip", null, null, EXPIRED_SUB.toString(), NOW.plus(Duration.ofDays(5)), null);
        entitlement(BROKEN_USER, "episode", "ep-9", "s-1", GHOST, null, null);
        entitlement(BROKEN_USER, "promo", "ep-10", null, "admin-" + UUID.randomUUID(), null, null);

        // clean user: everything agrees
        UUID ok = UUID.randomUUID();
        unlock(ok, CLEAN_USER, "EPISODE", "ep-1", "s-1", "ACTIVE");
        entitlement(CLEAN_USER, "episode", "ep-1", "s-1", ok.toString(), null, null);
        UUID gone = UUID.randomUUID();
        unlock(gone, CLEAN_USER, "EPISODE", "ep-2", "s-1", "REFUNDED");
        entitlement(CLEAN_USER, "episode", "ep-2", "s-1", gone.toString(), null, NOW.minusSeconds(60));
        UUID live = UUID.randomUUID();
        Instant periodEnd = NOW.plus(Duration.ofDays(10));
        subscription(live, CLEAN_USER, "ACTIVE", NOW.minus(Duration.ofDays(20)), periodEnd, null);
        entitlement(CLEAN_USER, "vip", null, null, live.toString(), periodEnd, null);
    }

    @AfterAll
    static void dropSchemas() throws Exception {
        payments.close();
        entitlements.close();
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private static void unlock(UUID id, String user, String kind, String episode, String series, String status) throws Exception {
        payments.exec("insert into content_unlock (id, user_id, kind, episode_id, series_id, coins_spent, status, created_at, refunded_at) "
                + "values (?, ?, ?, ?, ?, 80, ?, ?, ?)", id, user, kind, episode, series, status, ts(NOW.minusSeconds(7200)),
                "REFUNDED".equals(status) ? ts(NOW.minusSeconds(3600)) : null);
    }

    private static void subscription(UUID id, String user, String status, Instant periodStart, Instant periodEnd,
                                     Instant endedAt) throws Exception {
        payments.exec("insert into subscription (id, user_id, plan_id, status, provider, started_at, current_period_start, "
                + "current_period_end, ended_at, created_at, updated_at) values (?, ?, 'vip-weekly', ?, 'fake', ?, ?, ?, ?, ?, ?)",
                id, user, status, ts(periodStart), ts(periodStart), ts(periodEnd), ts(endedAt), ts(periodStart), ts(NOW));
    }

    private static void entitlement(String user, String kind, String episode, String series, String source,
                                    Instant validUntil, Instant revokedAt) throws Exception {
        UUID id = UUID.randomUUID();
        ENTITLEMENT_BY_SOURCE.put(source, id.toString());
        entitlements.exec("insert into entitlement (id, user_id, kind, episode_id, series_id, valid_from, valid_until, source, "
                + "cause_event_id, revoked_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", id, user, kind, episode, series,
                ts(NOW.minus(Duration.ofDays(30))), ts(validUntil), source, UUID.randomUUID().toString(), ts(revokedAt));
    }

    private static List<String> dbArgs(String... extra) {
        List<String> args = new ArrayList<>(List.of("reconcile", "--payments-db-url", payments.jdbcUrl(),
                "--entitlements-db-url", entitlements.jdbcUrl(), "--bootstrap-servers", ScratchKafka.bootstrap()));
        args.addAll(List.of(extra));
        return args;
    }

    private static Cli.Result reconcile(String... extra) {
        return Cli.run(dbArgs(extra).toArray(String[]::new));
    }

    @Test
    void reportsExactlyTheInjectedMismatchesAndExitsWith3() throws Exception {
        Cli.Result r = reconcile("--user", BROKEN_USER, "--json");
        assertEquals(3, r.exitCode(), r.err() + r.out());
        JsonNode report = JSON.readTree(r.out());
        assertEquals(4, report.get("mismatchCount").asInt());
        Set<String> found = new TreeSet<>();
        for (JsonNode m : report.get("mismatches")) {
            found.add(m.get("kind").asText() + " " + m.get("purchaseId").asText() + " " + m.get("repairType").asText());
        }
        assertEquals(new TreeSet<>(Set.of(
                "MISSING_ENTITLEMENT " + MISSING + " " + EventTypes.EPISODE_PURCHASED,
                "REFUNDED_BUT_ENTITLED " + REFUNDED + " " + EventTypes.PURCHASE_REFUNDED,
                "STALE_VIP " + EXPIRED_SUB + " " + EventTypes.SUBSCRIPTION_EXPIRED,
                "ORPHAN_ENTITLEMENT " + GHOST + " null")), found);
    }

    @Test
    void aConsistentUserIsCleanWithExitCode0() {
        Cli.Result r = reconcile("--user", CLEAN_USER);
        assertEquals(0, r.exitCode(), r.err() + r.out());
        assertTrue(r.out().contains("0 mismatch(es)"), r.out());
    }

    @Test
    void theTableNamesEveryMismatch() {
        Cli.Result r = reconcile("--user", BROKEN_USER + "," + CLEAN_USER);
        assertEquals(3, r.exitCode());
        assertTrue(r.out().contains("4 mismatch(es)"), r.out());
        for (String id : List.of(MISSING.toString(), REFUNDED.toString(), EXPIRED_SUB.toString(), GHOST)) {
            assertTrue(r.out().contains(id), id + " in " + r.out());
        }
    }

    @Test
    void repairEmitsTheCorrectiveFactsWithTheOriginalIdsAndNewEventIds() throws Exception {
        try (ScratchKafka kafka = new ScratchKafka()) {
            String topic = kafka.topic("repair", 1);
            Cli.Result r = reconcile("--user", BROKEN_USER, "--repair", "--repair-topic", topic);
            assertEquals(3, r.exitCode(), r.err() + r.out());
            assertTrue(r.out().contains("repair sent"), r.out());
            Map<String, EventEnvelope> byType = new HashMap<>();
            for (ConsumerRecord<String, String> rec : TopicReader.readUpToEnd(topic, Map.of())) {
                assertEquals(BROKEN_USER, rec.key());
                EventEnvelope e = EventEnvelope.parse(rec.value());
                byType.put(e.type(), e);
            }
            assertEquals(Set.of(EventTypes.EPISODE_PURCHASED, EventTypes.PURCHASE_REFUNDED, EventTypes.SUBSCRIPTION_EXPIRED),
                    byType.keySet());
            EventEnvelope purchase = byType.get(EventTypes.EPISODE_PURCHASED);
            assertEquals(MISSING.toString(), purchase.data().get("unlockId").asText());
            assertEquals("ep-7", purchase.data().get("episodeId").asText());
            assertNotEquals(MISSING.toString(), purchase.id());
            EventEnvelope refund = byType.get(EventTypes.PURCHASE_REFUNDED);
            assertEquals(REFUND.toString(), refund.data().get("refundId").asText());
            assertEquals(REFUNDED.toString(), refund.data().get("purchaseId").asText());
            assertEquals("series-unlock", refund.data().get("kind").asText());
            EventEnvelope expired = byType.get(EventTypes.SUBSCRIPTION_EXPIRED);
            assertEquals(EXPIRED_SUB.toString(), expired.data().get("subscriptionId").asText());
            assertEquals("EXPIRED", expired.data().get("status").asText());
        }
    }

    @Test
    void anUnreachableDatabaseIsAClearFailure() {
        Cli.Result r = Cli.run("reconcile", "--payments-db-url", "jdbc:postgresql://127.0.0.1:1/payments",
                "--entitlements-db-url", entitlements.jdbcUrl());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("cannot open jdbc:postgresql://127.0.0.1:1/payments"), r.err());
    }
}
