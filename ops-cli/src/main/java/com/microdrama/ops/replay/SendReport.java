package com.microdrama.ops.replay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microdrama.ops.kafka.RecordJson;

import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exactly what a replay or redrive did: records acknowledged by the broker (or counted, in a dry run) per type, and
 * the first/last source offset per partition. Only acknowledged records are counted, so after a failure the report
 * tells the operator where to resume.
 */
public final class SendReport {
    private final String action;
    private final boolean dryRun;
    private long scanned;
    private long selected;
    private long sent;
    private final Map<String, Long> perType = new TreeMap<>();
    private final Map<Integer, long[]> offsets = new TreeMap<>();
    private final Map<String, Long> perTarget = new TreeMap<>();
    private String failure;
    private String failedAt;

    public SendReport(String action, boolean dryRun) {
        this.action = action;
        this.dryRun = dryRun;
    }

    public void scanned() {
        scanned++;
    }

    public void selected() {
        selected++;
    }

    public void sent(String type, int partition, long offset, String target) {
        sent++;
        perType.merge(type, 1L, Long::sum);
        perTarget.merge(target, 1L, Long::sum);
        offsets.compute(partition, (p, fl) -> fl == null ? new long[]{offset, offset}
                : new long[]{Math.min(fl[0], offset), Math.max(fl[1], offset)});
    }

    public void failed(String position, String why) {
        failedAt = position;
        failure = why;
    }

    public boolean hasFailed() {
        return failure != null;
    }

    public long scannedCount() {
        return scanned;
    }

    public long sentCount() {
        return sent;
    }

    public Map<String, Long> perType() {
        return perType;
    }

    public Map<String, Long> perTarget() {
        return perTarget;
    }

    public Map<Integer, long[]> offsets() {
        return offsets;
    }

    public ObjectNode toJson() {
        ObjectNode n = RecordJson.MAPPER.createObjectNode();
        n.put("action", action);
        n.put("dryRun", dryRun);
        n.put("scanned", scanned);
        n.put("selected", selected);
        n.put(dryRun ? "wouldSend" : "sent", sent);
        ObjectNode types = n.putObject("perType");
        perType.forEach(types::put);
        ObjectNode targets = n.putObject("perTarget");
        perTarget.forEach(targets::put);
        ObjectNode parts = n.putObject("sourceOffsets");
        offsets.forEach((p, fl) -> {
            ObjectNode o = parts.putObject(String.valueOf(p));
            o.put("first", fl[0]);
            o.put("last", fl[1]);
        });
        if (failure != null) {
            n.put("failedAt", failedAt);
            n.put("failure", failure);
        }
        return n;
    }

    public void print(PrintWriter out, boolean json) {
        if (json) {
            out.println(RecordJson.write(toJson()));
        } else {
            out.printf("%s%s: scanned %d, selected %d, %s %d%n", action, dryRun ? " (dry run)" : "", scanned, selected,
                    dryRun ? "would send" : "sent", sent);
            perType.forEach((t, c) -> out.printf("  %-55s %d%n", t, c));
            perTarget.forEach((t, c) -> out.printf("  -> %-52s %d%n", t, c));
            offsets.forEach((p, fl) -> out.printf("  source partition %d: offsets %d..%d%n", p, fl[0], fl[1]));
            if (failure != null) {
                out.printf("  STOPPED at %s: %s (only the records counted above were acknowledged; nothing after the failed batch was sent)%n", failedAt, failure);
            }
        }
        out.flush();
    }
}
