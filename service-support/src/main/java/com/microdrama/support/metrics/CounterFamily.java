package com.microdrama.support.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One counter name with a fixed list of labels, one {@link Counter} per combination of values, kept here so that a
 * hot path increments a held instance instead of looking the meter up by name and tags on every call. The values
 * must come from a bounded set the code defines (provider ids, enum names), never from a client
 * (docs/decisions/0026-business-metrics.md).
 */
public final class CounterFamily {
    private final MeterRegistry registry;
    private final String name;
    private final String description;
    private final String[] labels;
    private final ConcurrentHashMap<List<String>, Counter> counters = new ConcurrentHashMap<>();

    public CounterFamily(MeterRegistry registry, String name, String description, String... labels) {
        this.registry = registry;
        this.name = name;
        this.description = description;
        this.labels = labels.clone();
    }

    /** The counter of these label values (in the order of the labels), registered on first use. */
    public Counter of(String... values) {
        if (values.length != labels.length) {
            throw new IllegalArgumentException(name + " takes " + labels.length + " label values, not " + values.length);
        }
        return counters.computeIfAbsent(List.of(values), this::register);
    }

    /** Registers the combination at 0, so that a freshly started service already exports it. */
    public CounterFamily register(String... values) {
        of(values);
        return this;
    }

    public void increment(String... values) {
        of(values).increment();
    }

    private Counter register(List<String> values) {
        Counter.Builder builder = Counter.builder(name).description(description);
        for (int i = 0; i < labels.length; i++) {
            builder.tag(labels[i], values.get(i));
        }
        return builder.register(registry);
    }
}
