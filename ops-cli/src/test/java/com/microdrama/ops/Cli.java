package com.microdrama.ops;

import com.microdrama.testsupport.JarProcess;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs ops-cli in-process, as the jar would, capturing stdout and stderr; or the packaged jar, with an environment. */
public final class Cli {
    public record Result(int exitCode, String out, String err) {
        public List<String> outLines() {
            return out.isBlank() ? List.of() : Arrays.asList(out.strip().split("\\R"));
        }
    }

    private Cli() {
    }

    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = OpsCli.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /**
     * The uber-jar the package phase built, in a process of its own with these environment variables added (and no
     * KAFKA_* or *DB_* variable inherited from the build's environment): how a Job in the cluster runs it.
     */
    public static Result runJar(Map<String, String> env, String... args) {
        Map<String, String> clean = new HashMap<>();
        System.getenv().keySet().stream().filter(k -> k.startsWith("KAFKA_") || k.contains("DB_")).forEach(k -> clean.put(k, null));
        clean.putAll(env);
        JarProcess.Result r = JarProcess.run(Path.of("target", "ops-cli-1.0.0-SNAPSHOT-runner.jar"), clean,
                Duration.ofSeconds(60), List.of(args));
        return new Result(r.exitCode(), r.out(), r.err());
    }
}
