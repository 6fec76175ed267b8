package com.microdrama.testsupport;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One scrape of a service's {@code /q/metrics} (Prometheus text format), for tests that assert what a flow counted:
 * take one scrape before and one after, and compare a series' values ({@link #delta}). Series are named as Prometheus
 * shows them, labels in any order.
 */
public final class MetricSamples {
    private final Map<String, Double> values;
    private final Map<String, String> types;

    private MetricSamples(Map<String, Double> values, Map<String, String> types) {
        this.values = values;
        this.types = types;
    }

    /**
     * Parses the text format: {@code name{label="value",...} number} and {@code # TYPE name type}; other comments and
     * blank lines are skipped.
     */
    public static MetricSamples parse(String text) {
        Map<String, Double> values = new HashMap<>();
        Map<String, String> types = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] words = line.trim().split("\\s+");
                if (words.length >= 4) {
                    types.put(words[2], words[3]);
                }
                continue;
            }
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int end = line.lastIndexOf('}');
            int space = line.indexOf(' ', end < 0 ? 0 : end);
            if (space < 0) {
                continue;
            }
            String series = line.substring(0, space);
            String[] rest = line.substring(space + 1).trim().split(" ");
            values.put(normalized(series), number(rest[0]));
        }
        return new MetricSamples(values, types);
    }

    /** A sample value; the text format writes infinities as Prometheus does, which Java's parser does not read. */
    private static double number(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    /** The type a {@code # TYPE} line gives a metric family ({@code histogram}, {@code summary}, {@code counter}, ...). */
    public Optional<String> type(String family) {
        return Optional.ofNullable(types.get(family));
    }

    /** Whether the series exists, e.g. {@code has("microdrama_purchases_total", "provider", "stripe", "status", "failed")}. */
    public boolean has(String name, String... labels) {
        return values.containsKey(key(name, labels));
    }

    /** Whether any series of this name exists, whatever its labels. */
    public boolean hasAny(String name) {
        return values.keySet().stream().anyMatch(series -> series.equals(name) || series.startsWith(name + "{"));
    }

    /** The series' value; fails when the service does not export it. */
    public double value(String name, String... labels) {
        Double value = values.get(key(name, labels));
        if (value == null) {
            throw new AssertionError("no series " + key(name, labels) + " in the scrape");
        }
        return value;
    }

    /** How much the series grew since {@code before} (absent before counts as 0). */
    public double delta(MetricSamples before, String name, String... labels) {
        return value(name, labels) - before.values.getOrDefault(key(name, labels), 0.0);
    }

    private static String key(String name, String... labels) {
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name, value pairs");
        }
        Map<String, String> sorted = new TreeMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            sorted.put(labels[i], labels[i + 1]);
        }
        return format(name, sorted);
    }

    /** The series with its labels sorted by name, so that a lookup need not know the exporter's order. */
    private static String normalized(String series) {
        int open = series.indexOf('{');
        if (open < 0) {
            return series;
        }
        Map<String, String> sorted = new TreeMap<>();
        String body = series.substring(open + 1, series.lastIndexOf('}'));
        int i = 0;
        while (i < body.length()) {
            int eq = body.indexOf('=', i);
            int quote = body.indexOf('"', eq + 2);
            while (body.charAt(quote - 1) == '\\') {
                quote = body.indexOf('"', quote + 1);
            }
            sorted.put(body.substring(i, eq).trim(), body.substring(eq + 2, quote));
            i = quote + 1;
            if (i < body.length() && body.charAt(i) == ',') {
                i++;
            }
        }
        return format(series.substring(0, open), sorted);
    }

    private static String format(String name, Map<String, String> labels) {
        if (labels.isEmpty()) {
            return name;
        }
        StringBuilder out = new StringBuilder(name).append('{');
        labels.forEach((label, value) -> out.append(label).append("=\"").append(value).append("\","));
        out.setLength(out.length() - 1);
        return out.append('}').toString();
    }
}
