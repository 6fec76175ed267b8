package com.microdrama.e2e;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a /q/metrics page (Prometheus text format) exports: the series names of its sample lines and the type of each
 * metric family ({@code # TYPE}). A histogram {@code x} is read through {@code x_bucket}, {@code x_count} and
 * {@code x_sum}, a summary through {@code x_count} and {@code x_sum} only, so a query's name is checked against the
 * family it belongs to.
 */
record MetricsExposition(Set<String> series, Map<String, String> types) {
    private static final List<String> HISTOGRAM_SUFFIXES = List.of("_bucket", "_count", "_sum");

    static MetricsExposition parse(String text) {
        Set<String> series = new HashSet<>();
        Map<String, String> types = new HashMap<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.startsWith("# TYPE ")) {
                String[] parts = l.split("\\s+");
                if (parts.length >= 4) {
                    types.put(parts[2], parts[3]);
                }
            } else if (!l.isEmpty() && !l.startsWith("#")) {
                int end = 0;
                while (end < l.length() && l.charAt(end) != '{' && !Character.isWhitespace(l.charAt(end))) {
                    end++;
                }
                series.add(l.substring(0, end));
            }
        }
        return new MetricsExposition(series, types);
    }

    MetricsExposition plus(MetricsExposition other) {
        Set<String> s = new HashSet<>(series);
        s.addAll(other.series);
        Map<String, String> t = new HashMap<>(types);
        t.putAll(other.types);
        return new MetricsExposition(s, t);
    }

    /** Why {@code name}, as a query reads it, has no series here; empty when it has. */
    Optional<String> problem(String name) {
        for (String suffix : HISTOGRAM_SUFFIXES) {
            if (!name.endsWith(suffix)) {
                continue;
            }
            String family = name.substring(0, name.length() - suffix.length());
            String type = types.get(family);
            if ("histogram".equals(type) || ("summary".equals(type) && !suffix.equals("_bucket"))) {
                return series.contains(name) ? Optional.empty() : Optional.of(family + " (" + type + ") has no series yet");
            }
            if ("summary".equals(type)) {
                return Optional.of(family + " is a summary: no " + suffix + " series (it needs a histogram)");
            }
        }
        if (series.contains(name)) {
            return Optional.empty();
        }
        return Optional.of(types.containsKey(name) ? name + " is declared but has no series" : name + " is not exported");
    }
}
