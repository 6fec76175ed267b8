package com.microdrama.ops.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microdrama.events.EventEnvelope;
import com.microdrama.events.EventTypes;
import com.microdrama.ops.Cli;
import com.microdrama.ops.Events;
import com.microdrama.testsupport.ScratchKafka;
import com.microdrama.testsupport.TopicReader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** replay against the real broker: a range copied into a fresh topic is the same records. */
class ReplayIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private ScratchKafka kafka;
    private String source;
    private String target;
    private final List<EventEnvelope> sent = new ArrayList<>();

    @BeforeEach
    void produce() throws Exception {
        kafka = new ScratchKafka();
        source = kafka.topic("replay-src", 2);
        target = kafka.topic("replay-dst", 2);
        for (int i = 0; i < 5; i++) {
            EventEnvelope e = i % 2 == 0 ? Events.episodePurchased("u" + i) : Events.refunded("u" + i);
            sent.add(e);
            kafka.send(source, 0, "u" + i, e.toJson(), Map.of("traceparent", "tp-" + i));
        }
        kafka.send(source, 1, "u9", Events.coinsPurchased("u9").toJson(), Map.of());
    }

    @AfterEach
    void cleanup() throws Exception {
        kafka.close();
    }

    @Test
    void replayingARangeWritesTheSameKeysValuesAndHeadersPlusReplayedFrom() throws Exception {
        Cli.Result r = Cli.run("replay", "--from-topic", source, "--to-topic", target, "--partition", "0",
                "--from-offset", "1", "--to-offset", "3", "--bootstrap-servers", ScratchKafka.bootstrap(), "--json",
                "--progress", "lines");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode report = JSON.readTree(r.out());
        assertEquals(3, report.get("sent").asLong());
        assertEquals(1, report.get("perType").get(EventTypes.EPISODE_PURCHASED).asLong());
        assertEquals(2, report.get("perType").get(EventTypes.PURCHASE_REFUNDED).asLong());
        assertEquals(1, report.get("sourceOffsets").get("0").get("first").asLong());
        assertEquals(3, report.get("sourceOffsets").get("0").get("last").asLong());

        List<ConsumerRecord<String, String>> copied = TopicReader.readUpToEnd(target, Map.of());
        assertEquals(3, copied.size());
        copied.sort((a, b) -> TopicReader.header(a, "replayed-from").compareTo(TopicReader.header(b, "replayed-from")));
        for (int i = 0; i < 3; i++) {
            ConsumerRecord<String, String> c = copied.get(i);
            int offset = i + 1;
            assertEquals("u" + offset, c.key());
            assertEquals(sent.get(offset).toJson(), c.value(), "the same CloudEvents id and body");
            assertEquals("tp-" + offset, TopicReader.header(c, "traceparent"));
            assertEquals(source + "/0/" + offset, TopicReader.header(c, "replayed-from"));
        }
    }

    @Test
    void dryRunCountsPerTypeAndSendsNothing() throws Exception {
        Cli.Result r = Cli.run("replay", "--from-topic", source, "--to-topic", target, "--dry-run",
                "--bootstrap-servers", ScratchKafka.bootstrap(), "--json", "--progress", "none");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode report = JSON.readTree(r.out());
        assertEquals(6, report.get("wouldSend").asLong());
        assertEquals(3, report.get("perType").get(EventTypes.EPISODE_PURCHASED).asLong());
        assertEquals(2, report.get("perType").get(EventTypes.PURCHASE_REFUNDED).asLong());
        assertEquals(1, report.get("perType").get(EventTypes.COINS_PURCHASED).asLong());
        assertTrue(TopicReader.readUpToEnd(target, Map.of()).isEmpty());
    }

    @Test
    void filtersAndRateLimitApplyToWhatIsSent() throws Exception {
        long start = System.nanoTime();
        Cli.Result r = Cli.run("replay", "--from-topic", source, "--to-topic", target, "--type", "episode-purchased.v1",
                "--rate", "4", "--bootstrap-servers", ScratchKafka.bootstrap(), "--progress", "none");
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("sent 3"), r.out());
        assertEquals(3, TopicReader.readUpToEnd(target, Map.of()).size());
        // 3 records at 4/s: the 3rd may go no earlier than 0.5 s after the first
        assertTrue(seconds >= 0.5, "took " + seconds + " s");
    }

    @Test
    void toConsumerGroupResetsTheGroupsOffsetsToTheRangeStart() throws Exception {
        String group = "ops-it-group-" + UUID.randomUUID();
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, ScratchKafka.bootstrap());
        try (Admin admin = Admin.create(p)) {
            TopicPartition p0 = new TopicPartition(source, 0);
            admin.alterConsumerGroupOffsets(group, Map.of(p0, new OffsetAndMetadata(5))).all().get();
            Cli.Result r = Cli.run("replay", "--from-topic", source, "--to-consumer-group", group, "--partition", "0",
                    "--from-offset", "2", "--bootstrap-servers", ScratchKafka.bootstrap(), "--json");
            assertEquals(0, r.exitCode(), r.err());
            JsonNode report = JSON.readTree(r.out());
            assertEquals(5, report.get("partitions").get("0").get("committedBefore").asLong());
            assertEquals(3, report.get("recordsToReread").asLong());
            assertEquals(2, admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().get(p0).offset());
            admin.deleteConsumerGroups(List.of(group)).all().get();
        }
    }

    @Test
    void filtersCannotBeCombinedWithAConsumerGroupReset() {
        Cli.Result r = Cli.run("replay", "--from-topic", source, "--to-consumer-group", "g", "--user", "u1",
                "--bootstrap-servers", ScratchKafka.bootstrap());
        assertEquals(2, r.exitCode());
    }
}
