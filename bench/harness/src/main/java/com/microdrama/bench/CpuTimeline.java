package com.microdrama.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * CPU seconds spent by named groups of processes, sampled from /proc every {@link #INTERVAL_MILLIS} on a daemon thread,
 * so the CPU between any two wall-clock moments of the sampling can be read afterwards (linearly between samples).
 * Group "postgresql" is every process named {@code postgres}, with the CPU of the children they reaped (backends that
 * ended meanwhile count too); other groups are a process and its descendants. On two cores a step's wall time is at
 * least its CPU seconds over all processes divided by two: this says whose CPU a step's time is made of.
 */
final class CpuTimeline implements AutoCloseable {

    static final long INTERVAL_MILLIS = 100;
    /** USER_HZ, the unit of /proc/<pid>/stat times: 100 on Linux everywhere this runs. */
    private static final double TICKS_PER_SECOND = 100.0;

    private record Sample(long atMillis, double[] seconds) {
    }

    private static final int POSTGRES_LIST_EVERY = 5;

    private final Map<String, LongSupplier> groups = new LinkedHashMap<>();
    private final List<Sample> samples = new ArrayList<>();
    private final Thread sampler;
    private volatile boolean running = true;
    private long sampleCount;
    private List<Long> postgresPids = List.of();

    /** {@code pids}: the root process of each other group (e.g. the service, the Kafka broker), -1 if none. */
    CpuTimeline(Map<String, Long> pids) {
        groups.put("postgresql", this::postgresTicks);
        pids.forEach((name, pid) -> groups.put(name, () -> treeTicks(pid)));
        sample();
        sampler = new Thread(() -> {
            while (running) {
                try {
                    Thread.sleep(INTERVAL_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                sample();
            }
        }, "bench-cpu-timeline");
        sampler.setDaemon(true);
        sampler.start();
    }

    private synchronized void sample() {
        double[] seconds = new double[groups.size()];
        int i = 0;
        for (LongSupplier ticks : groups.values()) {
            seconds[i++] = ticks.getAsLong() / TICKS_PER_SECOND;
        }
        samples.add(new Sample(System.currentTimeMillis(), seconds));
    }

    /** CPU seconds of each group between two wall-clock moments (epoch ms) within the sampling, and their total. */
    Map<String, Object> between(long fromMillis, long toMillis) {
        sample();
        Map<String, Object> out = new LinkedHashMap<>();
        double total = 0;
        int i = 0;
        for (String name : groups.keySet()) {
            double s = at(i, toMillis) - at(i, fromMillis);
            out.put(name, RebuildBench.round(s));
            total += s;
            i++;
        }
        out.put("total", RebuildBench.round(total));
        return out;
    }

    /** Under the one lock {@link #sample} takes too (the sampler thread appends while a caller reads). */
    private synchronized double at(int group, long millis) {
        Sample before = samples.get(0);
        for (Sample s : samples) {
            if (s.atMillis() > millis) {
                if (s.atMillis() == before.atMillis()) {
                    return s.seconds()[group];
                }
                double f = (millis - before.atMillis()) / (double) (s.atMillis() - before.atMillis());
                return before.seconds()[group] + Math.max(0, f) * (s.seconds()[group] - before.seconds()[group]);
            }
            before = s;
        }
        return before.seconds()[group];
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }

    /** utime + stime (+ cutime + cstime when {@code withChildren}) of one process, in ticks; 0 once it is gone. */
    private static long ticks(long pid, boolean withChildren) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // fields after the command name in parentheses, which may itself hold spaces: state is field 3
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long t = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return withChildren ? t + Long.parseLong(f[13]) + Long.parseLong(f[14]) : t;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long treeTicks(long pid) {
        if (pid < 0) {
            return 0;
        }
        return ProcessHandle.of(pid).map(h -> Stream.concat(Stream.of(h), h.descendants())
                .mapToLong(p -> ticks(p.pid(), false)).sum()).orElse(0L);
    }

    /**
     * The postgres processes, listed again every {@link #POSTGRES_LIST_EVERY} samples (a listing reads every process's
     * name: CPU of the harness's own on the two cores it measures). A backend that started since counts from the next
     * listing; one that ended counts in the CPU of the postmaster's reaped children.
     */
    private long postgresTicks() {
        if (sampleCount++ % POSTGRES_LIST_EVERY == 0) {
            postgresPids = postgresPids();
        }
        long sum = 0;
        for (long pid : postgresPids) {
            sum += ticks(pid, true);
        }
        return sum;
    }

    private static List<Long> postgresPids() {
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.toList()) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    if ("postgres".equals(Files.readString(p.resolve("comm")).trim())) {
                        pids.add(Long.parseLong(name));
                    }
                } catch (IOException e) {
                    // ended while listed
                }
            }
        } catch (IOException e) {
            return pids;
        }
        return pids;
    }
}
