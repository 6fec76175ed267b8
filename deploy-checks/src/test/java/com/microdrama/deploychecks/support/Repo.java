package com.microdrama.deploychecks.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where the repository's files are, for tests run by surefire (repo.root) or from an IDE (working dir = module). */
public final class Repo {
    public static final List<String> SERVICES = List.of("payment-service", "entitlement-service", "catalog-service", "insights-service");
    public static final List<String> OVERLAYS = List.of("dev", "prod");
    /**
     * Services that run exactly one replica and no autoscaler: insights-service answers from its own Kafka Streams
     * stores, which hold every series only while it is alone (docs/decisions/0035-insights-on-kafka-streams.md).
     */
    public static final java.util.Set<String> SINGLE_INSTANCE = java.util.Set.of("insights-service");
    /**
     * Services the benchmarks do not run yet, so bench/results/latest.json has no peak RSS to size their memory by;
     * the check fails once a benchmark measures one, so its request is then sized by the measurement.
     */
    public static final java.util.Set<String> NOT_YET_BENCHMARKED = java.util.Set.of("insights-service");

    private Repo() {
    }

    public static Path root() {
        String configured = System.getProperty("repo.root");
        Path root = configured != null ? Path.of(configured) : Path.of("..");
        root = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("deploy/kubernetes"))) {
            throw new IllegalStateException("Not the repository root (no deploy/kubernetes): " + root);
        }
        return root;
    }

    public static Path kubernetes() {
        return root().resolve("deploy/kubernetes");
    }

    public static Path overlay(String name) {
        return kubernetes().resolve("overlays").resolve(name);
    }

    public static Path applicationProperties(String service) {
        return root().resolve(service).resolve("src/main/resources/application.properties");
    }
}
