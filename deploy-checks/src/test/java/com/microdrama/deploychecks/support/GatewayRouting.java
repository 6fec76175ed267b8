package com.microdrama.deploychecks.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Where the rendered Gateway API objects send a request, evaluated offline with the Gateway API's matching rules:
 * listener and route hostnames, path matches by whole segments (PathPrefix), Exact before the longest prefix, a
 * method match before none. Paths are taken as already normalized, as Envoy does before matching. Requests arrive
 * over HTTPS: plain-HTTP listeners are left out here (EdgeChecks requires that they only redirect).
 */
public final class GatewayRouting {
    /** The route and the first backend a request reaches; backend is empty for a redirect-only rule. */
    public record Target(String route, String backend) {
    }

    private record Candidate(Target target, boolean exact, int prefixLength, boolean method) {
    }

    private GatewayRouting() {
    }

    /** Hostnames of the Gateway's HTTPS listeners: the public doors. */
    public static Set<String> publicHosts(List<ObjectNode> objects) {
        Set<String> hosts = new TreeSet<>();
        for (ObjectNode gateway : Manifests.ofKind(objects, "Gateway")) {
            for (JsonNode listener : gateway.at("/spec/listeners")) {
                if ("HTTPS".equals(listener.path("protocol").asText()) && listener.hasNonNull("hostname")) {
                    hosts.add(listener.path("hostname").asText());
                }
            }
        }
        return hosts;
    }

    public static Optional<Target> resolve(List<ObjectNode> objects, String host, String method, String path) {
        return Manifests.ofKind(objects, "HTTPRoute").stream()
                .filter(route -> servesHost(objects, route, host))
                .flatMap(route -> candidates(route, method, path))
                .max(Comparator.comparing(Candidate::exact)
                        .thenComparingInt(Candidate::prefixLength)
                        .thenComparing(Candidate::method))
                .map(Candidate::target);
    }

    private static boolean servesHost(List<ObjectNode> objects, ObjectNode route, String host) {
        JsonNode hostnames = route.at("/spec/hostnames");
        if (hostnames.isArray() && !hostnames.isEmpty()) {
            boolean listed = false;
            for (JsonNode h : hostnames) {
                listed |= h.asText().equals(host);
            }
            if (!listed) {
                return false;
            }
        }
        for (JsonNode parent : route.at("/spec/parentRefs")) {
            ObjectNode gateway = Manifests.find(objects, "Gateway", parent.path("name").asText()).orElse(null);
            if (gateway == null) {
                continue;
            }
            for (JsonNode listener : gateway.at("/spec/listeners")) {
                boolean section = !parent.hasNonNull("sectionName")
                        || parent.path("sectionName").asText().equals(listener.path("name").asText());
                boolean hostOk = !listener.hasNonNull("hostname") || listener.path("hostname").asText().equals(host);
                if (section && hostOk && "HTTPS".equals(listener.path("protocol").asText())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Stream<Candidate> candidates(ObjectNode route, String method, String path) {
        Stream.Builder<Candidate> found = Stream.builder();
        for (JsonNode rule : route.at("/spec/rules")) {
            JsonNode backend = rule.path("backendRefs").path(0);
            Target target = new Target(Manifests.name(route), backend.path("name").asText(""));
            JsonNode matches = rule.path("matches");
            if (matches.isEmpty()) {
                found.add(new Candidate(target, false, 1, false)); // no match = PathPrefix "/"
                continue;
            }
            for (JsonNode match : matches) {
                if (match.hasNonNull("method") && !match.path("method").asText().equals(method)) {
                    continue;
                }
                String type = match.at("/path/type").asText("PathPrefix");
                String value = match.at("/path/value").asText("/");
                boolean hit = switch (type) {
                    case "Exact" -> path.equals(value);
                    case "PathPrefix" -> prefixMatches(value, path);
                    case "RegularExpression" -> path.matches(value);
                    default -> throw new IllegalArgumentException("path match type " + type);
                };
                if (hit) {
                    found.add(new Candidate(target, type.equals("Exact"), value.length(), match.hasNonNull("method")));
                }
            }
        }
        return found.build();
    }

    /** Gateway API PathPrefix: whole path elements, a trailing slash ignored ("/a" matches /a and /a/b, not /ab). */
    public static boolean prefixMatches(String prefix, String path) {
        String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        return p.isEmpty() || path.equals(p) || path.startsWith(p + "/");
    }
}
