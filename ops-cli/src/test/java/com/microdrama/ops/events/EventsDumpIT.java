package com.microdrama.ops.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microdrama.events.EventTypes;
import com.microdrama.ops.Cli;
import com.microdrama.ops.Events;
import com.microdrama.testsupport.ScratchKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** events dump/tail against the real broker, on a fresh two-partition topic. */
class EventsDumpIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static ScratchKafka kafka;
    private static String topic;

    @BeforeAll
    static void produce() throws Exception {
        kafka = new ScratchKafka();
        topic = kafka.topic("dump", 2);
        // partition 0: offsets 0..3, partition 1: offsets 0..1; one minute apart
        kafka.send(topic, 0, T0.toEpochMilli(), "alice", Events.episodePurchased("alice").toJson(), Map.of("trace", "t1"));
        kafka.send(topic, 0, T0.plusSeconds(60).toEpochMilli(), "bob", Events.coinsPurchased("bob").toJson(), Map.of());
        kafka.send(topic, 0, T0.plusSeconds(120).toEpochMilli(), "alice", "this is not json", Map.of());
        kafka.send(topic, 0, T0.plusSeconds(180).toEpochMilli(), "alice", Events.seriesPurchased("alice").toJson(), Map.of());
        kafka.send(topic, 1, T0.plusSeconds(240).toEpochMilli(), "bob", Events.refunded("bob").toJson(), Map.of());
        kafka.send(topic, 1, T0.plusSeconds(300).toEpochMilli(), "bob", Events.episodePurchased("bob").toJson(), Map.of());
    }

    @AfterAll
    static void cleanup() throws Exception {
        kafka.close();
    }

    private static List<JsonNode> dump(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("events", "dump", topic, "--bootstrap-servers", ScratchKafka.bootstrap()));
        args.addAll(List.of(extra));
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.err());
        List<JsonNode> out = new ArrayList<>();
        for (String line : r.outLines()) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    /**
     * Positions sorted by partition then offset: Kafka keeps order within a partition only, so partitions interleave
     * in any order. Within each partition the output must already be in offset order.
     */
    private static List<String> positions(List<JsonNode> lines) {
        Map<Integer, Long> last = new java.util.HashMap<>();
        for (JsonNode n : lines) {
            long previous = last.getOrDefault(n.get("partition").asInt(), -1L);
            assertTrue(n.get("offset").asLong() > previous, "offset order within a partition: " + lines);
            last.put(n.get("partition").asInt(), n.get("offset").asLong());
        }
        return lines.stream().map(n -> n.get("partition").asInt() + "/" + n.get("offset").asLong()).sorted().toList();
    }

    @Test
    void dumpPrintsEveryRecordAsOneJsonLineWithTheParsedEnvelope() throws Exception {
        List<JsonNode> lines = dump();
        assertEquals(List.of("0/0", "0/1", "0/2", "0/3", "1/0", "1/1"), positions(lines));
        JsonNode first = lines.stream().filter(n -> n.get("partition").asInt() == 0 && n.get("offset").asLong() == 0)
                .findFirst().orElseThrow();
        assertEquals(topic, first.get("topic").asText());
        assertEquals("alice", first.get("key").asText());
        assertEquals(T0.toString(), first.get("timestamp").asText());
        assertEquals("t1", first.get("headers").get("trace").asText());
        assertEquals(EventTypes.EPISODE_PURCHASED, first.get("event").get("type").asText());
        assertEquals("alice", first.get("event").get("data").get("userId").asText());
    }

    @Test
    void aValueThatIsNotAnEventIsPrintedRawWithTheReason() throws Exception {
        JsonNode invalid = dump("--partition", "0", "--from-offset", "2", "--to-offset", "2").get(0);
        assertEquals("this is not json", invalid.get("value").asText());
        assertTrue(invalid.get("invalid").asText().contains("not a CloudEvents JSON envelope"), invalid.toString());
        assertTrue(invalid.path("event").isMissingNode());
    }

    @Test
    void typeFilterAcceptsTheShortTypeName() throws Exception {
        assertEquals(List.of("0/0", "1/1"), positions(dump("--type", "episode-purchased.v1")));
        assertEquals(List.of("0/3"), positions(dump("--type", EventTypes.SERIES_PURCHASED)));
    }

    @Test
    void userFilterMatchesKeyOrSubjectIncludingInvalidRecordsByKey() throws Exception {
        assertEquals(List.of("0/0", "0/2", "0/3"), positions(dump("--user", "alice")));
    }

    @Test
    void offsetRangeIsInclusiveAndCanBeGivenPerPartition() throws Exception {
        assertEquals(List.of("0/1", "0/2"), positions(dump("--partition", "0", "--from-offset", "1", "--to-offset", "2")));
        assertEquals(List.of("1/1"), positions(dump("--from-offset", "1:1")));
        assertEquals(List.of("0/0", "0/1", "1/0"), positions(dump("--to-offset", "0:1,1:0")));
    }

    @Test
    void timeRangeSelectsByRecordTimestamp() throws Exception {
        assertEquals(List.of("0/2", "0/3", "1/0"), positions(dump("--from-time", T0.plusSeconds(120).toString(),
                "--to-time", T0.plusSeconds(240).toString())));
    }

    @Test
    // tail follows until --max: were the records gone, it would wait for new ones for ever
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void tailFollowsFromTheGivenOffsetAndStopsAtMax() throws Exception {
        Cli.Result r = Cli.run("events", "tail", topic, "--bootstrap-servers", ScratchKafka.bootstrap(),
                "--partition", "1", "--from-offset", "0", "--max", "2");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(2, r.outLines().size());
        assertEquals(EventTypes.PURCHASE_REFUNDED, JSON.readTree(r.outLines().get(0)).get("event").get("type").asText());
    }

    @Test
    void badRangesAndUnknownTopicsAreUsageErrors() {
        Cli.Result fromAfterTo = Cli.run("events", "dump", topic, "--bootstrap-servers", ScratchKafka.bootstrap(),
                "--from-offset", "3", "--to-offset", "1");
        assertEquals(2, fromAfterTo.exitCode());
        assertTrue(fromAfterTo.err().contains("--from-offset 3 is after --to-offset 1"), fromAfterTo.err());

        Cli.Result unknownPartition = Cli.run("events", "dump", topic, "--bootstrap-servers", ScratchKafka.bootstrap(),
                "--partition", "7");
        assertEquals(2, unknownPartition.exitCode());
        assertTrue(unknownPartition.err().contains("unknown partition 7"), unknownPartition.err());

        Cli.Result missing = Cli.run("events", "dump", topic + "-missing", "--bootstrap-servers", ScratchKafka.bootstrap());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("does not exist"), missing.err());

        Cli.Result badTime = Cli.run("events", "dump", topic, "--bootstrap-servers", ScratchKafka.bootstrap(),
                "--from-time", "yesterday");
        assertEquals(2, badTime.exitCode());
        assertTrue(badTime.err().contains("not an ISO-8601"), badTime.err());
    }
}
