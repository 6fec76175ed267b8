package com.microdrama.e2e;

import com.microdrama.testsupport.MetricSamples;
import java.util.List;
import java.util.Optional;

/**
 * What the services' /q/metrics scrapes export together, as a query reads it: a histogram {@code x} is read through
 * {@code x_bucket}, {@code x_count} and {@code x_sum}, a summary through {@code x_count} and {@code x_sum} only, so a
 * query's name is checked against the type of the family it belongs to.
 */
record MetricsExposition(List<MetricSamples> scrapes) {
    private static final List<String> HISTOGRAM_SUFFIXES = List.of("_bucket", "_count", "_sum");

    /** Why {@code name}, as a query reads it, has no series in any scrape; empty when it has. */
    Optional<String> problem(String name) {
        boolean present = scrapes.stream().anyMatch(s -> s.hasAny(name));
        for (String suffix : HISTOGRAM_SUFFIXES) {
            if (!name.endsWith(suffix)) {
                continue;
            }
            String family = name.substring(0, name.length() - suffix.length());
            Optional<String> type = type(family);
            if (type.equals(Optional.of("histogram")) || (type.equals(Optional.of("summary")) && !suffix.equals("_bucket"))) {
                return present ? Optional.empty() : Optional.of(family + " (" + type.get() + ") has no series yet");
            }
            if (type.equals(Optional.of("summary"))) {
                return Optional.of(family + " is a summary: no " + suffix + " series (it needs a histogram)");
            }
        }
        if (present) {
            return Optional.empty();
        }
        return Optional.of(type(name).isPresent() ? name + " is declared but has no series" : name + " is not exported");
    }

    private Optional<String> type(String family) {
        return scrapes.stream().map(s -> s.type(family)).flatMap(Optional::stream).findFirst();
    }
}
