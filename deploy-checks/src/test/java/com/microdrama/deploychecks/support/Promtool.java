package com.microdrama.deploychecks.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus' own rule checker and rule unit-test runner (Debian package {@code prometheus}; .ci/run installs it when
 * missing). Without it the alert checks fail: nothing else parses PromQL as Prometheus does.
 */
public final class Promtool {
    private Promtool() {
    }

    /** What promtool printed and how it ended. */
    public record Result(int exit, String output) {
    }

    /** promtool from -Dpromtool=/path, or on PATH. */
    public static Optional<Path> find() {
        return Executables.find("promtool", "promtool");
    }

    /** {@code promtool <args...>} in {@code dir} (rule unit tests name their rule files relative to themselves). */
    public static Result run(Path dir, String... args) {
        Path promtool = find().orElseThrow(() -> new IllegalStateException(
                "promtool is not installed (it checks the alert rules and dashboard queries): run .ci/run, or "
                        + "apt-get install prometheus, or pass -Dpromtool=<path>"));
        List<String> command = new ArrayList<>();
        command.add(promtool.toString());
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            // Read before waiting: a full pipe would stall promtool.
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("promtool " + String.join(" ", args) + " timed out");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
