package com.microdrama.bench;

import com.microdrama.testsupport.LocalSecrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bench's own copies of the three services (.local/bench/apps), on ports away from the defaults 8081-8083 that
 * e2e-tests uses. payment-service takes payments through Stripe, i.e. the platform's Stripe emulator, with a webhook
 * endpoint registered there for its own port. Every process started here is killed, and that endpoint deleted, on
 * close and by a shutdown hook, so a failed run leaves nothing behind.
 */
final class Fleet implements AutoCloseable {

    record Service(String name, String app, int port, List<String> jvmOptions, List<String> extraArgs) {
    }

    static final int PAYMENT_PORT = Integer.getInteger("bench.payment.port", 9181);
    static final int ENTITLEMENT_PORT = Integer.getInteger("bench.entitlement.port", 9182);
    static final int CATALOG_PORT = Integer.getInteger("bench.catalog.port", 9183);
    /** The three services of {@link #defineStandard()}, in the order results name them. */
    static final List<String> SERVICES = List.of("payment-service", "entitlement-service", "catalog-service");

    private final Path root;
    private final Path apps;
    private final Path logs;
    private final Map<String, Service> services = new LinkedHashMap<>();
    private final Map<String, Process> running = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
    /** The Stripe webhook endpoint of each payment-service port, registered on its first start, kept over restarts. */
    private final Map<Integer, StripeEmulator.Endpoint> webhooks = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
    private final Thread hook = new Thread(this::killAll, "bench-fleet-cleanup");

    Fleet(Path root) {
        this(root, ".local/bench/apps");
    }

    /** With the service copies in {@code appsDir} (the rebuild-only mode keeps its own, see harness.sh). */
    Fleet(Path root, String appsDir) {
        this.root = root;
        this.apps = root.resolve(appsDir);
        this.logs = root.resolve(".local/bench/logs");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    static String url(int port) {
        return "http://127.0.0.1:" + port;
    }

    void define(String name, int port, List<String> extraArgs) {
        define(name, name, port, extraArgs);
    }

    /** Another instance of app under its own name (e.g. a scratch entitlement-service for the rebuild). */
    void define(String name, String app, int port, List<String> extraArgs) {
        // read once per service (services.sh jvm-options), not on every (re)start of it
        services.put(name, new Service(name, app, port, jvmOptions(root, app), extraArgs));
    }

    void defineStandard() {
        List<Integer> ports = List.of(PAYMENT_PORT, ENTITLEMENT_PORT, CATALOG_PORT);
        for (int i = 0; i < SERVICES.size(); i++) {
            define(SERVICES.get(i), ports.get(i), List.of());
        }
    }

    /**
     * The JVM options deploy/local/services.sh starts {@code app} with (its {@code jvm-options} command, the one reader
     * of deploy/local/service-jvm.options), so the bench measures the JVM the local deployment runs.
     */
    static List<String> jvmOptions(Path root, String app) {
        try {
            String script = root.resolve("deploy/local/services.sh").toString();
            Process p = new ProcessBuilder("bash", script, "jvm-options", app)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            List<String> options = new String(p.getInputStream().readAllBytes()).lines().toList();
            if (p.waitFor() != 0 || options.isEmpty()) {
                throw new IllegalStateException("deploy/local/services.sh jvm-options " + app + " failed");
            }
            return options;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the JVM options of " + app, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the JVM options of " + app, e);
        }
    }

    /**
     * The Java runtime deploy/local/services.sh runs the services on (its {@code java-home} command: Java 25, for the
     * AOT cache of docs/decisions/0032-java-25-aot-cache.md), read once per run.
     */
    static synchronized Path javaHome(Path root) {
        if (javaHome == null) {
            try {
                Process p = new ProcessBuilder("bash", root.resolve("deploy/local/services.sh").toString(), "java-home")
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
                String out = new String(p.getInputStream().readAllBytes()).trim();
                if (p.waitFor() != 0 || out.isEmpty()) {
                    throw new IllegalStateException("deploy/local/services.sh java-home failed: no Java 25 for the services");
                }
                javaHome = Path.of(out);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot ask deploy/local/services.sh for the services' Java", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while asking for the services' Java", e);
            }
        }
        return javaHome;
    }

    private static Path javaHome;

    /** Starts the service and waits for /q/health/ready; returns process start → ready in ms. */
    long start(String name) throws IOException, InterruptedException {
        Service s = services.get(name);
        Path jar = apps.resolve(s.app()).resolve("quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("missing " + jar + " (bench/run.sh copies the packaged services there)");
        }
        Files.createDirectories(logs);
        // the same JVM and settings as deploy/local/services.sh, so RSS and start time are what the local deployment sees
        List<String> cmd = new ArrayList<>(List.of(javaHome(root).resolve("bin/java").toString()));
        cmd.addAll(s.jvmOptions());
        // the AOT cache services.sh trained for this build, copied with it (harness.sh keeps the jars' times, which the
        // JVM checks); without one the service still starts, only slower
        Path cache = jar.resolveSibling("app.aot");
        if (Files.exists(cache)) {
            cmd.add("-XX:AOTCache=" + cache);
        } else {
            Run.log("%s: no AOT cache in %s, so it starts without one (bench/harness.sh copies it)", name, jar.getParent());
        }
        // the JVM's own warnings in a file of their own, as services.sh does; GC pauses next to the service log: the
        // first suspect for latency tails
        cmd.add("-Xlog:disable");
        cmd.add("-Xlog:all=warning:file=" + logs.resolve(name + "-jvm.log") + ":uptime,level,tags");
        cmd.add("-Dquarkus.http.host=127.0.0.1");
        cmd.add("-Xlog:gc:file=" + logs.resolve(name + "-gc.log") + ":time,uptime");
        cmd.addAll(s.extraArgs());
        cmd.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
        // as services.sh: no trace collector runs here, so nothing is sampled; trace ids still travel through every
        // request, row and record (docs/decisions/0025-tracing-through-the-outbox.md)
        pb.environment().putIfAbsent("QUARKUS_OTEL_TRACES_SAMPLER_ARG", "0");
        pb.environment().put("PAYMENT_PORT", String.valueOf(PAYMENT_PORT));
        pb.environment().put("ENTITLEMENT_PORT", String.valueOf(ENTITLEMENT_PORT));
        pb.environment().put("CATALOG_PORT", String.valueOf(CATALOG_PORT));
        pb.environment().put("ENTITLEMENT_URL", url(ENTITLEMENT_PORT));
        // this machine's local secrets (.local/secrets.env), as deploy/local/services.sh passes them (prod requires
        // them); payment-service's webhook secret is its own endpoint's (stripe below)
        for (String secret : List.of("CATALOG_CLIENT_SECRET", "PAYMENT_CLIENT_SECRET", "PLAYBACK_SIGNING_KEY",
                "VIEWER_PSEUDONYM_KEY")) {
            devDefault(pb, secret, LocalSecrets.get(secret));
        }
        devDefault(pb, "DB_PASSWORD", "microdrama");
        if (s.app().equals("payment-service")) {
            stripe(pb, s.port());
        }
        // the port of this instance wins over the shared defaults above (a scratch instance has its own)
        pb.environment().put(switch (s.app()) {
            case "payment-service" -> "PAYMENT_PORT";
            case "catalog-service" -> "CATALOG_PORT";
            case "insights-service" -> "INSIGHTS_PORT";
            default -> "ENTITLEMENT_PORT";
        }, String.valueOf(s.port()));
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(logName(name)).toFile()));
        long t0 = System.nanoTime();
        Process p = pb.start();
        running.put(name, p);
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException(name + " exited with " + p.exitValue() + "; see " + root.relativize(logs.resolve(logName(name))));
            }
            if (Api.get(url(s.port()) + "/q/health/ready", null).status() == 200) {
                return (System.nanoTime() - t0) / 1_000_000;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(name + " not ready within 120 s; see " + root.relativize(logs.resolve(logName(name))));
    }

    /**
     * Web payments through Stripe (decision 0015), at the platform's Stripe emulator: the prod profile of the packaged
     * jar accepts test-mode events only with STRIPE_LIVEMODE=false, and verifies them with the secret of the endpoint
     * registered for this port (not the platform's shared one, so the emulator's deliveries to the bench's copy are
     * told apart from those to the services of up.sh).
     */
    private void stripe(ProcessBuilder pb, int port) {
        StripeEmulator.Endpoint endpoint = webhooks.computeIfAbsent(port, StripeEmulator::register);
        pb.environment().put("PAYMENT_PROVIDER", "stripe");
        pb.environment().put("PAYMENT_STRIPE_API_BASE", StripeEmulator.API_BASE);
        // payment.stripe.api-key under its property's environment name and under the name operators give the key
        pb.environment().put("PAYMENT_STRIPE_API_KEY", StripeEmulator.apiKey());
        pb.environment().put("STRIPE_API_KEY", StripeEmulator.apiKey());
        pb.environment().put("STRIPE_WEBHOOK_SECRET", endpoint.secret());
        pb.environment().put("STRIPE_LIVEMODE", "false");
        pb.environment().remove("PAYMENT_SANDBOX_AUTO_CONFIRM");
    }

    /**
     * Makes sure the emulator still delivers to the payment-service {@code name}: the emulator keeps webhook endpoints
     * in memory, so a restart of it (someone's platform.sh up) forgets the bench's, and the copy would get no events
     * (the platform's default target, the services of up.sh on the same database, might then complete the bench's
     * purchases and be measured instead). Registers a new endpoint and restarts the copy with its secret; returns
     * whether it had to.
     */
    boolean ensureWebhook(String name) throws IOException, InterruptedException {
        Service s = services.get(name);
        StripeEmulator.Endpoint endpoint = webhooks.get(s.port());
        if (endpoint != null && StripeEmulator.registered(endpoint, s.port())) {
            return false;
        }
        Run.log("the Stripe emulator no longer has the webhook endpoint of %s (restarted?): registering a new one and"
                + " restarting %s with its secret", name, name);
        webhooks.remove(s.port());
        stop(name);
        start(name);
        return true;
    }

    /** The signing secret of the webhook endpoint of the payment-service on {@code port} (started before). */
    String webhookSecret(int port) {
        StripeEmulator.Endpoint endpoint = webhooks.get(port);
        if (endpoint == null) {
            throw new IllegalStateException("no webhook endpoint for port " + port + ": payment-service was not started");
        }
        return endpoint.secret();
    }

    /** The webhook endpoint registered for the payment-service on {@code port} (the soak widens its events). */
    StripeEmulator.Endpoint webhookEndpoint(int port) {
        return webhooks.get(port);
    }

    private static void devDefault(ProcessBuilder pb, String name, String value) {
        pb.environment().putIfAbsent(name, value);
    }

    private static String logName(String name) {
        return name + ".log";
    }

    /**
     * Start-up as its targets are stated (docs/decisions/0030-fast-starts.md): with {@code alone}, each defined service
     * alone on an otherwise quiet fleet (start, ready, stop, one after another), then all of them at once, left running
     * for the measurements. Returns {@code {"<service>": {"alone": ms, "with_others": ms}, ..., "all_at_once": ms}}: the last is
     * from launching the first until the last answers ready.
     */
    Map<String, Object> measureStarts(boolean alone) throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        for (String name : services.keySet()) {
            Map<String, Long> times = new LinkedHashMap<>();
            if (alone) {
                times.put("alone", start(name));
                stop(name);
            }
            result.put(name, times);
        }
        Map<String, Long> together = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        startAll(together);
        long allMs = (System.nanoTime() - t0) / 1_000_000;
        together.forEach((name, ms) -> {
            @SuppressWarnings("unchecked")
            Map<String, Long> times = (Map<String, Long>) result.get(name);
            times.put("with_others", ms);
        });
        result.put("all_at_once", allMs);
        return result;
    }

    /** All defined services at once (each start time is still its own process start → ready). */
    void startAll(Map<String, Long> startMs) throws Exception {
        startAll(new ArrayList<>(services.keySet()), startMs);
    }

    /**
     * The named services at once (e.g. the standard three again, but not a scratch instance defined on the way, whose
     * database is gone).
     */
    void startAll(List<String> names, Map<String, Long> startMs) throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(names.size());
        try {
            List<java.util.concurrent.Future<Long>> fs = new ArrayList<>();
            for (String name : names) {
                fs.add(pool.submit(() -> start(name)));
            }
            for (int i = 0; i < names.size(); i++) {
                startMs.put(names.get(i), fs.get(i).get());
            }
        } finally {
            pool.shutdown();
        }
    }

    /** SIGKILL: no shutdown hooks, no graceful close of Kafka clients or DB transactions. */
    synchronized void kill9(String name) throws InterruptedException {
        Process p = running.remove(name);
        if (p != null) {
            p.destroyForcibly();
            p.waitFor();
        }
    }

    synchronized void stop(String name) throws InterruptedException {
        Process p = running.remove(name);
        if (p != null) {
            p.destroy();
            if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor();
            }
        }
    }

    long pid(String name) {
        return running.get(name).pid();
    }

    /** Resident set size from /proc/<pid>/status (VmRSS), in MB. */
    long rssMb(String name) throws IOException {
        return statusKb(name, "VmRSS") / 1024;
    }

    /**
     * The resident memory the process owns (RssAnon + RssShmem from /proc/<pid>/status), in MB: VmRSS without the
     * clean file-backed pages of its jars and AOT cache, which the kernel can drop and share between processes of the
     * same build (pages of the cache the JVM wrote to are private copies and are counted here).
     */
    long ownMb(String name) throws IOException {
        return (statusKb(name, "RssAnon") + statusKb(name, "RssShmem")) / 1024;
    }

    private long statusKb(String name, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid(name) + "/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no " + field + " for " + name);
    }

    synchronized void killAll() {
        List<Process> all;
        synchronized (running) {
            all = new ArrayList<>(running.values());
        }
        for (Process p : all) {
            p.destroy();
        }
        for (Process p : all) {
            try {
                if (!p.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
            }
        }
        running.clear();
        List<StripeEmulator.Endpoint> endpoints;
        synchronized (webhooks) {
            endpoints = new ArrayList<>(webhooks.values());
            webhooks.clear();
        }
        endpoints.forEach(StripeEmulator::deleteQuietly);
    }

    @Override
    public void close() {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // already shutting down: the hook is running this
        }
    }
}
