package com.microdrama.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One run of a benchmark command: its time, its names for scratch topics, users and series, and the results it
 * collects and writes ({@link #finish}).
 */
final class Run {
    /** A run's time in its result file names (UTC). */
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** Where every run's full result file goes: on this machine only (.local is git-ignored). */
    static final String LOCAL_RESULTS = ".local/bench/results";

    final Path root;
    final Instant started = Instant.now();
    final String stamp = STAMP.format(started);
    /** Names the run's scratch topics, users and series: lower case, unique enough for runs on one machine. */
    final String runId;
    final Map<String, Object> results = new LinkedHashMap<>();

    Run(String runIdPrefix) {
        root = Path.of(System.getProperty("bench.root", ".")).toAbsolutePath().normalize();
        runId = runIdPrefix + stamp.toLowerCase().replace("t", "-").replace("z", "") + "-" + (int) (Math.random() * 1000);
    }

    /** The run's description, first key of its results: when, which command, the machine and its load. */
    void describe(String command, Map<String, Object> details) {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("started", started.toString());
        run.put("mode", command);
        run.putAll(details);
        run.put("machine", machine(root));
        run.put("load_average_start", loadAverage());
        results.put("run", run);
    }

    /**
     * Stamps the end of the run and writes its results: the full file {@code <prefix><stamp>.json} under
     * .local/bench/results/ and one line in bench/results/history.jsonl. A smoke run (a test, not a measurement) adds
     * no history line and writes {@code <prefix>latest-smoke.json} beside its file; with {@code publish} a run replaces
     * bench/results/latest.json and the page made from it, bench/RESULTS.md.
     */
    JsonNode finish(String prefix, boolean smoke, boolean publish) throws IOException {
        results.put("load_average_end", loadAverage());
        results.put("finished", Instant.now().toString());
        String json = Api.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(results);
        Path local = root.resolve(LOCAL_RESULTS);
        Path file = local.resolve(prefix + stamp + (smoke ? "-smoke" : "") + ".json");
        Files.createDirectories(local);
        Files.writeString(file, json);
        JsonNode tree = Api.JSON.readTree(json);
        Path committed = root.resolve("bench/results");
        if (smoke) {
            Files.writeString(local.resolve(prefix + "latest-smoke.json"), json);
        } else {
            Files.createDirectories(committed);
            Files.writeString(committed.resolve(History.FILE), Api.JSON.writeValueAsString(History.line(file.getFileName().toString(), tree)) + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            if (publish) {
                Files.writeString(committed.resolve(ResultsPage.LATEST), json);
                Files.writeString(root.resolve("bench").resolve(ResultsPage.PAGE), ResultsPage.render(tree));
            }
        }
        log("results: %s", file);
        return tree;
    }

    static double round(double v) {
        return Math.abs(v) < 10 ? Math.round(v * 10000) / 10000.0 : Math.round(v * 100) / 100.0;
    }

    static Map<String, Long> rssOf(Fleet fleet) throws IOException {
        Map<String, Long> rss = new LinkedHashMap<>();
        for (String s : Fleet.SERVICES) {
            rss.put(s, fleet.rssMb(s));
        }
        return rss;
    }

    /** {@link Fleet#ownMb} of each service. */
    static Map<String, Long> ownMemoryOf(Fleet fleet) throws IOException {
        Map<String, Long> own = new LinkedHashMap<>();
        for (String s : Fleet.SERVICES) {
            own.put(s, fleet.ownMb(s));
        }
        return own;
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static String serviceJdk(Path root) {
        try {
            Path home = Fleet.javaHome(root);
            return Files.readAllLines(home.resolve("release")).stream()
                    .filter(l -> l.startsWith("IMPLEMENTOR=") || l.startsWith("JAVA_RUNTIME_VERSION="))
                    .map(l -> l.substring(l.indexOf('=') + 1).replace("\"", ""))
                    .reduce((a, b) -> a + " " + b).orElse(home.toString());
        } catch (Exception e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static Map<String, Object> machine(Path root) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nproc", Runtime.getRuntime().availableProcessors());
        try {
            String mem = Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("[^0-9]", "");
            m.put("memory_mb", Long.parseLong(mem) / 1024);
        } catch (Exception e) {
            m.put("memory_mb", -1);
        }
        // the services' runtime (deploy/local/services.sh java-home), not the harness's own JVM
        m.put("jdk", serviceJdk(root));
        return m;
    }

    static void log(String fmt, Object... args) {
        System.out.printf("[bench %s] %s%n", Instant.now().toString().substring(11, 19), String.format(fmt, args));
    }
}
