package com.microdrama.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs wrk (fixed threads/connections/duration) and parses its --latency report. */
final class Wrk {

    record Result(String name, double requestsPerSecond, double p50Ms, double p99Ms, long requests, long non2xx,
                  long socketErrors) {
    }

    private final int threads;
    private final int connections;
    private final int seconds;
    private final int warmUpSeconds;
    private final Path scratch;

    /**
     * @param warmUpSeconds an unmeasured wrk run of the same request before each measured one (0: none): without it
     *                      the first seconds of an endpoint run in the interpreter and their latencies become the p99
     */
    Wrk(int threads, int connections, int seconds, int warmUpSeconds, Path scratch) {
        this.threads = threads;
        this.connections = connections;
        this.seconds = seconds;
        this.warmUpSeconds = warmUpSeconds;
        this.scratch = scratch;
    }

    String describe() {
        return "wrk -t%d -c%d -d%ds --latency".formatted(threads, connections, seconds)
                + (warmUpSeconds > 0 ? " after a %d s warm-up of the same request".formatted(warmUpSeconds) : "");
    }

    Result run(String name, String method, String url, String token) throws IOException, InterruptedException {
        if (warmUpSeconds > 0) {
            wrk(name + "-warmup", method, url, token, warmUpSeconds);
        }
        String out = wrk(name, method, url, token, seconds);
        return new Result(name,
                number(out, "Requests/sec:\\s+([0-9.]+)"),
                latency(out, "50%"),
                latency(out, "99%"),
                (long) number(out, "([0-9]+) requests in"),
                (long) optional(out, "Non-2xx or 3xx responses:\\s+([0-9]+)"),
                socketErrors(out));
    }

    private String wrk(String name, String method, String url, String token, int duration)
            throws IOException, InterruptedException {
        Files.createDirectories(scratch);
        Path lua = scratch.resolve("wrk-" + name + ".lua");
        // the token goes in the Lua script, not on the command line (ps would show it)
        Files.writeString(lua, """
                wrk.method = "%s"
                wrk.headers["Authorization"] = "Bearer %s"
                wrk.headers["Accept"] = "application/json"
                """.formatted(method, token));
        List<String> cmd = new ArrayList<>(List.of("wrk", "-t" + threads, "-c" + connections, "-d" + duration + "s",
                "--timeout", "5s", "--latency", "-s", lua.toString(), url));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("wrk failed: " + out);
        }
        Files.writeString(scratch.resolve("wrk-" + name + ".txt"), out);
        return out;
    }

    private static double number(String out, String regex) {
        Matcher m = Pattern.compile(regex).matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("cannot parse wrk output for " + regex + ":\n" + out);
        }
        return Double.parseDouble(m.group(1));
    }

    private static double optional(String out, String regex) {
        Matcher m = Pattern.compile(regex).matcher(out);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static long socketErrors(String out) {
        Matcher m = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)").matcher(out);
        if (!m.find()) {
            return 0;
        }
        long sum = 0;
        for (int i = 1; i <= 4; i++) {
            sum += Long.parseLong(m.group(i));
        }
        return sum;
    }

    private static double latency(String out, String percentile) {
        Matcher m = Pattern.compile("\\s" + percentile + "\\s+([0-9.]+)(us|ms|s)").matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no " + percentile + " latency in wrk output:\n" + out);
        }
        double v = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> v / 1000;
            case "s" -> v * 1000;
            default -> v;
        };
    }
}
