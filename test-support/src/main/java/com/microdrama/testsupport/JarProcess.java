package com.microdrama.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A packaged runnable jar (ops-cli's uber-jar) run as its own process with the test JVM's java, as an operator or a
 * Job runs it; stdout and stderr captured whole.
 */
public final class JarProcess {
    public record Result(int exitCode, String out, String err) {
    }

    private JarProcess() {
    }

    /** Runs {@code java -jar jar args}; {@code env} is applied to the inherited environment (a null value removes). */
    public static Result run(Path jar, Map<String, String> env, Duration timeout, List<String> args) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no jar at " + jar.toAbsolutePath() + ": package it first (mvn package)");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        command.addAll(args);
        try {
            Path out = Files.createTempFile("jar-process-", ".out");
            Path err = Files.createTempFile("jar-process-", ".err");
            try {
                ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
                env.forEach((name, value) -> {
                    if (value == null) {
                        pb.environment().remove(name);
                    } else {
                        pb.environment().put(name, value);
                    }
                });
                Process process = pb.start();
                if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    throw new AssertionError(jar.getFileName() + " " + String.join(" ", args) + " still running after "
                            + timeout + "; stderr so far:\n" + Files.readString(err, StandardCharsets.UTF_8));
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
