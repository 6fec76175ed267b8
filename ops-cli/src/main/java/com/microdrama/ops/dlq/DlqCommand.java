package com.microdrama.ops.dlq;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microdrama.events.Topics;
import com.microdrama.ops.ExitCodes;
import com.microdrama.ops.OpsException;
import com.microdrama.ops.kafka.KafkaOptions;
import com.microdrama.ops.kafka.ParsedRecord;
import com.microdrama.ops.kafka.RangeOptions;
import com.microdrama.ops.kafka.RecordFilter;
import com.microdrama.ops.kafka.RecordJson;
import com.microdrama.ops.kafka.TopicScanner;
import com.microdrama.ops.replay.BatchSender;
import com.microdrama.ops.replay.SendReport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;

@Command(name = "dlq", description = "Dead-lettered records of entitlement-service: list, inspect one, redrive to the original topic.",
        subcommands = {DlqCommand.ListCmd.class, DlqCommand.Inspect.class, DlqCommand.Redrive.class})
public class DlqCommand {
    public static final String REASON = "dead-letter-reason";
    public static final String ORIGIN_TOPIC = "dead-letter-topic";
    public static final String ORIGIN_PARTITION = "dead-letter-partition";
    public static final String ORIGIN_OFFSET = "dead-letter-offset";
    public static final String REDRIVEN_FROM = "redriven-from-dlq";

    abstract static class Base {
        @Spec
        CommandSpec spec;

        @Mixin
        KafkaOptions kafka;

        @Option(names = "--dlq-topic", paramLabel = "TOPIC", defaultValue = Topics.ENTITLEMENT_DLQ,
                description = "Dead-letter topic (default: ${DEFAULT-VALUE})")
        String dlqTopic;
    }

    abstract static class Ranged extends Base {
        @Mixin
        RangeOptions range;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Only records whose dead-letter-reason contains TEXT (case-insensitive)")
        String reason;

        boolean selected(ParsedRecord r, RecordFilter filter) {
            if (!filter.matches(r)) {
                return false;
            }
            String why = r.header(REASON);
            return reason == null || (why != null && why.toLowerCase().contains(reason.toLowerCase()));
        }

        List<ParsedRecord> read() {
            RecordFilter filter = range.filter();
            List<ParsedRecord> out = new ArrayList<>();
            try (Admin admin = kafka.admin(); KafkaConsumer<String, byte[]> consumer = kafka.consumer()) {
                TopicScanner.Plan plan = TopicScanner.plan(admin, consumer, dlqTopic, range, false);
                TopicScanner.scan(consumer, plan, () -> false, r -> {
                    if (selected(r, filter)) {
                        out.add(r);
                    }
                    return true;
                });
            }
            return out;
        }
    }

    @Command(name = "list", description = "One line per dead-lettered record, then a count per reason.")
    public static class ListCmd extends Ranged implements Callable<Integer> {
        @Option(names = "--json", description = "JSON lines (one per record) and a final summary object")
        boolean json;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<ParsedRecord> records = read();
            Map<String, Long> perReason = new TreeMap<>();
            if (!json) {
                out.printf("%-6s %-9s %-24s %-32s %-45s %s%n", "PART", "OFFSET", "TIME", "ORIGIN", "TYPE", "REASON");
            }
            for (ParsedRecord r : records) {
                String why = String.valueOf(r.header(REASON));
                perReason.merge(why, 1L, Long::sum);
                if (json) {
                    out.println(RecordJson.write(summary(r)));
                } else {
                    out.printf("%-6d %-9d %-24s %-32s %-45s %s%n", r.record().partition(), r.record().offset(),
                            r.timestamp(), origin(r), r.typeOrInvalid(), why);
                }
            }
            if (json) {
                ObjectNode n = RecordJson.MAPPER.createObjectNode();
                n.put("total", records.size());
                ObjectNode reasons = n.putObject("perReason");
                perReason.forEach(reasons::put);
                out.println(RecordJson.write(n));
            } else {
                out.printf("%n%d dead-lettered record(s)%n", records.size());
                perReason.forEach((why, c) -> out.printf("  %5d  %s%n", c, why));
            }
            out.flush();
            return ExitCodes.OK;
        }

        private static ObjectNode summary(ParsedRecord r) {
            ObjectNode n = RecordJson.MAPPER.createObjectNode();
            n.put("partition", r.record().partition());
            n.put("offset", r.record().offset());
            n.put("timestamp", r.timestamp().toString());
            n.put("key", r.key());
            n.put("origin", origin(r));
            n.put("type", r.typeOrInvalid());
            n.put("reason", r.header(REASON));
            return n;
        }
    }

    @Command(name = "inspect", description = "Everything about one dead-lettered record: all headers and the value.")
    public static class Inspect extends Base implements Callable<Integer> {
        @Option(names = "--offset", required = true, paramLabel = "OFFSET")
        long offset;

        @Option(names = "--partition", paramLabel = "N", defaultValue = "0")
        int partition;

        @Override
        public Integer call() {
            RangeOptions one = new RangeOptions();
            one.partitions = List.of(partition);
            one.fromOffset = String.valueOf(offset);
            one.toOffset = String.valueOf(offset);
            List<ParsedRecord> found = new ArrayList<>();
            try (Admin admin = kafka.admin(); KafkaConsumer<String, byte[]> consumer = kafka.consumer()) {
                TopicScanner.Plan plan = TopicScanner.plan(admin, consumer, dlqTopic, one, false);
                TopicScanner.scan(consumer, plan, () -> false, r -> {
                    if (r.record().offset() == offset) {
                        found.add(r);
                    }
                    return true;
                });
            }
            if (found.isEmpty()) {
                throw OpsException.usage("no record at " + dlqTopic + "/" + partition + "/" + offset
                        + " (out of range, deleted by retention, or a transaction marker)");
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println(RecordJson.pretty(RecordJson.toNode(found.get(0))));
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "redrive", description = {
            "Send selected dead-lettered records back to their original topic (header dead-letter-topic) with the same key "
                    + "and value, without the dead-letter-* headers and with a 'redriven-from-dlq' header.",
            "Run it after the cause is fixed (e.g. the consumer learned a new type); consumers de-duplicate on the event id."})
    public static class Redrive extends Ranged implements Callable<Integer> {
        @Option(names = "--dry-run", description = "Only count what would be sent")
        boolean dryRun;

        @Option(names = "--to-topic", paramLabel = "TOPIC", description = "Send here instead of each record's dead-letter-topic")
        String toTopic;

        @Option(names = "--json", description = "Print the report as JSON")
        boolean json;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            SendReport report = new SendReport("redrive " + dlqTopic, dryRun);
            List<ParsedRecord> records = read();
            List<String> skipped = new ArrayList<>();
            List<ParsedRecord> toSend = new ArrayList<>();
            for (ParsedRecord r : records) {
                report.scanned();
                if (destination(r) == null) {
                    skipped.add(r.position());
                } else {
                    report.selected();
                    toSend.add(r);
                }
            }
            try (Admin admin = kafka.admin()) {
                Set<String> targets = new HashSet<>();
                toSend.forEach(r -> targets.add(destination(r)));
                targets.forEach(t -> KafkaOptions.describeTopic(admin, t));
            }
            if (dryRun) {
                toSend.forEach(r -> report.sent(r.typeOrInvalid(), r.record().partition(), r.record().offset(), destination(r)));
            } else if (!toSend.isEmpty()) {
                try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
                    BatchSender sender = new BatchSender(producer, report, 200);
                    try {
                        for (ParsedRecord r : toSend) {
                            sender.send(r, redriveRecord(r, destination(r)));
                        }
                        sender.flush();
                    } catch (BatchSender.SendFailedException e) {
                        report.print(out, json);
                        throw OpsException.failure(e.getMessage() + ": " + KafkaOptions.rootMessage(e)
                                + " -- the report above lists what was sent", e);
                    }
                }
            }
            report.print(out, json);
            if (!skipped.isEmpty()) {
                spec.commandLine().getErr().printf("skipped %d record(s) without a %s header (use --to-topic): %s%n",
                        skipped.size(), ORIGIN_TOPIC, String.join(", ", skipped));
                spec.commandLine().getErr().flush();
            }
            return ExitCodes.OK;
        }

        private String destination(ParsedRecord r) {
            return toTopic != null ? toTopic : r.header(ORIGIN_TOPIC);
        }
    }

    static ProducerRecord<String, byte[]> redriveRecord(ParsedRecord r, String topic) {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : r.record().headers()) {
            // The dead-letter-* headers describe the failure that is being fixed; carrying them back would make the
            // record look dead-lettered to anything that inspects headers.
            if (!h.key().startsWith("dead-letter-")) {
                headers.add(h);
            }
        }
        headers.add(REDRIVEN_FROM, r.position().getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(topic, null, r.record().key(), r.record().value(), headers);
    }

    static String origin(ParsedRecord r) {
        String t = r.header(ORIGIN_TOPIC);
        return t == null ? "?" : t + "/" + r.header(ORIGIN_PARTITION) + "/" + r.header(ORIGIN_OFFSET);
    }
}
