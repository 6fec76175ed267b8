package com.microdrama.ops.kafka;

import com.microdrama.ops.OpsException;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Range and filter options shared by events dump/tail, replay and dlq. */
public class RangeOptions {

    @Option(names = "--partition", split = ",", paramLabel = "N", description = "Only these partitions (repeatable or comma-separated)")
    public List<Integer> partitions = new ArrayList<>();

    @Option(names = "--from-offset", paramLabel = "OFFSET|P:OFFSET,...",
            description = "First offset (inclusive), for all partitions or per partition (0:120,3:7)")
    public String fromOffset;

    @Option(names = "--to-offset", paramLabel = "OFFSET|P:OFFSET,...",
            description = "Last offset (inclusive), for all partitions or per partition")
    public String toOffset;

    @Option(names = "--from-time", paramLabel = "ISO-8601", description = "Records with timestamp >= this (2026-11-24T10:00:00Z, or a date)")
    public String fromTime;

    @Option(names = "--to-time", paramLabel = "ISO-8601", description = "Records with timestamp <= this")
    public String toTime;

    @Option(names = "--type", split = ",", paramLabel = "TYPE", description = "Only these CloudEvents types (repeatable); short forms like episode-purchased.v1 match the full type")
    public List<String> types = new ArrayList<>();

    @Option(names = "--user", split = ",", paramLabel = "USER_ID", description = "Only records whose key or CloudEvents subject is this user id (repeatable)")
    public List<String> users = new ArrayList<>();

    public Instant fromInstant() {
        return parseTime(fromTime, "--from-time");
    }

    public Instant toInstant() {
        return parseTime(toTime, "--to-time");
    }

    public OffsetSpec from() {
        return OffsetSpec.parse(fromOffset, "--from-offset");
    }

    public OffsetSpec to() {
        return OffsetSpec.parse(toOffset, "--to-offset");
    }

    public RecordFilter filter() {
        return new RecordFilter(fullTypes(types), Set.copyOf(users), fromInstant(), toInstant());
    }

    public Set<Integer> selectedPartitions() {
        return new TreeSet<>(partitions);
    }

    /** Operators type "episode-purchased.v1"; the log holds "com.microdrama.payment.episode-purchased.v1". */
    static Set<String> fullTypes(List<String> types) {
        Set<String> out = new TreeSet<>();
        for (String t : types) {
            if (t.startsWith("com.microdrama.")) {
                out.add(t);
            } else {
                for (String prefix : List.of("com.microdrama.payment.", "com.microdrama.catalog.", "com.microdrama.entitlement.")) {
                    out.add(prefix + t);
                }
            }
        }
        return out;
    }

    public static Instant parseTime(String text, String option) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException ignored) {
            // fall through to the friendlier forms
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException ignored) {
            // fall through
        }
        try {
            return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw OpsException.usage(option + ": '" + text + "' is not an ISO-8601 instant (e.g. 2026-11-24T10:00:00Z) or date");
        }
    }
}
