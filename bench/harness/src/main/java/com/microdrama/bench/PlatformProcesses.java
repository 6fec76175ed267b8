package com.microdrama.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Breaking and mending the shared local platform (deploy/local/platform.sh) for the fault scenarios ({@link Faults})
 * and the soak ({@link SoakFaults}): the one place that kills a platform process, restarts PostgreSQL and brings the
 * platform back up.
 */
final class PlatformProcesses {

    static final String KAFKA_PID = ".local/kafka/kafka.pid";
    static final String KEYCLOAK_PID = ".local/keycloak/keycloak.pid";

    private PlatformProcesses() {
    }

    /** The pid a platform.sh pid file (under .local/) names; -1 when there is no such file. */
    static long pid(Path root, String pidFile) throws IOException {
        Path file = root.resolve(pidFile);
        return Files.exists(file) ? Long.parseLong(Files.readString(file).replaceAll("[^0-9]", "")) : -1L;
    }

    /**
     * kill -9 of the platform process whose pid file (under .local/) platform.sh wrote, and of its descendants: the
     * recorded pid can be a launcher (Keycloak's kc.sh under setsid) rather than the JVM, and killing only the launcher
     * left the JVM holding the port, so platform.sh up refused to start another. A pid whose command line does not
     * name the piece's own directory (a stale file, a reused pid) is never killed.
     */
    static void kill9(Path root, String pidFile) throws Exception {
        long pid = pid(root, pidFile);
        String marker = root.resolve(pidFile).getParent().toString();
        ProcessHandle h = ProcessHandle.of(pid).orElseThrow(() ->
                new IllegalStateException(pidFile + " names pid " + pid + ", which is not running"));
        List<ProcessHandle> tree = new ArrayList<>(h.descendants().toList());
        tree.add(h);
        boolean ours = tree.stream().anyMatch(p -> p.info().commandLine().orElse("").contains(marker)
                || p.info().arguments().map(a -> String.join(" ", a).contains(marker)).orElse(false));
        if (!ours) {
            throw new IllegalStateException(pidFile + " names pid " + pid + ", which is not the platform's (no "
                    + marker + " in its command line)");
        }
        tree.forEach(ProcessHandle::destroyForcibly);
        tree.forEach(p -> p.onExit().join());
    }

    /** Restarts the machine's PostgreSQL server (fast shutdown: open connections are cut). */
    static void restartPostgresql(Path root, String log) throws Exception {
        run(root, "pg_ctlcluster --skip-systemctl-redirect \"$(ls /etc/postgresql | sort -V | tail -1)\" main restart -m fast", log);
    }

    /**
     * platform.sh up, which starts only what is down and serialises concurrent calls with its own lock; tried up to
     * three times, 5 s apart (a piece killed a moment before can still hold its port).
     */
    static void up(Path root, String log) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                upOnce(root, log);
                return;
            } catch (IllegalStateException e) {
                if (attempt >= 3) {
                    throw e;
                }
                Run.log("%s; again in 5 s", e.getMessage());
                Thread.sleep(5_000);
            }
        }
    }

    private static void upOnce(Path root, String log) throws Exception {
        Process up = new ProcessBuilder("bash", "deploy/local/platform.sh", "up").directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve(".local/bench/logs/" + log).toFile()))
                .start();
        if (!up.waitFor(180, TimeUnit.SECONDS) || up.exitValue() != 0) {
            up.destroyForcibly();
            throw new IllegalStateException("platform.sh up failed; see .local/bench/logs/" + log);
        }
    }

    private static void run(Path root, String command, String log) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve(".local/bench/logs/" + log).toFile())).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(command + " failed; see .local/bench/logs/" + log);
        }
    }
}
