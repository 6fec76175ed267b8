package com.microdrama.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the failsafe tests of this module share: run a bench script from the repository root into a log, kill it (and
 * with it, through its shutdown hook, the services it started) if it overruns, and read the result file it wrote.
 */
final class HarnessRun {

    static final Path ROOT = Path.of(System.getProperty("bench.root", "..")).resolve("..").toAbsolutePath().normalize();

    private HarnessRun() {
    }

    /** Runs {@code command} (e.g. bash bench/run.sh --smoke); returns {@code result}, which it must have written. */
    static JsonNode run(List<String> command, String log, String result, int timeoutSeconds, String what) throws Exception {
        Path latest = ROOT.resolve(".local/bench/results").resolve(result);
        Files.deleteIfExists(latest);
        Path logFile = ROOT.resolve(".local/bench").resolve(log);
        Files.createDirectories(logFile.getParent());
        Process p = new ProcessBuilder(command).directory(ROOT.toFile())
                .redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
        try {
            assertTrue(p.waitFor(timeoutSeconds, TimeUnit.SECONDS), what + " did not finish in time; see " + logFile);
        } finally {
            if (p.isAlive()) {
                p.destroy(); // SIGTERM: the harness's shutdown hook stops the services it started
                p.waitFor(30, TimeUnit.SECONDS);
                p.destroyForcibly();
            }
        }
        assertEquals(0, p.exitValue(), what + " failed; see " + logFile);
        JsonNode r = new ObjectMapper().readTree(latest.toFile());
        assertFalse(r.has("error"), () -> "harness error: " + r.path("error"));
        return r;
    }
}
