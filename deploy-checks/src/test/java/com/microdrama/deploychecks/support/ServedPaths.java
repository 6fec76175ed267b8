package com.microdrama.deploychecks.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The HTTP endpoints a service serves, read from its JAX-RS resources (class and method {@code @Path}, the HTTP
 * method annotation, {@code @RolesAllowed}), with every path template filled with a sample segment. REST client
 * interfaces ({@code @RegisterRestClient}) are calls, not endpoints. An endpoint is service-only when its roles name
 * the service role, or when it lies outside /api/ (an internal path): the gateway must never route those.
 * <p>
 * Reads annotations one per line (an annotation whose parentheses span lines is joined), as the resources here are
 * written.
 */
public final class ServedPaths {
    private static final Pattern PATH = Pattern.compile("@Path\\(\"([^\"]*)\"\\)");
    private static final Pattern VERB = Pattern.compile("@(GET|POST|PUT|PATCH|DELETE|HEAD)\\b");
    private static final Pattern ROLES = Pattern.compile("@RolesAllowed\\((.*)\\)");
    private static final Pattern SERVICE_ROLE = Pattern.compile("\"service\"|\\bSERVICE\\b");
    private static final Pattern TYPE = Pattern.compile("\\b(class|interface|record)\\s+[A-Z]");

    public record Endpoint(String service, String method, String path, boolean serviceOnly, String source) {
    }

    private ServedPaths() {
    }

    public static List<Endpoint> of(String service) {
        Path sources = Repo.root().resolve(service).resolve("src/main/java");
        List<Endpoint> endpoints = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                endpoints.addAll(parse(service, file.getFileName().toString(), Files.readAllLines(file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return endpoints;
    }

    public static List<Endpoint> parse(String service, String source, List<String> lines) {
        List<Endpoint> endpoints = new ArrayList<>();
        if (lines.stream().anyMatch(l -> l.contains("@RegisterRestClient"))) {
            return endpoints;
        }
        String classPath = null;
        String classRoles = "";
        List<String> pending = new ArrayList<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("//") || line.startsWith("/*") || line.startsWith("*")) {
                continue;
            }
            if (!pending.isEmpty() && unbalanced(pending.get(pending.size() - 1))) {
                pending.set(pending.size() - 1, pending.get(pending.size() - 1) + " " + line); // annotation continued
                continue;
            }
            if (line.startsWith("@")) {
                pending.add(line);
                continue;
            }
            if (classPath == null && TYPE.matcher(line).find()) {
                classPath = find(PATH, pending).orElse("");
                classRoles = find(ROLES, pending).orElse("");
            } else if (classPath != null && !classPath.isEmpty() && pending.stream().anyMatch(a -> VERB.matcher(a).find())) {
                String method = pending.stream().map(VERB::matcher).filter(Matcher::find).findFirst().orElseThrow().group(1);
                String path = sample(classPath + find(PATH, pending).orElse(""));
                String roles = find(ROLES, pending).orElse(classRoles);
                boolean serviceOnly = SERVICE_ROLE.matcher(roles).find() || !path.startsWith("/api/");
                endpoints.add(new Endpoint(service, method, path, serviceOnly, source));
            }
            pending.clear();
        }
        return endpoints;
    }

    private static boolean unbalanced(String annotation) {
        return annotation.chars().filter(c -> c == '(').count() > annotation.chars().filter(c -> c == ')').count();
    }

    private static Optional<String> find(Pattern pattern, List<String> annotations) {
        for (String annotation : annotations) {
            Matcher m = pattern.matcher(annotation);
            if (m.find()) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }

    /** "/api/x/{id}/y" -> "/api/x/sample-id/y"; slashes doubled by joining collapse. */
    static String sample(String template) {
        return template.replaceAll("\\{[^}]*}", "sample-id").replaceAll("/+", "/").replaceAll("(.)/$", "$1");
    }

    /** The methods that change something, for the stricter write limits. */
    public static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
}
