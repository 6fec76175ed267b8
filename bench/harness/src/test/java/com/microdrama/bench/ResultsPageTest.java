package com.microdrama.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultsPageTest {
    /** The module's directory is bench/harness when Maven runs the tests. */
    private static final Path BENCH = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theCommittedResultsPageIsWhatTheGeneratorMakesOfTheCommittedLatestJson() throws Exception {
        JsonNode latest = Api.JSON.readTree(BENCH.resolve("results").resolve(ResultsPage.LATEST).toFile());
        assertEquals(ResultsPage.render(latest), Files.readString(BENCH.resolve(ResultsPage.PAGE)),
                "bench/RESULTS.md is stale: run `bash bench/harness.sh report` from the repository root");
    }

    @Test
    void theResultsPageJudgesEachTargetFromTheNumbers() throws Exception {
        JsonNode r = Api.JSON.readTree("""
                {"run": {"started": "2026-12-01T00:00:00Z"}, "playback": {"throughput_ratio": 0.4, "p99_ms": 12.5},
                 "faults": {"mismatches": 0, "scenarios": {"s": {"sent": 3, "note": "a | b"}}}}""");
        String page = ResultsPage.render(r);
        assertTrue(page.contains("| `playback.throughput_ratio` | 0.4 | ≥ 0.5 | MISSED |"), page);
        assertTrue(page.contains("| `playback.p99_ms` | 12.5 | < 20 | met |"), page);
        assertTrue(page.contains("| `series_page.p99_ms` | - | < 30 |  |"), page);
        assertTrue(page.contains("| `s` | 3 |"), page);
        assertTrue(page.contains("a \\| b"), page);
    }

    @Test
    void everyHistoryLineNamesItsRunAndCarriesOnlyHeadlineKeys() throws Exception {
        List<String> lines = Files.readAllLines(BENCH.resolve("results").resolve(History.FILE));
        assertTrue(lines.size() > 100, "history.jsonl holds the runs since 2026-11-24: " + lines.size());
        List<String> allowed = new java.util.ArrayList<>(List.of("file", "started", "mode", "load_average_start", "error"));
        Metrics.HEADLINE.forEach(m -> allowed.add(m.key()));
        String previous = "";
        for (String l : lines) {
            JsonNode line = Api.JSON.readTree(l);
            assertTrue(line.path("file").asText().endsWith(".json"), l);
            line.fieldNames().forEachRemaining(k -> assertTrue(allowed.contains(k), "unexpected key " + k + " in " + l));
            String started = line.path("started").asText();
            assertTrue(started.compareTo(previous) >= 0, "history.jsonl is not in the order the runs started: " + l);
            previous = started;
        }
    }

    @Test
    void aHistoryLineTakesTheModeFromTheFileNameAndTheTimeFromTheRun() throws Exception {
        JsonNode line = History.line("faults-20261201T175453Z.json", Api.JSON.readTree("""
                {"run": {"mode": "--help", "started": "2026-12-01T17:54:53.9Z"}, "faults": {"mismatches": 0}}"""));
        assertEquals("faults", line.path("mode").asText());
        assertEquals("2026-12-01T17:54:53.9Z", line.path("started").asText());
        assertEquals(0, line.path("faults.mismatches").asInt());
        assertEquals("2026-11-24T23:48:18Z", History.startedFromName("20261124T234818Z.json"));
    }
}
