package com.microdrama.ops.reconcile;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microdrama.events.EventEnvelope;
import com.microdrama.events.Topics;
import com.microdrama.ops.ExitCodes;
import com.microdrama.ops.OpsException;
import com.microdrama.ops.kafka.KafkaOptions;
import com.microdrama.ops.kafka.RecordJson;
import com.microdrama.ops.reconcile.Rows.Snapshot;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

@Command(name = "reconcile", description = {
        "Compare payment-service's purchases with entitlement-service's entitlements (both databases read-only) and "
                + "report every mismatch. Exit code 0 when clean, 3 when mismatches remain.",
        "--repair emits corrective events to payment-events (never edits tables); entitlement-service applies them."})
public class ReconcileCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DbOptions db;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--user", split = ",", paramLabel = "USER_ID", description = "Only these users (repeatable)")
    List<String> users = new ArrayList<>();

    @Option(names = "--json", description = "Print a JSON summary instead of the table")
    boolean json;

    @Option(names = "--repair", description = "Emit the corrective event for every repairable mismatch")
    boolean repair;

    @Option(names = "--repair-topic", paramLabel = "TOPIC", defaultValue = Topics.PAYMENT_EVENTS,
            description = "Where corrective events go (default: ${DEFAULT-VALUE})")
    String repairTopic;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "0",
            description = "After --repair, re-check every 2 s for up to SECONDS until the repaired mismatches are gone")
    int waitSeconds;

    @Override
    public Integer call() throws Exception {
        if (waitSeconds < 0) {
            throw OpsException.usage("--wait must be >= 0");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Instant now = Instant.now();
        Snapshot snapshot = snapshot();
        List<Mismatch> mismatches = Reconciler.find(snapshot, now);
        List<ObjectNode> repairs = new ArrayList<>();
        if (repair && !mismatches.isEmpty()) {
            repairs = emitRepairs(mismatches, snapshot, now);
        }
        print(out, snapshot, mismatches, repairs, "");
        if (repair && !repairs.isEmpty() && waitSeconds > 0) {
            long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
            List<Mismatch> after = mismatches;
            while (System.nanoTime() < deadline) {
                Thread.sleep(2000);
                after = Reconciler.find(snapshot(), Instant.now());
                if (after.stream().noneMatch(m -> m.repairType() != null)) {
                    break;
                }
            }
            err.printf("re-check after repair: %d mismatch(es) remain%n", after.size());
            err.flush();
            print(out, snapshot(), after, List.of(), "after repair: ");
            mismatches = after;
        }
        return mismatches.isEmpty() ? ExitCodes.OK : ExitCodes.MISMATCHES;
    }

    private Snapshot snapshot() {
        try (Connection payments = db.payments(); Connection entitlements = db.entitlements()) {
            return SnapshotLoader.load(payments, entitlements, users);
        } catch (SQLException e) {
            throw OpsException.failure("reading the databases failed: " + e.getMessage(), e);
        }
    }

    private List<ObjectNode> emitRepairs(List<Mismatch> mismatches, Snapshot snapshot, Instant now) {
        List<ObjectNode> sent = new ArrayList<>();
        try (Admin admin = kafka.admin()) {
            KafkaOptions.describeTopic(admin, repairTopic);
        }
        try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
            for (Mismatch m : mismatches) {
                EventEnvelope event = Repairs.eventFor(m, snapshot, now).orElse(null);
                if (event == null) {
                    continue;
                }
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(repairTopic, event.subject(),
                        event.toJson().getBytes(StandardCharsets.UTF_8));
                record.headers().add("reconcile-repair", m.kind().name().getBytes(StandardCharsets.UTF_8));
                try {
                    // One at a time and acknowledged: the printed list is exactly what reached the topic.
                    RecordMetadata md = producer.send(record).get();
                    ObjectNode n = RecordJson.MAPPER.createObjectNode();
                    n.put("mismatch", m.kind().name());
                    n.put("purchaseId", m.purchaseId());
                    n.put("type", event.type());
                    n.put("eventId", event.id());
                    n.put("topic", md.topic());
                    n.put("partition", md.partition());
                    n.put("offset", md.offset());
                    sent.add(n);
                } catch (ExecutionException e) {
                    print(spec.commandLine().getOut(), snapshot, mismatches, sent, "");
                    throw OpsException.failure("sending the repair for " + m.purchaseId() + " failed after " + sent.size()
                            + " repair event(s) were sent (listed above): " + KafkaOptions.rootMessage(e), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw OpsException.failure("interrupted after " + sent.size() + " repair event(s)", e);
                }
            }
        }
        return sent;
    }

    private void print(PrintWriter out, Snapshot s, List<Mismatch> mismatches, List<ObjectNode> repairs, String prefix) {
        Map<String, Long> perKind = MismatchReport.perKind(mismatches, Mismatch::kind);
        if (json) {
            ObjectNode n = RecordJson.MAPPER.createObjectNode();
            n.put("phase", prefix.isEmpty() ? "check" : "after-repair");
            n.put("clean", mismatches.isEmpty());
            ObjectNode scanned = n.putObject("scanned");
            scanned.put("unlocks", s.unlocks().size());
            scanned.put("subscriptions", s.subscriptions().size());
            scanned.put("entitlements", s.entitlements().size());
            MismatchReport.put(n, perKind, mismatches);
            if (repair && prefix.isEmpty()) {
                ArrayNode r = n.putArray("repairs");
                repairs.forEach(r::add);
            }
            out.println(RecordJson.write(n));
        } else {
            out.printf("%sreconcile: %d unlocks, %d subscriptions, %d entitlements checked: %d mismatch(es)%n", prefix,
                    s.unlocks().size(), s.subscriptions().size(), s.entitlements().size(), mismatches.size());
            if (!mismatches.isEmpty()) {
                out.printf("%-22s %-38s %-38s %-38s %-47s %s%n", "KIND", "USER", "PURCHASE/SOURCE", "ENTITLEMENT", "REPAIR", "DETAIL");
                for (Mismatch m : mismatches) {
                    out.printf("%-22s %-38s %-38s %-38s %-47s %s%n", m.kind(), m.userId(), m.purchaseId(),
                            m.entitlementId() == null ? "-" : m.entitlementId(),
                            m.repairType() == null ? "(manual)" : m.repairType(), m.detail());
                }
                perKind.forEach((k, c) -> out.printf("  %-22s %d%n", k, c));
            }
            for (ObjectNode r : repairs) {
                out.printf("repair sent: %s %s for %s -> %s/%s/%s%n", r.get("type").asText(), r.get("eventId").asText(),
                        r.get("purchaseId").asText(), r.get("topic").asText(), r.get("partition").asText(), r.get("offset").asText());
            }
        }
        out.flush();
    }
}
