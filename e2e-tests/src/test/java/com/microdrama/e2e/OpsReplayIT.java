package com.microdrama.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microdrama.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Operator proof: {@code ops replay} of a range of payment-events back into payment-events makes the live
 * entitlement-service receive every event a second time, and nothing changes: the same entitlement rows (down to which
 * event granted and revoked), the same inbox, nothing announced again, the same answers. A replay into a scratch topic
 * copies exactly what its dry run counted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpsReplayIT {
    private static final String SERIES = "midnight-contract";
    private static final String REPLAYED_FROM = "replayed-from";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Viewer alice;
    private Viewer bob;
    private List<String> users;
    private String ep4;
    private String ep5;
    private String ep6;
    private Instant from;
    private Instant to;
    /** The two users' own payment events, as {@code ops events dump} printed them. */
    private List<JsonNode> originals;

    @BeforeAll
    void twoViewersPayUnlockAndOneIsRefunded() {
        ep4 = Viewer.episodeId(SERIES, 4);
        ep5 = Viewer.episodeId(SERIES, 5);
        ep6 = Viewer.episodeId(SERIES, 6);
        alice = Viewer.create("e2e-replay-a");
        bob = Viewer.create("e2e-replay-b");
        users = List.of(alice.id, bob.id);
        from = Instant.now().minusSeconds(2);

        alice.buyPack("coins-500");
        alice.unlockEpisode(ep4);
        String refunded = alice.unlockEpisode(ep5);
        bob.buyPack("coins-100");
        bob.unlockEpisode(ep4);
        Viewer.Admin.refundUnlock(refunded, "e2e replay proof");

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            assertEquals("true/episode-purchase", alice.access(ep4));
            assertEquals("false/none", alice.access(ep5));
            assertEquals("true/episode-purchase", bob.access(ep4));
        });
        KafkaProbe.awaitEntitlementServiceCaughtUp();
        to = Instant.now();

        originals = OpsCliProcess.run("events", "dump", KafkaProbe.PAYMENT_EVENTS, "--user", alice.id, "--user", bob.id,
                "--from-time", from.toString(), "--to-time", to.toString()).jsonLines();
        assertEquals(Map.of("com.microdrama.payment.coins-purchased.v1", 2L,
                        "com.microdrama.payment.episode-purchased.v1", 3L,
                        "com.microdrama.payment.purchase-refunded.v1", 1L),
                perType(originals), "the two users' events in the range: " + originals);
    }

    @Test
    void replayingTheUsersRangeIntoPaymentEventsAgainChangesNoEntitlement() {
        Snapshot before = snapshot();
        assertEquals(4, before.inbox().size(), "3 purchases and 1 refund were applied (coin packs grant nothing)");

        OpsCliProcess.Result replay = OpsCliProcess.run("replay", "--from-topic", KafkaProbe.PAYMENT_EVENTS,
                "--to-topic", KafkaProbe.PAYMENT_EVENTS, "--allow-same-topic", "--user", alice.id, "--user", bob.id,
                "--from-time", from.toString(), "--to-time", to.toString(), "--progress", "lines", "--json");
        assertEquals(0, replay.exitCode(), replay.err());
        JsonNode report = replay.json();
        assertEquals(6, report.path("sent").asLong(), report.toString());
        assertEquals(6, report.path("selected").asLong(), report.toString());
        assertEquals(perType(originals), longs(report.path("perType")), report.toString());
        assertEquals(Map.of(KafkaProbe.PAYMENT_EVENTS, 6L), longs(report.path("perTarget")));
        assertTrue(replay.errLines().stream().anyMatch(l -> l.startsWith("replay [") && l.contains("6 sent")),
                "a final progress line: " + replay.err());

        // every copy is in the topic, behind its original, with the same CloudEvents id and where it came from
        Map<Integer, Long> afterReplay = TopicReader.endOffsets(KafkaProbe.PAYMENT_EVENTS);
        List<JsonNode> both = OpsCliProcess.run("events", "dump", KafkaProbe.PAYMENT_EVENTS, "--user", alice.id,
                "--user", bob.id, "--from-time", from.toString()).jsonLines();
        Map<String, String> copiedFrom = new TreeMap<>();
        for (JsonNode copy : both) {
            if (copy.path("headers").has(REPLAYED_FROM)) {
                copiedFrom.put(copy.path("event").path("id").asText(), copy.path("headers").path(REPLAYED_FROM).asText());
            }
        }
        Map<String, String> expected = new TreeMap<>();
        originals.forEach(o -> expected.put(o.path("event").path("id").asText(),
                KafkaProbe.PAYMENT_EVENTS + "/" + o.path("partition").asInt() + "/" + o.path("offset").asLong()));
        assertEquals(expected, copiedFrom, "one copy per original, naming its source position");

        // the live consumer has read and committed past every copy ...
        KafkaProbe.awaitCommitted(KafkaProbe.ENTITLEMENT_GROUP, KafkaProbe.PAYMENT_EVENTS, afterReplay, Duration.ofSeconds(60));
        // ... and applied none of them twice
        assertEquals(before, snapshot());
    }

    @Test
    void replayIntoAScratchTopicSendsExactlyWhatItsDryRunCounted() {
        String scratch = KafkaProbe.createTopic("replay", 3);
        try {
            // the originals' offset range, per partition they are in (other users' records in between are filtered)
            Map<Integer, long[]> range = new TreeMap<>();
            originals.forEach(o -> range.merge(o.path("partition").asInt(),
                    new long[]{o.path("offset").asLong(), o.path("offset").asLong()},
                    (a, b) -> new long[]{Math.min(a[0], b[0]), Math.max(a[1], b[1])}));
            String fromOffsets = range.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()[0]).collect(Collectors.joining(","));
            String toOffsets = range.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()[1]).collect(Collectors.joining(","));
            List<String> args = List.of("replay", "--from-topic", KafkaProbe.PAYMENT_EVENTS, "--to-topic", scratch,
                    "--from-offset", fromOffsets, "--to-offset", toOffsets, "--user", alice.id, "--user", bob.id,
                    "--progress", "none", "--json");

            JsonNode dryRun = run(args, "--dry-run");
            assertTrue(dryRun.path("dryRun").asBoolean());
            assertEquals(6, dryRun.path("wouldSend").asLong(), dryRun.toString());
            assertEquals(perType(originals), longs(dryRun.path("perType")));
            assertEquals(0L, TopicReader.endOffsets(scratch).values().stream().mapToLong(Long::longValue).sum(),
                    "a dry run sends nothing");

            JsonNode sent = run(args);
            assertEquals(6, sent.path("sent").asLong(), sent.toString());
            assertEquals(dryRun.path("perType"), sent.path("perType"));
            assertEquals(dryRun.path("sourceOffsets"), sent.path("sourceOffsets"));

            List<ConsumerRecord<String, String>> copies = TopicReader.readUpToEnd(scratch, Map.of());
            assertEquals(6, copies.size());
            Map<String, String> byId = new HashMap<>();
            originals.forEach(o -> byId.put(o.path("event").path("id").asText(),
                    o.path("key").asText() + " " + KafkaProbe.PAYMENT_EVENTS + "/" + o.path("partition").asInt() + "/"
                            + o.path("offset").asLong()));
            Set<String> copiedIds = new TreeSet<>();
            for (ConsumerRecord<String, String> copy : copies) {
                String id = eventId(copy.value());
                copiedIds.add(id);
                assertEquals(byId.get(id), copy.key() + " " + TopicReader.header(copy, REPLAYED_FROM), "same key, source named");
            }
            assertEquals(byId.keySet(), copiedIds);
        } finally {
            KafkaProbe.deleteTopic(scratch);
        }
    }

    private static JsonNode run(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        OpsCliProcess.Result r = OpsCliProcess.run(all.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.err());
        return r.json();
    }

    /** What a duplicate must not change: rows, tombstones, inbox, announcements and the answers users get. */
    private record Snapshot(List<String> entitlements, List<String> revocations, List<String> inbox, long announcements,
                            List<String> answers) {
    }

    private Snapshot snapshot() {
        List<String> eventIds = originals.stream().map(o -> o.path("event").path("id").asText()).toList();
        List<String> answers = new ArrayList<>();
        for (Viewer v : List.of(alice, bob)) {
            for (String ep : List.of(ep4, ep5, ep6)) {
                answers.add(v.username + " " + ep + " " + v.access(ep));
            }
        }
        return new Snapshot(ServiceDatabases.entitlementsInFull(users), ServiceDatabases.revocations(users),
                ServiceDatabases.inbox(eventIds), ServiceDatabases.announcements(users), answers);
    }

    private static Map<String, Long> perType(List<JsonNode> records) {
        return records.stream().collect(Collectors.groupingBy(r -> r.path("event").path("type").asText(), TreeMap::new,
                Collectors.counting()));
    }

    private static Map<String, Long> longs(JsonNode object) {
        Map<String, Long> out = new TreeMap<>();
        object.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong()));
        return out;
    }

    private static String eventId(String envelope) {
        try {
            return JSON.readTree(envelope).path("id").asText();
        } catch (IOException e) {
            throw new AssertionError("not an event: " + envelope, e);
        }
    }
}
