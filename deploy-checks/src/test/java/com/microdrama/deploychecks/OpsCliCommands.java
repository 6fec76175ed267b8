package com.microdrama.deploychecks;

import com.microdrama.ops.OpsCli;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * ops-cli arguments (a Job's args, a runbook line) checked with ops-cli's own picocli command model:
 * {@link OpsCli#commandLine()} builds it without CDI, exactly as the jar's entry point configures it.
 */
final class OpsCliCommands {
    private OpsCliCommands() {
    }

    /** What picocli refuses (unknown option or subcommand, missing required option or parameter), or empty. */
    static Optional<String> problem(List<String> args) {
        try {
            ParseResult leaf = leaf(args);
            Object command = leaf.commandSpec().userObject();
            if (!(command instanceof Callable<?> || command instanceof Runnable)) {
                return Optional.of("'" + leaf.commandSpec().qualifiedName() + "' needs a subcommand: "
                        + leaf.commandSpec().subcommands().keySet().stream().sorted().collect(Collectors.joining(", ")));
            }
            return Optional.empty();
        } catch (CommandLine.ParameterException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * Whether valid arguments make ops-cli write to Kafka: replay and dlq redrive unless --dry-run, reconcile with
     * --repair (ops-cli/README.md). Everything else only reads.
     */
    static boolean writesToKafka(List<String> args) {
        ParseResult leaf = leaf(args);
        String name = leaf.commandSpec().name();
        return switch (name) {
            case "replay", "redrive" -> !leaf.hasMatchedOption("--dry-run");
            case "reconcile" -> leaf.hasMatchedOption("--repair");
            default -> false;
        };
    }

    private static ParseResult leaf(List<String> args) {
        ParseResult r = OpsCli.commandLine().parseArgs(args.toArray(String[]::new));
        while (r.hasSubcommand()) {
            r = r.subcommand();
        }
        return r;
    }
}
