package com.microdrama.ops.reconcile;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microdrama.ops.kafka.RecordJson;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** The part of a reconcile report every reconcile command prints alike: counts per kind and the mismatches. */
final class MismatchReport {
    private MismatchReport() {
    }

    static <T> Map<String, Long> perKind(List<T> mismatches, Function<T, Enum<?>> kind) {
        Map<String, Long> perKind = new TreeMap<>();
        mismatches.forEach(m -> perKind.merge(kind.apply(m).name(), 1L, Long::sum));
        return perKind;
    }

    /** {@code mismatchCount}, {@code perKind} and {@code mismatches} (each record as its JSON object). */
    static void put(ObjectNode report, Map<String, Long> perKind, List<?> mismatches) {
        report.put("mismatchCount", mismatches.size());
        ObjectNode kinds = report.putObject("perKind");
        perKind.forEach(kinds::put);
        ArrayNode list = report.putArray("mismatches");
        mismatches.forEach(m -> list.add(RecordJson.MAPPER.valueToTree(m)));
    }
}
