package com.microdrama.ops.events;

import com.microdrama.ops.Cli;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WrongBrokerIT {

    @Test
    void anUnreachableBrokerFailsWithinTenSecondsWithAClearMessage() {
        long start = System.nanoTime();
        // nothing listens on port 1: the default timeouts must turn that into an error, not a hang
        Cli.Result r = Cli.run("events", "dump", "payment-events", "--bootstrap-servers", "127.0.0.1:1");
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertEquals(1, r.exitCode());
        assertTrue(seconds <= 12, "took " + seconds + " s");
        assertTrue(r.err().contains("Kafka is not reachable at 127.0.0.1:1"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void anUnresolvableBrokerNameFailsAtOnce() {
        Cli.Result r = Cli.run("events", "dump", "payment-events", "--bootstrap-servers", "no-such-host.invalid:9092");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().startsWith("error: "), r.err());
    }
}
