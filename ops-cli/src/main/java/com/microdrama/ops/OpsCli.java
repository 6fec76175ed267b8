package com.microdrama.ops;

import com.microdrama.ops.dlq.DlqCommand;
import com.microdrama.ops.events.EventsCommand;
import com.microdrama.ops.rebuild.RebuildCommand;
import com.microdrama.ops.reconcile.ProviderReconcileCommand;
import com.microdrama.ops.reconcile.ReconcileCommand;
import com.microdrama.ops.replay.ReplayCommand;
import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

@TopCommand
@Command(name = "ops-cli", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, version = "ops-cli 1.0.0",
        description = "Operator tooling for the micro-drama monetization backend: read, replay and redrive events, "
                + "reconcile payments with entitlements and with the payment provider, rebuild the entitlement tables.",
        subcommands = {EventsCommand.class, ReplayCommand.class, DlqCommand.class, ReconcileCommand.class,
                ProviderReconcileCommand.class, RebuildCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success (reconcile, reconcile-provider: no mismatches)", "1:runtime failure (broker/database unreachable, send failed)",
                "2:usage or input error (bad option, bad range, unknown topic or partition)",
                "3:reconcile or reconcile-provider found mismatches"})
public class OpsCli {

    /** The command line with ops-cli's error handling; used by the Quarkus entry point and by tests alike. */
    public static CommandLine configure(CommandLine cmd) {
        return cmd.setCaseInsensitiveEnumValuesAllowed(true).setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (ex instanceof OpsException ops) {
                err.println("error: " + Redaction.redact(ops.getMessage()));
                err.flush();
                return ops.exitCode();
            }
            // Anything else is a bug or an unexpected platform failure: one line plus its cause, never a stack trace.
            err.println("error: " + Redaction.redact(ex + (ex.getCause() != null ? " (cause: " + ex.getCause() + ")" : "")));
            err.flush();
            return ExitCodes.FAILURE;
        });
    }

    public static CommandLine commandLine() {
        return configure(new CommandLine(new OpsCli()));
    }
}
