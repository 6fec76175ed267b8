package com.microdrama.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Operator proof: {@code ops reconcile --repair} fixes real damage in the running system. Purchases go through the
 * real APIs, then the databases are damaged the way incidents do it (an entitlement row lost, a VIP row lost, a refund
 * written in payments whose event never went out); reconcile names exactly those, {@code --repair} emits the
 * corrective events, the live entitlement-service applies them, reconcile is clean again and the checks answer right.
 */
class OpsReconcileRepairIT {
    private static final String SERIES = "midnight-contract";

    @Test
    void reconcileFindsInjectedMismatchesAndRepairMakesTheEntitlementsRightAgain() {
        String ep4 = Viewer.episodeId(SERIES, 4);
        String ep5 = Viewer.episodeId(SERIES, 5);
        String ep6 = Viewer.episodeId(SERIES, 6);
        String ep7 = Viewer.episodeId(SERIES, 7);
        Viewer carol = Viewer.create("e2e-reconcile-c");
        Viewer dave = Viewer.create("e2e-reconcile-d");
        carol.buyPack("coins-500");
        String lostGrant = carol.unlockEpisode(ep4);
        String refundWithoutEvent = carol.unlockEpisode(ep5);
        carol.unlockEpisode(ep6);
        String lostVip = dave.subscribe("vip-weekly");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            assertEquals("true/episode-purchase", carol.access(ep4));
            assertEquals("true/episode-purchase", carol.access(ep5));
            assertEquals("true/episode-purchase", carol.access(ep6));
            assertEquals("true/vip", dave.access(ep7));
        });
        String[] scope = {"--user", carol.id, "--user", dave.id};

        JsonNode clean = reconcile(0, scope);
        assertEquals(0, clean.path("mismatchCount").asInt(), clean.toString());
        assertEquals(3, clean.path("scanned").path("unlocks").asInt(), clean.toString());
        assertEquals(1, clean.path("scanned").path("subscriptions").asInt(), clean.toString());
        assertEquals(4, clean.path("scanned").path("entitlements").asInt(), clean.toString());

        // the damage: two rows lost behind the consumer's back, a refund booked without its event
        ServiceDatabases.ENTITLEMENTS.execute("delete from entitlement where source = ?", lostGrant);
        ServiceDatabases.ENTITLEMENTS.execute("delete from entitlement where source = ?", lostVip);
        Timestamp refundedAt = Timestamp.from(Instant.now().truncatedTo(ChronoUnit.MICROS)); // what PostgreSQL keeps
        String refundId = UUID.randomUUID().toString();
        ServiceDatabases.PAYMENTS.execute("update content_unlock set status = 'REFUNDED', refunded_at = ? where id = ?::uuid",
                refundedAt, refundWithoutEvent);
        ServiceDatabases.PAYMENTS.execute("insert into refund (id, user_id, kind, target_id, reason, source, created_by, "
                        + "created_at) values (?::uuid, ?, 'episode-unlock', ?, 'e2e: event lost', 'support', 'e2e', ?)",
                refundId, carol.id, refundWithoutEvent, refundedAt);
        assertEquals("false/none", carol.access(ep4), "the lost grant is visible to the user");
        assertEquals("true/episode-purchase", carol.access(ep5), "the refund never reached entitlements");
        assertEquals("false/none", dave.access(ep7), "the lost VIP is visible to the user");

        JsonNode found = reconcile(3, scope);
        assertEquals(Map.of("MISSING_ENTITLEMENT", 1L, "MISSING_VIP", 1L, "REFUNDED_BUT_ENTITLED", 1L),
                longs(found.path("perKind")), found.toString());
        assertEquals(Map.of("MISSING_ENTITLEMENT", lostGrant + " com.microdrama.payment.episode-purchased.v1",
                        "MISSING_VIP", lostVip + " com.microdrama.payment.subscription-renewed.v1",
                        "REFUNDED_BUT_ENTITLED", refundWithoutEvent + " com.microdrama.payment.purchase-refunded.v1"),
                byKind(found.path("mismatches"), "purchaseId", "repairType"));

        OpsCliProcess.Result table = OpsCliProcess.run(concat(new String[]{"reconcile"}, scope));
        assertEquals(3, table.exitCode(), table.err());
        assertTrue(table.out().contains("3 mismatch(es)") && table.out().contains(lostGrant) && table.out().contains(lostVip)
                && table.out().contains(refundWithoutEvent), table.out());

        JsonNode repaired = reconcile(3, concat(scope, "--repair"));
        List<JsonNode> repairs = new ArrayList<>();
        repaired.path("repairs").forEach(repairs::add);
        assertEquals(Map.of("MISSING_ENTITLEMENT", lostGrant + " com.microdrama.payment.episode-purchased.v1",
                        "MISSING_VIP", lostVip + " com.microdrama.payment.subscription-renewed.v1",
                        "REFUNDED_BUT_ENTITLED", refundWithoutEvent + " com.microdrama.payment.purchase-refunded.v1"),
                byKind(repaired.path("repairs"), "purchaseId", "type"), repaired.toString());
        repairs.forEach(r -> assertEquals(KafkaProbe.PAYMENT_EVENTS, r.path("topic").asText()));

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            assertEquals("true/episode-purchase", carol.access(ep4));
            assertEquals("false/none", carol.access(ep5));
            assertEquals("true/vip", dave.access(ep7));
        });
        assertEquals("true/episode-purchase", carol.access(ep6), "the undamaged unlock is untouched");

        // the rows came back (or went) through the corrective events, not through anyone editing tables
        Map<String, String> eventOf = byKind(repaired.path("repairs"), "eventId");
        assertEquals(eventOf.get("MISSING_ENTITLEMENT"), ServiceDatabases.ENTITLEMENTS.string(
                "select cause_event_id from entitlement where source = ?", lostGrant));
        assertEquals(eventOf.get("MISSING_VIP"), ServiceDatabases.ENTITLEMENTS.string(
                "select cause_event_id from entitlement where source = ?", lostVip));
        assertEquals(eventOf.get("REFUNDED_BUT_ENTITLED"), ServiceDatabases.ENTITLEMENTS.string(
                "select revoke_event_id from entitlement where source = ?", refundWithoutEvent));
        assertEquals(refundedAt.toInstant(), Instant.parse(ServiceDatabases.ENTITLEMENTS.string(
                "select to_char(revoked_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') from entitlement "
                        + "where source = ?", refundWithoutEvent)), "revoked as of the refund in payments");

        JsonNode after = reconcile(0, scope);
        assertEquals(0, after.path("mismatchCount").asInt(), after.toString());
        assertTrue(after.path("clean").asBoolean());
    }

    /** reconcile --json with the expected exit code; its first JSON document (the check). */
    private static JsonNode reconcile(int expectedExit, String... args) {
        OpsCliProcess.Result r = OpsCliProcess.run(concat(concat(new String[]{"reconcile"}, args), "--json"));
        assertEquals(expectedExit, r.exitCode(), r.out() + r.err());
        return r.jsonLines().get(0);
    }

    /** mismatch (or repair) kind -> the given fields joined by a space. */
    private static Map<String, String> byKind(JsonNode list, String... fields) {
        Map<String, String> out = new TreeMap<>();
        list.forEach(n -> {
            List<String> values = new ArrayList<>();
            for (String f : fields) {
                values.add(n.path(f).asText());
            }
            out.put(n.has("kind") ? n.path("kind").asText() : n.path("mismatch").asText(), String.join(" ", values));
        });
        return out;
    }

    private static Map<String, Long> longs(JsonNode object) {
        Map<String, Long> out = new TreeMap<>();
        object.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong()));
        return out;
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
