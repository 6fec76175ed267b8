package com.microdrama.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An unpacked image run the way the Deployments run it, without a container engine: its entrypoint and command in
 * its working directory, with exactly its environment plus the given variables, as its user (185) in a chroot whose
 * root is mounted read-only, with a tmpfs on /tmp (the Deployments' emptyDir), /proc, /dev and the host's
 * /etc/hosts and /etc/resolv.conf (what the kubelet mounts) -- in its own mount and PID namespaces, so the
 * application is PID 1 and everything it started ends with it. Needs root (mount, chroot).
 */
final class ImageContainer implements AutoCloseable {
    // Runs on the host, in the new namespaces; the image's own shell does the cd (chroot has no working-dir option).
    private static final String SETUP = """
            set -eu
            root="$1"; workdir="$2"; user="$3"; shift 3
            /usr/bin/mount --bind "$root" "$root"
            /usr/bin/mount -o remount,bind,ro "$root"
            /usr/bin/mount -t proc proc "$root/proc"
            /usr/bin/mount --rbind /dev "$root/dev"
            /usr/bin/mount -t tmpfs -o mode=1777,size=256m tmpfs "$root/tmp"
            /usr/bin/mount --bind /etc/hosts "$root/etc/hosts"
            /usr/bin/mount --bind /etc/resolv.conf "$root/etc/resolv.conf"
            exec /usr/sbin/chroot --userspec="$user" "$root" /bin/sh -c 'cd "$1" && shift && exec "$@"' sh "$workdir" "$@"
            """;

    private final Process process;
    private final Path log;

    private ImageContainer(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts the image unpacked in {@code rootfs}; {@code args}, when not null, replace its command (as a Pod's args). */
    static ImageContainer start(ImageArchive image, Path rootfs, Map<String, String> env, List<String> args, Path log)
            throws IOException {
        for (String dir : List.of("proc", "dev", "tmp", "etc")) {
            Files.createDirectories(rootfs.resolve(dir));
        }
        for (String file : List.of("etc/hosts", "etc/resolv.conf")) {
            if (!Files.exists(rootfs.resolve(file))) {
                Files.createFile(rootfs.resolve(file));
            }
        }
        List<String> command = new ArrayList<>(List.of("/usr/bin/unshare", "--mount", "--pid", "--fork",
                "--kill-child=SIGTERM", "/bin/sh", "-c", SETUP, "sh", rootfs.toString(), image.workingDir(),
                userSpec(image, rootfs)));
        command.addAll(image.entrypoint());
        command.addAll(args != null ? args : image.cmd());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(image.env());
        builder.environment().putAll(env);
        return new ImageContainer(builder.start(), log);
    }

    /** The image's user as uid:gid, the group from the image's own /etc/passwd when the image names none. */
    static String userSpec(ImageArchive image, Path rootfs) throws IOException {
        String user = image.user().isEmpty() ? "0" : image.user();
        if (user.contains(":")) {
            return user;
        }
        for (String line : Files.readAllLines(rootfs.resolve("etc/passwd"))) {
            String[] fields = line.split(":");
            if (fields.length > 3 && (fields[0].equals(user) || fields[2].equals(user))) {
                return fields[2] + ":" + fields[3];
            }
        }
        throw new IllegalStateException("user " + user + " is not in the image's /etc/passwd");
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the application to exit on its own; its exit code, or -1 after the timeout (then it is stopped). */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
            return -1;
        }
        return process.exitValue();
    }

    /** The application process (PID 1 of its namespace), seen from the host: the child of unshare. */
    long applicationPid() throws IOException {
        Path children = Path.of("/proc", Long.toString(process.pid()), "task", Long.toString(process.pid()), "children");
        String pids = Files.readString(children).trim();
        if (pids.isEmpty()) {
            throw new IllegalStateException("the container's process is gone");
        }
        return Long.parseLong(pids.split("\\s+")[0]);
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** The last lines of its output, for failure messages. */
    String logTail() {
        List<String> lines = log().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    /** SIGTERM to the application, as the kubelet sends it (unshare itself holds SIGTERM back while it waits). */
    void terminate() {
        if (process.isAlive()) {
            try {
                ProcessHandle.of(applicationPid()).ifPresent(ProcessHandle::destroy);
            } catch (IOException | RuntimeException gone) {
                process.destroy();
            }
        }
    }

    /** Stops it: SIGTERM, SIGKILL after 20 s (the application being PID 1, everything else in it ends too). */
    @Override
    public void close() throws InterruptedException {
        terminate();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
