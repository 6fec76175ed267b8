package com.microdrama.deploychecks.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * deploy/kubernetes as the checks render it: a copy in a temporary directory in which every git-ignored secret env
 * file ({@code *.env}) is replaced by a throwaway one with random values, made from its committed {@code *.env.example}
 * (same keys). The checks never read a developer's real dev secrets, render the same on every machine, and can tell
 * a value that came from an env file (one of {@link #throwawayValues()}) from a literal in a committed manifest.
 */
public final class RenderTree {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static Path root;
    private static Set<String> throwaway;

    private RenderTree() {
    }

    public static Path overlay(String name) {
        return kubernetes().resolve("overlays").resolve(name);
    }

    public static synchronized Set<String> throwawayValues() {
        kubernetes();
        return throwaway;
    }

    private static synchronized Path kubernetes() {
        if (root == null) {
            try {
                Path copy = Files.createTempDirectory("deploy-kubernetes").resolve("kubernetes");
                Set<String> values = new TreeSet<>();
                copyWithThrowawaySecrets(Repo.kubernetes(), copy, values);
                throwaway = Set.copyOf(values);
                root = copy;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root;
    }

    static void copyWithThrowawaySecrets(Path from, Path to, Set<String> values) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(from)) {
            walk.filter(Files::isRegularFile).forEach(files::add);
        }
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (name.endsWith(".env")) {
                continue; // a developer's real secrets stay where they are
            }
            Path target = to.resolve(from.relativize(file).toString());
            Files.createDirectories(target.getParent());
            Files.copy(file, target);
            if (name.endsWith(".env.example")) {
                Path env = target.resolveSibling(name.substring(0, name.length() - ".example".length()));
                Files.writeString(env, throwaway(Files.readAllLines(file, StandardCharsets.UTF_8), values));
            }
        }
    }

    private static String throwaway(List<String> example, Set<String> values) {
        StringBuilder env = new StringBuilder("# throwaway values made by deploy-checks\n");
        for (String line : example) {
            int eq = line.indexOf('=');
            if (line.isBlank() || line.stripLeading().startsWith("#") || eq <= 0) {
                continue;
            }
            byte[] bytes = new byte[24];
            RANDOM.nextBytes(bytes);
            String value = "throwaway-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            values.add(value);
            env.append(line, 0, eq).append('=').append(value).append('\n');
        }
        return env.toString();
    }
}
