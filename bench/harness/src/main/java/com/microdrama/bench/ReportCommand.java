package com.microdrama.bench;

import picocli.CommandLine.Command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "report", description = "Write bench/RESULTS.md from bench/results/latest.json (a full run does it too).")
final class ReportCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        Path bench = Path.of(System.getProperty("bench.root", ".")).resolve("bench");
        Path page = bench.resolve(ResultsPage.PAGE);
        Files.writeString(page, ResultsPage.render(Api.JSON.readTree(bench.resolve("results").resolve(ResultsPage.LATEST).toFile())));
        Run.log("wrote %s", page);
        return 0;
    }
}
