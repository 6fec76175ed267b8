package com.microdrama.deploychecks.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real kustomize, as built into kubectl ("kubectl kustomize"; .ci/run installs kubectl when it is missing).
 * Offline: kustomize reads only local files here. Without kubectl the checks fail: there is no other renderer.
 */
public final class Kubectl {
    private Kubectl() {
    }

    /** kubectl from -Dkubectl=/path, or on PATH. */
    public static Optional<Path> find() {
        return Executables.find("kubectl", "kubectl");
    }

    public static List<ObjectNode> kustomize(Path dir) {
        Path kubectl = find().orElseThrow(() -> new IllegalStateException(
                "kubectl is not installed (it renders the overlays): run .ci/run, or install kubectl, or pass -Dkubectl=<path>"));
        try {
            Path out = Files.createTempFile("kustomize", ".yaml");
            Path err = Files.createTempFile("kustomize", ".err");
            try {
                Process process = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("kubectl kustomize " + dir + " timed out");
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException("kubectl kustomize " + dir + " failed: "
                            + Files.readString(err, StandardCharsets.UTF_8));
                }
                return Yaml.readAll(Files.readString(out, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
