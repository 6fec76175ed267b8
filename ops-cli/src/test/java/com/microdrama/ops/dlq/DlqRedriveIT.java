package com.microdrama.ops.dlq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microdrama.events.EventEnvelope;
import com.microdrama.ops.Cli;
import com.microdrama.ops.Events;
import com.microdrama.testsupport.ScratchKafka;
import com.microdrama.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * dlq list/inspect/redrive against the real broker: a record "failed" on a fresh original topic and was
 * dead-lettered (as SmallRye does, with dead-letter-* headers) into a fresh DLQ topic; after the "fix" it is redriven.
 */
class DlqRedriveIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private ScratchKafka kafka;
    private String original;
    private String dlq;
    private EventEnvelope unknownType;
    private EventEnvelope dbDown;

    @BeforeEach
    void deadLetter() throws Exception {
        kafka = new ScratchKafka();
        original = kafka.topic("orig", 1);
        dlq = kafka.topic("dlq", 1);
        unknownType = Events.episodePurchased("dana");
        dbDown = Events.refunded("erin");
        kafka.send(original, 0, "dana", unknownType.toJson(), Map.of());
        kafka.send(original, 0, "erin", dbDown.toJson(), Map.of());
        kafka.send(dlq, 0, "dana", unknownType.toJson(), dlqHeaders("unknown event type 'x' on payment-events", 0));
        kafka.send(dlq, 0, "erin", dbDown.toJson(), dlqHeaders("Connection refused: database", 1));
        kafka.send(dlq, 0, "frank", "garbage", dlqHeaders("not a CloudEvents JSON envelope", 7));
    }

    private Map<String, String> dlqHeaders(String reason, long offset) {
        return Map.of("dead-letter-reason", reason, "dead-letter-topic", original, "dead-letter-partition", "0",
                "dead-letter-offset", String.valueOf(offset), "traceparent", "tp-" + offset);
    }

    @AfterEach
    void cleanup() throws Exception {
        kafka.close();
    }

    @Test
    void listShowsEveryRecordAndCountsPerReason() throws Exception {
        Cli.Result r = Cli.run("dlq", "list", "--dlq-topic", dlq, "--bootstrap-servers", ScratchKafka.bootstrap(), "--json");
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = r.outLines();
        assertEquals(4, lines.size());
        JsonNode first = JSON.readTree(lines.get(0));
        assertEquals(original + "/0/0", first.get("origin").asText());
        assertEquals("unknown event type 'x' on payment-events", first.get("reason").asText());
        JsonNode summary = JSON.readTree(lines.get(3));
        assertEquals(3, summary.get("total").asInt());
        assertEquals(1, summary.get("perReason").get("Connection refused: database").asInt());

        Cli.Result table = Cli.run("dlq", "list", "--dlq-topic", dlq, "--bootstrap-servers", ScratchKafka.bootstrap(),
                "--reason", "connection");
        assertTrue(table.out().contains("1 dead-lettered record(s)"), table.out());
    }

    @Test
    void inspectPrintsAllHeadersAndTheEnvelope() throws Exception {
        Cli.Result r = Cli.run("dlq", "inspect", "--offset", "1", "--dlq-topic", dlq, "--bootstrap-servers", ScratchKafka.bootstrap());
        assertEquals(0, r.exitCode(), r.err());
        JsonNode n = JSON.readTree(r.out());
        assertEquals("Connection refused: database", n.get("headers").get("dead-letter-reason").asText());
        assertEquals(dbDown.id(), n.get("event").get("id").asText());

        Cli.Result missing = Cli.run("dlq", "inspect", "--offset", "99", "--dlq-topic", dlq, "--bootstrap-servers", ScratchKafka.bootstrap());
        assertEquals(2, missing.exitCode());
    }

    @Test
    void redriveSendsSelectedRecordsBackToTheirOriginalTopic() throws Exception {
        Cli.Result dry = Cli.run("dlq", "redrive", "--reason", "connection refused", "--dry-run", "--dlq-topic", dlq,
                "--bootstrap-servers", ScratchKafka.bootstrap(), "--json");
        assertEquals(0, dry.exitCode(), dry.err());
        assertEquals(1, JSON.readTree(dry.out()).get("wouldSend").asInt());
        assertEquals(2, TopicReader.readUpToEnd(original, Map.of()).size(), "a dry run sends nothing");

        Cli.Result r = Cli.run("dlq", "redrive", "--reason", "connection refused", "--dlq-topic", dlq,
                "--bootstrap-servers", ScratchKafka.bootstrap(), "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode report = JSON.readTree(r.out());
        assertEquals(1, report.get("sent").asInt());
        assertEquals(1, report.get("perTarget").get(original).asInt());

        List<ConsumerRecord<String, String>> records = TopicReader.readUpToEnd(original, Map.of());
        assertEquals(3, records.size());
        ConsumerRecord<String, String> redriven = records.get(2);
        assertEquals("erin", redriven.key());
        assertEquals(dbDown.toJson(), redriven.value());
        assertEquals(dlq + "/0/1", TopicReader.header(redriven, "redriven-from-dlq"));
        assertEquals("tp-1", TopicReader.header(redriven, "traceparent"));
        assertNull(TopicReader.header(redriven, "dead-letter-reason"));
    }

    @Test
    void redriveByOffsetRangeIncludesRecordsThatAreNotEvents() throws Exception {
        Cli.Result r = Cli.run("dlq", "redrive", "--from-offset", "1", "--to-offset", "2", "--dlq-topic", dlq,
                "--bootstrap-servers", ScratchKafka.bootstrap());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("sent 2"), r.out());
        assertEquals(4, TopicReader.readUpToEnd(original, Map.of()).size());
    }
}
