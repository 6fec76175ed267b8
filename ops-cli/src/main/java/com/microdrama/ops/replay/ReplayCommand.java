package com.microdrama.ops.replay;

import com.microdrama.ops.ExitCodes;
import com.microdrama.ops.OpsException;
import com.microdrama.ops.kafka.KafkaOptions;
import com.microdrama.ops.kafka.PartitionRange;
import com.microdrama.ops.kafka.ParsedRecord;
import com.microdrama.ops.kafka.RangeOptions;
import com.microdrama.ops.kafka.RecordFilter;
import com.microdrama.ops.kafka.RecordJson;
import com.microdrama.ops.kafka.TopicScanner;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

@Command(name = "replay", description = {
        "Re-send a range of records from one topic to another (keeping key, value and headers, plus a 'replayed-from' header), "
                + "or reset a consumer group's offsets to the start of the range so the live consumer re-reads it.",
        "Consumers de-duplicate on the CloudEvents id, which a replay keeps."})
public class ReplayCommand implements Callable<Integer> {
    public static final String REPLAYED_FROM = "replayed-from";

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    RangeOptions range;

    @Option(names = "--from-topic", required = true, paramLabel = "TOPIC", description = "Topic to read from")
    String fromTopic;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static class Target {
        @Option(names = "--to-topic", paramLabel = "TOPIC", description = "Topic to write the selected records to")
        String topic;

        @Option(names = "--to-consumer-group", paramLabel = "GROUP",
                description = "Reset this group's committed offsets on --from-topic to the range start (the group must be stopped)")
        String group;
    }

    @Option(names = "--dry-run", description = "Only count what would be sent (per type), or show the offsets a reset would set")
    boolean dryRun;

    @Option(names = "--rate", paramLabel = "N", description = "At most N records per second (default: unlimited)")
    double rate;

    @Option(names = "--allow-same-topic", description = "Allow --to-topic to equal --from-topic (re-delivery in place)")
    boolean allowSameTopic;

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "AUTO",
            description = "Progress on stderr: ${COMPLETION-CANDIDATES} (auto = bar on a terminal, else a line every 5 s)")
    Progress.Mode progressMode;

    @Option(names = "--json", description = "Print the final report as JSON")
    boolean json;

    @Override
    public Integer call() {
        if (rate < 0) {
            throw OpsException.usage("--rate must be > 0");
        }
        return target.group != null ? resetGroup() : copy();
    }

    private int copy() {
        if (target.topic.equals(fromTopic) && !allowSameTopic) {
            throw OpsException.usage("--to-topic equals --from-topic; add --allow-same-topic if you mean it");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RecordFilter filter = range.filter();
        SendReport report = new SendReport("replay " + fromTopic + " -> " + target.topic, dryRun);
        try (Admin admin = kafka.admin(); KafkaConsumer<String, byte[]> consumer = kafka.consumer()) {
            TopicScanner.Plan plan = TopicScanner.plan(admin, consumer, fromTopic, range, false);
            KafkaOptions.describeTopic(admin, target.topic);
            Progress progress = new Progress(err, progressMode, plan.total(), "replay");
            if (dryRun) {
                TopicScanner.scan(consumer, plan, () -> false, r -> {
                    report.scanned();
                    if (filter.matches(r)) {
                        report.selected();
                        report.sent(r.typeOrInvalid(), r.record().partition(), r.record().offset(), target.topic);
                    }
                    progress.update(report.scannedCount(), report.sentCount());
                    return true;
                });
            } else {
                try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
                    BatchSender sender = new BatchSender(producer, report, 200);
                    RateLimiter limiter = new RateLimiter(rate, System.nanoTime());
                    try {
                        TopicScanner.scan(consumer, plan, () -> false, r -> {
                            report.scanned();
                            if (filter.matches(r)) {
                                report.selected();
                                acquire(limiter);
                                sender.send(r, replayRecord(r, target.topic, REPLAYED_FROM));
                            }
                            progress.update(report.scannedCount(), report.sentCount());
                            return true;
                        });
                        sender.flush();
                    } catch (BatchSender.SendFailedException e) {
                        progress.done(report.scannedCount(), report.sentCount());
                        report.print(out, json);
                        throw OpsException.failure(e.getMessage() + ": " + KafkaOptions.rootMessage(e)
                                + " -- the report above lists what was sent", e);
                    }
                }
            }
            progress.done(report.scannedCount(), report.sentCount());
        }
        report.print(out, json);
        return ExitCodes.OK;
    }

    private static void acquire(RateLimiter limiter) {
        try {
            limiter.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw OpsException.failure("interrupted", e);
        }
    }

    /** Same key, value and headers (so the same CloudEvents id), plus where it came from. */
    public static ProducerRecord<String, byte[]> replayRecord(ParsedRecord r, String toTopic, String markerHeader) {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : r.record().headers()) {
            headers.add(h);
        }
        headers.add(markerHeader, r.position().getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(toTopic, null, r.record().key(), r.record().value(), headers);
    }

    private int resetGroup() {
        RecordFilter filter = range.filter();
        if (!filter.types().isEmpty() || !filter.users().isEmpty() || range.toTime != null || range.toOffset != null) {
            throw OpsException.usage("--to-consumer-group re-reads everything from the range start: --type, --user, "
                    + "--to-time and --to-offset cannot apply (use --to-topic to replay a filtered selection)");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Admin admin = kafka.admin(); KafkaConsumer<String, byte[]> consumer = kafka.consumer()) {
            TopicScanner.Plan plan = TopicScanner.plan(admin, consumer, fromTopic, range, false);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(target.group)
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetAndMetadata> reset = new LinkedHashMap<>();
            for (PartitionRange r : plan.ranges()) {
                reset.put(new TopicPartition(fromTopic, r.partition()),
                        new OffsetAndMetadata(r.start(), "ops-cli replay reset"));
            }
            if (!dryRun) {
                ConsumerGroupDescription d = admin.describeConsumerGroups(Set.of(target.group))
                        .describedGroups().get(target.group).get();
                if (!d.members().isEmpty() || !(d.groupState() == GroupState.EMPTY || d.groupState() == GroupState.DEAD)) {
                    throw new OpsException(ExitCodes.FAILURE, "consumer group '" + target.group + "' is "
                            + d.groupState() + " with " + d.members().size()
                            + " member(s): stop its consumers first (Kafka only lets an inactive group's offsets be reset)");
                }
                admin.alterConsumerGroupOffsets(target.group, reset).all().get();
            }
            ObjectNode n = RecordJson.MAPPER.createObjectNode();
            n.put("action", "reset consumer group");
            n.put("group", target.group);
            n.put("topic", fromTopic);
            n.put("dryRun", dryRun);
            ObjectNode parts = n.putObject("partitions");
            long toReread = 0;
            for (PartitionRange r : plan.ranges()) {
                TopicPartition tp = new TopicPartition(fromTopic, r.partition());
                OffsetAndMetadata before = committed.get(tp);
                ObjectNode p = parts.putObject(String.valueOf(r.partition()));
                if (before != null) {
                    p.put("committedBefore", before.offset());
                } else {
                    p.putNull("committedBefore");
                }
                p.put("resetTo", r.start());
                p.put("endOffset", r.end());
                toReread += r.end() - r.start();
            }
            n.put("recordsToReread", toReread);
            if (json) {
                out.println(RecordJson.write(n));
            } else {
                out.printf("%s consumer group %s on %s: %d records will be re-read%n",
                        dryRun ? "would reset" : "reset", target.group, fromTopic, toReread);
                parts.fields().forEachRemaining(e -> out.printf("  partition %s: committed %s -> %s (end %s)%n", e.getKey(),
                        e.getValue().get("committedBefore"), e.getValue().get("resetTo"), e.getValue().get("endOffset")));
            }
            out.flush();
            return ExitCodes.OK;
        } catch (ExecutionException e) {
            throw OpsException.failure("resetting group '" + target.group + "' failed: " + KafkaOptions.rootMessage(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw OpsException.failure("interrupted", e);
        }
    }
}
