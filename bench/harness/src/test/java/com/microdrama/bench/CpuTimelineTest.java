package com.microdrama.bench;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuTimelineTest {

    @Test
    void cpuOfAProcessIsReadBetweenTwoMomentsAndNotOutsideThem() throws Exception {
        try (CpuTimeline cpu = new CpuTimeline(Map.of("self", ProcessHandle.current().pid(), "gone", -1L))) {
            long idleFrom = System.currentTimeMillis();
            Thread.sleep(400);
            long busyFrom = System.currentTimeMillis();
            // 0.6 s of this thread's own CPU, however long the machine's other work makes that take
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long cpuFrom = threads.getCurrentThreadCpuTime();
            long x = 0;
            while (threads.getCurrentThreadCpuTime() - cpuFrom < 600_000_000L) {
                x += Long.numberOfTrailingZeros(x * 31 + System.nanoTime());
            }
            long busyTo = System.currentTimeMillis();
            assertTrue(x >= 0);
            Thread.sleep(3 * CpuTimeline.INTERVAL_MILLIS);

            Map<String, Object> busy = cpu.between(busyFrom, busyTo);
            double self = ((Number) busy.get("self")).doubleValue();
            // one thread spinning for 0.6 s of CPU, read from samples 0.1 s apart (interpolated) and ticks of 0.01 s
            assertTrue(self >= 0.45, "busy: " + busy);
            assertEquals(0.0, ((Number) busy.get("gone")).doubleValue(), "no process, no CPU");
            assertTrue(((Number) busy.get("total")).doubleValue() >= self, "total holds every group: " + busy);

            double idle = ((Number) cpu.between(idleFrom + 150, busyFrom - 150).get("self")).doubleValue();
            assertTrue(idle < self / 2, "the sleeping stretch is not the busy one: idle " + idle + ", busy " + self);
        }
    }
}
