package com.microdrama.bench;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

@Command(name = "compact-history", description = {
        "Fold every result file in bench/results/ (other than latest.json) into history.jsonl, one line per run in the "
                + "order they ran, and delete the files folded in. Runs append their line themselves; this is for "
                + "result files written otherwise (older harnesses, copies from another machine)."})
final class CompactHistoryCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        Path dir = Path.of(System.getProperty("bench.root", ".")).resolve("bench/results");
        Path history = dir.resolve(History.FILE);
        Map<String, JsonNode> lines = new LinkedHashMap<>();
        if (Files.exists(history)) {
            for (String l : Files.readAllLines(history)) {
                if (!l.isBlank()) {
                    JsonNode line = Api.JSON.readTree(l);
                    lines.put(line.path("file").asText(), line);
                }
            }
        }
        List<Path> folded = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                String name = f.getFileName().toString();
                if (name.equals(ResultsPage.LATEST)) {
                    continue;
                }
                // a "…latest.json" is a copy of a run's own file; a run without its file gets its line from the copy
                JsonNode r = Api.JSON.readTree(f.toFile());
                String key = name.endsWith("latest.json") ? r.path("run").path("started").asText(name) : name;
                if (name.endsWith("latest.json") && lines.values().stream().anyMatch(l -> l.path("started").asText().equals(key))) {
                    folded.add(f);
                    continue;
                }
                lines.put(name, History.line(name, r));
                folded.add(f);
            }
        }
        StringBuilder out = new StringBuilder();
        lines.values().stream().sorted(Comparator.comparing(l -> l.path("started").asText()))
                .forEach(l -> out.append(l).append('\n'));
        Files.writeString(history, out.toString());
        for (Path f : folded) {
            Files.delete(f);
        }
        Run.log("%s: %d runs; folded in and deleted %d files", history, lines.size(), folded.size());
        return 0;
    }
}
