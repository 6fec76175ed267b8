package com.microdrama.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of the test's own, for tests that stop and start the database (an outage): the machine's shared
 * server is used by other tests and people at the same time and must never be stopped. Created with the installed
 * PostgreSQL binaries ({@code POSTGRES_BIN}, else {@code pg_ctl} on the PATH, else Debian's
 * {@code /usr/lib/postgresql/<version>/bin}), listening on 127.0.0.1 only, trust authentication (a throw-away server).
 * A missing installation fails the test: it is never skipped. initdb refuses to run as root, so as root every command
 * runs as the {@code postgres} user.
 *
 * <p>The state is the data directory alone, so a test can get a handle on the server a test resource created with
 * {@link #at(Path)} (the two may live in different class loaders).
 */
public final class PrivatePostgres {
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));
    private final Path dataDir;

    private PrivatePostgres(Path dataDir) {
        this.dataDir = dataDir.toAbsolutePath();
    }

    /**
     * A new server in {@code dataDir} (emptied first) on a free port, started, with a login role {@code user} that
     * owns the database {@code database}.
     */
    public static PrivatePostgres create(Path dataDir, String user, String password, String database) {
        PrivatePostgres server = new PrivatePostgres(dataDir);
        server.delete();
        try {
            Files.createDirectories(server.dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.own(server.dataDir);
        server.run(List.of(bin("initdb"), "-D", server.dataDir.toString(), "-U", "postgres", "--auth=trust",
                "--encoding=UTF8", "--locale=C"));
        int port = freePort();
        try {
            Files.writeString(server.dataDir.resolve("postgresql.conf"), "\nlisten_addresses = '127.0.0.1'\n"
                    + "port = " + port + "\nunix_socket_directories = ''\nfsync = off\n",
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.start();
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("postgres"), "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("create role " + user + " login password '" + password.replace("'", "''") + "'");
            s.execute("create database " + database + " owner " + user);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare the private PostgreSQL server", e);
        }
        return server;
    }

    /** A handle on the server whose data directory is {@code dataDir}. */
    public static PrivatePostgres at(Path dataDir) {
        return new PrivatePostgres(dataDir);
    }

    public int port() {
        try (Stream<String> lines = Files.lines(dataDir.resolve("postgresql.conf"))) {
            return lines.filter(line -> line.startsWith("port = "))
                    .map(line -> Integer.parseInt(line.substring("port = ".length()).trim()))
                    .reduce((first, last) -> last)
                    .orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /** The address for a Vert.x reactive client ({@code quarkus.datasource.reactive.url}). */
    public String reactiveUrl(String database) {
        return "postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /** Starts the server and waits until it accepts connections. */
    public void start() {
        run(List.of(bin("pg_ctl"), "-D", dataDir.toString(), "-l", dataDir.resolve("server.log").toString(),
                "-w", "-t", "60", "start"));
    }

    /** Stops the server at once (fast mode: clients are disconnected), as an outage would. */
    public void stop() {
        run(List.of(bin("pg_ctl"), "-D", dataDir.toString(), "-m", "fast", "-w", "-t", "60", "stop"));
    }

    /** Stops the server if it runs and deletes its data directory. */
    public void destroy() {
        if (Files.exists(dataDir.resolve("postmaster.pid"))) {
            stop();
        }
        delete();
    }

    private void delete() {
        if (!Files.exists(dataDir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void own(Path dir) {
        if (ROOT) {
            exec(List.of("chown", "postgres:postgres", dir.toString()));
        }
    }

    private void run(List<String> command) {
        List<String> full = new ArrayList<>();
        if (ROOT) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        exec(full);
    }

    private static void exec(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String bin(String name) {
        String configured = System.getenv("POSTGRES_BIN");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured, name).toString();
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isBlank() && Files.isExecutable(Path.of(dir, name)) && Files.isExecutable(Path.of(dir, "initdb"))) {
                return Path.of(dir, name).toString();
            }
        }
        // Debian and Ubuntu keep the server binaries off the PATH, one folder per major version: take the newest
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(version -> version.resolve("bin").resolve(name))
                    .filter(Files::isExecutable)
                    .max(Comparator.comparing(path -> Integer.parseInt(path.getParent().getParent().getFileName()
                            .toString().replaceAll("\\D", "0"))))
                    .map(Path::toString)
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL " + name + ": set POSTGRES_BIN"));
        } catch (IOException e) {
            throw new IllegalStateException("no PostgreSQL server binaries found: set POSTGRES_BIN", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
