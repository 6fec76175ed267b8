package com.microdrama.ops.kafka;

import com.microdrama.ops.OpsException;

import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * An offset option: either one offset for every partition ({@code 42}) or per partition ({@code 0:42,3:17}).
 */
public record OffsetSpec(Long all, Map<Integer, Long> perPartition) {

    public static OffsetSpec parse(String text, String option) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            if (!text.contains(":")) {
                return new OffsetSpec(nonNegative(Long.parseLong(text.trim()), option), Map.of());
            }
            Map<Integer, Long> map = new TreeMap<>();
            for (String part : text.split(",")) {
                String[] kv = part.trim().split(":");
                if (kv.length != 2) {
                    throw OpsException.usage(option + ": expected OFFSET or PARTITION:OFFSET[,PARTITION:OFFSET...], got '" + text + "'");
                }
                map.put(Integer.parseInt(kv[0].trim()), nonNegative(Long.parseLong(kv[1].trim()), option));
            }
            return new OffsetSpec(null, map);
        } catch (NumberFormatException e) {
            throw OpsException.usage(option + ": not a number in '" + text + "'");
        }
    }

    private static long nonNegative(long v, String option) {
        if (v < 0) {
            throw OpsException.usage(option + ": offsets are >= 0, got " + v);
        }
        return v;
    }

    public OptionalLong forPartition(int partition) {
        if (all != null) {
            return OptionalLong.of(all);
        }
        Long v = perPartition.get(partition);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }
}
