package com.microdrama.deploychecks.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where the repository's files are, for tests run by surefire (repo.root) or from an IDE (working dir = module). */
public final class Repo {
    public static final List<String> SERVICES = List.of("payment-service", "entitlement-service", "catalog-service");
    public static final List<String> OVERLAYS = List.of("dev", "prod");

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
