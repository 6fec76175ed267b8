package com.microdrama.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microdrama.testsupport.JarProcess;
import com.microdrama.testsupport.Platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Runs the packaged ops-cli uber-jar as its own process, exactly as an operator does, against the running services,
 * broker and databases (its defaults are the local platform's addresses; Kafka and Keycloak come from
 * {@link Platform} so an overridden platform is honoured).
 */
final class OpsCliProcess {
    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    record Result(List<String> args, int exitCode, String out, String err) {
        /** stdout as one JSON document (reports, the final rebuild status). */
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("ops " + String.join(" ", args) + " did not print JSON: " + out, e);
            }
        }

        /** stdout as JSON lines (events dump). */
        List<JsonNode> jsonLines() {
            List<JsonNode> nodes = new ArrayList<>();
            for (String line : out.strip().split("\\R")) {
                if (!line.isBlank()) {
                    try {
                        nodes.add(JSON.readTree(line));
                    } catch (IOException e) {
                        throw new AssertionError("not a JSON line: " + line, e);
                    }
                }
            }
            return nodes;
        }

        List<String> errLines() {
            return err.isBlank() ? List.of() : Arrays.asList(err.strip().split("\\R"));
        }
    }

    private OpsCliProcess() {
    }

    static Result run(String... args) {
        return run(DEFAULT_TIMEOUT, args);
    }

    static Result run(Duration timeout, String... args) {
        JarProcess.Result r = JarProcess.run(jar(), Map.of("KAFKA_BOOTSTRAP_SERVERS", Platform.kafkaBootstrapServers(),
                "KEYCLOAK_URL", Platform.keycloakUrl()), timeout, List.of(args));
        Result result = new Result(List.of(args), r.exitCode(), r.out(), r.err());
        System.out.printf("$ ops %s -> exit %d%n%s", String.join(" ", args), result.exitCode(), indent(result.err()));
        return result;
    }

    /** The uber-jar the build just packaged (failsafe passes its path). */
    static Path jar() {
        String configured = System.getProperty("ops-cli.jar");
        Path jar = configured != null ? Path.of(configured) : Path.of("..", "ops-cli", "target", "ops-cli-1.0.0-SNAPSHOT-runner.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("ops-cli uber-jar not found at " + jar.toAbsolutePath()
                    + ": package it first (mvn -pl ops-cli,e2e-tests -am package -DskipTests)");
        }
        return jar;
    }

    private static String indent(String text) {
        return text.isBlank() ? "" : ("  " + text.strip().replace("\n", "\n  ") + "\n");
    }
}
