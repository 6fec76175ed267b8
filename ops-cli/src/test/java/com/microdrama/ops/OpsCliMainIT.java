package com.microdrama.ops;

import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Quarkus entry point (as in the jar) maps errors to the documented exit codes. */
@QuarkusMainTest
class OpsCliMainIT {

    @Test
    @Launch(value = {"--help"})
    void helpListsTheCommands(LaunchResult result) {
        String out = result.getOutput();
        for (String cmd : new String[]{"events", "replay", "dlq", "reconcile", "rebuild"}) {
            assertTrue(out.contains(cmd), out);
        }
    }

    @Test
    @Launch(value = {"events", "dump", "ops-it-no-such-topic"}, exitCode = 2)
    void aMissingTopicIsAUsageError(LaunchResult result) {
        assertTrue(result.getErrorOutput().contains("topic 'ops-it-no-such-topic' does not exist"), result.getErrorOutput());
    }

    @Test
    @Launch(value = {"events", "dump"}, exitCode = 2)
    void aMissingArgumentIsAUsageError(LaunchResult result) {
        assertTrue(result.getErrorOutput().contains("Missing required parameter"), result.getErrorOutput());
    }
}
