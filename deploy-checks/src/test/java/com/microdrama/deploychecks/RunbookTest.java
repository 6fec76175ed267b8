package com.microdrama.deploychecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microdrama.deploychecks.support.Kubectl;
import com.microdrama.deploychecks.support.ManifestValidator;
import com.microdrama.deploychecks.support.Repo;
import com.microdrama.deploychecks.support.Yaml;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command of deploy/kubernetes/RUNBOOK.md parses: each bash block is valid bash; run together by bash (so
 * variables, loops and quoting are bash's own), every kubectl command goes through the real kubectl's command and
 * flag parsing against a server that does not exist, and every ops-job.sh command's ops-cli arguments through
 * ops-cli's own command model ({@link OpsCliCommands}).
 */
class RunbookTest {

    private static final Pattern BLOCK = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern FILE_ARGUMENT = Pattern.compile("(?:=|--cert=|--key=)([A-Za-z0-9_.-]+\\.(?:txt|crt|key))\\b");
    /** What kubectl says when it got as far as calling the API server: the command and its flags parsed. */
    private static final Pattern REACHED_SERVER = Pattern.compile("127\\.0\\.0\\.1:1|connection refused|dial tcp");

    @TempDir
    static Path work;
    static String runbook;
    static Run run;

    @BeforeAll
    static void runTheRunbookWithAnUnreachableCluster() throws Exception {
        runbook = Files.readString(Repo.kubernetes().resolve("RUNBOOK.md"));
        run = Run.of(blocks(runbook), work);
    }

    @Test
    void everyBashBlockIsValidBash() throws Exception {
        List<String> blocks = blocks(runbook);
        assertTrue(blocks.size() >= 8, "the runbook has its command blocks: " + blocks.size());
        for (String block : blocks) {
            Process bash = new ProcessBuilder("bash", "-n").redirectErrorStream(true).start();
            bash.getOutputStream().write(block.getBytes(StandardCharsets.UTF_8));
            bash.getOutputStream().close();
            String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, bash.waitFor(), "bash -n rejects a block: " + out + "\n" + block);
        }
    }

    @Test
    void theRunbookRunsToItsEndUnderBash() {
        assertEquals(0, run.exit(), "bash stopped in the runbook:\n" + run.output());
    }

    @Test
    void everyKubectlCommandParses() throws IOException {
        List<String> calls = run.kubectlCalls();
        assertTrue(calls.size() >= 40, "kubectl calls seen: " + calls.size());
        List<String> problems = new ArrayList<>();
        for (String call : calls) {
            String[] parts = call.split("\u0001", -1);
            if (!parts[1].equals("0") && !REACHED_SERVER.matcher(parts[2]).find()) {
                problems.add("kubectl " + parts[0] + "\n    -> " + parts[2].strip());
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void aKubectlCommandWithAnUnknownFlagIsCaught() throws Exception {
        Path elsewhere = Files.createTempDirectory(work, "broken");
        Run broken = Run.of(List.of("kubectl -n microdrama rollout undo deployment/payment-service --to-revison=3\n"),
                elsewhere);
        String[] parts = broken.kubectlCalls().get(0).split("\u0001", -1);
        assertFalse(parts[1].equals("0"));
        assertFalse(REACHED_SERVER.matcher(parts[2]).find(), parts[2]);
        assertTrue(parts[2].contains("unknown flag"), parts[2]);
    }

    @Test
    void everyOpsCliCommandParsesWithOpsCliItself() {
        List<List<String>> calls = run.opsJobCalls();
        assertTrue(calls.size() >= 12, "ops-job.sh calls seen: " + calls.size());
        List<String> problems = new ArrayList<>();
        for (List<String> call : calls) {
            if (call.size() < 3 || !List.of("read", "write").contains(call.get(0)) || !call.get(1).equals("--")) {
                problems.add("ops-job.sh " + call + ": expected read|write -- <ops-cli arguments>");
                continue;
            }
            OpsCliCommands.problem(call.subList(2, call.size())).ifPresent(p -> problems.add("ops-job.sh " + call + ": " + p));
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void opsJobRendersAValidJobWithTheArgumentsTheTagAndTheWritersKafkaUser() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", Repo.kubernetes().resolve("jobs/ops-job.sh").toString(), "-n", "ops-test",
                "write", "--", "dlq", "redrive", "--reason", "say \"x\" \\ y", "--dry-run").redirectErrorStream(true);
        pb.environment().put("OPS_JOB_DRY_RUN", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        List<ObjectNode> objects = Yaml.readAll(out);
        assertEquals(1, objects.size(), out);
        var job = objects.get(0);
        assertEquals(List.of(), ManifestValidator.validate(job));
        assertEquals("ops-test", job.at("/metadata/namespace").asText());
        assertTrue(job.at("/metadata/name").asText().startsWith("ops-dlq-"), out);
        var container = job.at("/spec/template/spec/containers/0");
        assertEquals(List.of("dlq", "redrive", "--reason", "say \"x\" \\ y", "--dry-run"),
                new ObjectMapper().convertValue(container.path("args"), List.class));
        assertTrue(container.path("image").asText().matches("microdrama/ops-cli:\\d+\\.\\d+\\.\\d+"), container.path("image").asText());
        assertEquals("ops-cli-writer", container.at("/env/0/valueFrom/secretKeyRef/name").asText());
        assertEquals(List.of(), WorkloadHardeningTest.securityProblems(objects));
    }

    @Test
    void everySecretTheReadmeListsHasARotation() {
        String readme;
        try {
            readme = Files.readString(Repo.kubernetes().resolve("README.md"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Matcher row = Pattern.compile("(?m)^\\| `([a-z0-9-]+)` \\|").matcher(readme.substring(readme.indexOf("## Secrets to create")));
        String rotate = runbook.substring(runbook.indexOf("## Rotate secrets"), runbook.indexOf("## Data operations"));
        List<String> missing = new ArrayList<>();
        int rows = 0;
        while (row.find()) {
            rows++;
            if (!rotate.contains(row.group(1)) && !rotate.contains(row.group(1).replaceAll("^[a-z]+-service-oidc$", "<service>-oidc"))) {
                missing.add(row.group(1));
            }
        }
        assertTrue(rows >= 10, "secrets table rows: " + rows);
        assertEquals(List.of(), missing, "Secrets in the README without a rotation in the runbook");
    }

    static List<String> blocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(markdown);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    /** The runbook run by bash in a scratch directory, kubectl and ops-job.sh replaced by recording stubs. */
    record Run(int exit, String output, Path log, Path opsLog) {

        static Run of(List<String> blocks, Path dir) throws Exception {
            Path kubectl = Kubectl.find().orElseThrow(() -> new IllegalStateException("kubectl is not installed (.ci/run installs it)"));
            Path bin = Files.createDirectories(dir.resolve("bin"));
            Path jobs = Files.createDirectories(dir.resolve("deploy/kubernetes/jobs"));
            for (String linked : List.of("base", "overlays")) {
                Files.createSymbolicLink(dir.resolve("deploy/kubernetes").resolve(linked), Repo.kubernetes().resolve(linked));
            }
            Path kubeconfig = dir.resolve("kubeconfig");
            Files.writeString(kubeconfig, "apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n");
            Path log = dir.resolve("kubectl.log");
            Path opsLog = dir.resolve("ops-job.log");
            Files.createFile(log);
            Files.createFile(opsLog);
            // One record per call: the arguments, kubectl's exit code and its stderr, \u0001-separated, \u0002-terminated.
            executable(bin.resolve("kubectl"), """
                    #!/usr/bin/env bash
                    { err=$(%s --kubeconfig=%s --server=http://127.0.0.1:1 --token=runbook-check --request-timeout=2s "$@" 2>&1 1>&3 3>&-); rc=$?; } 3>&1
                    printf '%%s\\x01%%s\\x01%%s\\x02' "$*" "$rc" "$err" >> %s
                    exit 0
                    """.formatted(kubectl, kubeconfig, log));
            executable(jobs.resolve("ops-job.sh"), """
                    #!/usr/bin/env bash
                    for a in "$@"; do printf '%%s\\x01' "$a" >> %s; done
                    printf '\\x02' >> %s
                    """.formatted(opsLog, opsLog));
            // The runbook's own scratch files stay: later blocks read files an earlier one removed.
            executable(bin.resolve("rm"), "#!/usr/bin/env bash\nexit 0\n");
            for (String script : blocks) {
                Matcher file = FILE_ARGUMENT.matcher(script);
                while (file.find()) {
                    Files.writeString(dir.resolve(file.group(1)), "placeholder\n");
                }
            }
            selfSignedPairs(blocks, dir);
            Path script = dir.resolve("runbook.sh");
            Files.writeString(script, "set -euo pipefail\n" + String.join("\n", blocks));
            ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
            Process p = pb.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("the runbook did not finish in 5 minutes:\n" + output);
            }
            return new Run(p.exitValue(), output, log, opsLog);
        }

        List<String> kubectlCalls() throws IOException {
            String text = Files.readString(log);
            return Stream.of(text.split("\u0002")).filter(s -> !s.isEmpty()).toList();
        }

        List<List<String>> opsJobCalls() {
            try {
                String text = Files.readString(opsLog);
                return Stream.of(text.split("\u0002")).filter(s -> !s.isEmpty())
                        .map(s -> List.of(s.substring(0, s.length() - 1).split("\u0001", -1))).toList();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** A real certificate and key for each {@code --cert=X.crt --key=X.key}: kubectl reads them before any call. */
        private static void selfSignedPairs(List<String> blocks, Path dir) throws Exception {
            Matcher pair = Pattern.compile("--cert=([A-Za-z0-9_.-]+\\.crt) --key=([A-Za-z0-9_.-]+\\.key)").matcher(String.join("\n", blocks));
            while (pair.find()) {
                Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                        "-subj", "/CN=runbook.invalid", "-keyout", pair.group(2), "-out", pair.group(1))
                        .directory(dir.toFile()).redirectErrorStream(true).start();
                String out = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(0, openssl.waitFor(), "openssl req: " + out);
            }
        }

        private static void executable(Path file, String content) throws IOException {
            Files.writeString(file, content);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
