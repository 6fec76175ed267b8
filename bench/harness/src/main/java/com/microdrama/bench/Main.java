package com.microdrama.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The harness's commands, run by bench/harness.sh (bench/run.sh is {@code bench}, bench/faults.sh is {@code faults});
 * {@code help <command>} lists a command's options. Each measuring command writes its full result file to
 * .local/bench/results/ and a line to bench/results/history.jsonl; see bench/README.md.
 */
@Command(name = "bench/harness.sh", mixinStandardHelpOptions = true,
        description = "Benchmarks and fault injection against the local platform, with the bench's own copies of the services.",
        subcommands = {BenchCommand.class, FaultsCommand.class, GetsCommand.class, VisibleCommand.class,
                RebuildCommand.class, InsightsCommand.class, SoakCommand.class, ReportCommand.class, CompactHistoryCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the run failed (the result file says why, key \"error\")", "2:usage error"})
public final class Main {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
