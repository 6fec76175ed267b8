package com.microdrama.deploychecks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microdrama.deploychecks.support.GatewayRouting;
import com.microdrama.deploychecks.support.GatewayRouting.Target;
import com.microdrama.deploychecks.support.Manifests;
import com.microdrama.deploychecks.support.Repo;
import com.microdrama.deploychecks.support.ServedPaths;
import com.microdrama.deploychecks.support.ServedPaths.Endpoint;
import com.microdrama.deploychecks.support.Yaml;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The edge's invariants as functions from a render to its problems, so each test can show both that the committed
 * manifests pass and that a broken render fails (GatewayRoutesTest, EdgePoliciesTest, SecretsTest).
 */
final class EdgeChecks {
    /** Paths that exist on every host behind the gateway and must never be routed: Quarkus' operator endpoints,
     *  Keycloak's master realm (the administrators' login) and its admin console and REST API. */
    static final List<String> NEVER_ROUTED = List.of("/q", "/q/health", "/q/health/ready", "/q/metrics", "/q/openapi",
            "/q/dev-ui", "/realms/master", "/realms/master/protocol/openid-connect/token",
            "/realms/master/account", "/admin", "/admin/master/console/", "/admin/realms/microdrama/users");
    static final String KEYCLOAK = "keycloak-service";
    static final List<String> KEYCLOAK_PUBLIC = List.of("/realms/microdrama/protocol/openid-connect/token",
            "/realms/microdrama/protocol/openid-connect/auth", "/realms/microdrama/account",
            "/resources/abc12/login/keycloak.v2/css/styles.css");
    private static final long MAX_BODY_BYTES = 1024 * 1024;
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(secret|password|passwd|token|signing|private|credential|api[_-]?key|jaas).*");

    private EdgeChecks() {
    }

    /** Breaks a copy of an overlay's render and asserts that the check reports a problem starting with expected. */
    static void assertCaught(String overlay, Function<List<ObjectNode>, List<String>> check, String expected,
                             Consumer<List<ObjectNode>> breakIt) {
        List<ObjectNode> broken = Manifests.copy(Manifests.overlay(overlay));
        breakIt.accept(broken);
        List<String> problems = check.apply(broken);
        assertTrue(problems.stream().anyMatch(p -> p.startsWith(expected)), expected + " not in " + problems);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Routing
    // ---------------------------------------------------------------------------------------------------------

    /** Every public endpoint reaches its service; no service-only endpoint, /q path or Keycloak admin path does. */
    static List<String> routingProblems(List<ObjectNode> objects, Map<String, List<Endpoint>> endpoints) {
        List<String> problems = new ArrayList<>();
        Set<String> hosts = GatewayRouting.publicHosts(objects);
        endpoints.forEach((service, list) -> {
            for (Endpoint e : list) {
                for (String host : hosts) {
                    Optional<Target> target = GatewayRouting.resolve(objects, host, e.method(), e.path());
                    if (e.serviceOnly() && target.isPresent()) {
                        problems.add("service-only " + e.method() + " " + e.path() + " (" + e.source() + ") is routed on "
                                + host + " by HTTPRoute " + target.get().route());
                    }
                }
                if (!e.serviceOnly() && !reachesOnSomeHost(objects, hosts, e.method(), e.path(), service)) {
                    problems.add("public " + e.method() + " " + e.path() + " (" + e.source() + ") does not reach " + service);
                }
            }
        });
        for (String host : hosts) {
            for (String path : NEVER_ROUTED) {
                for (String method : List.of("GET", "POST")) {
                    GatewayRouting.resolve(objects, host, method, path).ifPresent(t -> problems.add(
                            method + " " + host + path + " is routed by HTTPRoute " + t.route()));
                }
            }
        }
        problems.addAll(plainHttpOnlyRedirects(objects));
        for (String path : KEYCLOAK_PUBLIC) {
            if (!reachesOnSomeHost(objects, hosts, "GET", path, KEYCLOAK)) {
                problems.add(path + " (realm microdrama, its login pages) does not reach Keycloak");
            }
        }
        return problems;
    }

    /** Routes on a listener that is not HTTPS may only redirect (to HTTPS), never reach a backend. */
    private static List<String> plainHttpOnlyRedirects(List<ObjectNode> objects) {
        List<String> problems = new ArrayList<>();
        for (ObjectNode route : Manifests.ofKind(objects, "HTTPRoute")) {
            for (JsonNode parent : route.at("/spec/parentRefs")) {
                Optional<ObjectNode> gateway = Manifests.find(objects, "Gateway", parent.path("name").asText());
                for (JsonNode listener : gateway.map(g -> g.at("/spec/listeners")).orElse(Yaml.JSON.createArrayNode())) {
                    boolean section = !parent.hasNonNull("sectionName")
                            || parent.path("sectionName").asText().equals(listener.path("name").asText());
                    if (section && !"HTTPS".equals(listener.path("protocol").asText())
                            && route.at("/spec/rules").findValue("backendRefs") != null) {
                        problems.add("HTTPRoute " + Manifests.name(route) + " reaches a backend over plain "
                                + listener.path("protocol").asText() + " (listener " + listener.path("name").asText() + ")");
                    }
                }
            }
        }
        return problems;
    }

    static Map<String, List<Endpoint>> servedEndpoints() {
        Map<String, List<Endpoint>> endpoints = new java.util.TreeMap<>();
        Repo.SERVICES.forEach(s -> endpoints.put(s, ServedPaths.of(s)));
        return endpoints;
    }

    private static boolean reachesOnSomeHost(List<ObjectNode> objects, Set<String> hosts, String method, String path,
                                             String backend) {
        return hosts.stream().anyMatch(h -> GatewayRouting.resolve(objects, h, method, path)
                .map(t -> t.backend().equals(backend)).orElse(false));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Limits (Envoy Gateway policies)
    // ---------------------------------------------------------------------------------------------------------

    /**
     * Every public route (an HTTPRoute on an HTTPS listener with a backend) has, in the BackendTrafficPolicy that
     * applies to it (its own, which replaces the Gateway's unless it sets mergeType, else the Gateway's): a rate
     * limit per distinct client IP, a stricter one for writes if the route takes writes, and a request body limit of
     * at most 1 MiB. The Gateway has a ClientTrafficPolicy with header and idle timeouts, no encoded-slash
     * pass-through, and a client's X-Viewer-Country removed. Routes under /media have a failing-closed ext-auth.
     */
    static List<String> policyProblems(List<ObjectNode> objects) {
        List<String> problems = new ArrayList<>();
        for (ObjectNode route : publicRoutes(objects)) {
            String name = Manifests.name(route);
            List<JsonNode> policies = backendPolicies(objects, route);
            List<JsonNode> rules = new ArrayList<>();
            policies.forEach(p -> p.at("/spec/rateLimit/global/rules").forEach(rules::add));
            policies.forEach(p -> p.at("/spec/rateLimit/local/rules").forEach(rules::add));
            Optional<Long> perIp = rules.stream().filter(r -> distinctSourceIp(r) && !hasMethods(r))
                    .map(EdgeChecks::perSecond).min(Long::compare);
            if (perIp.isEmpty()) {
                problems.add("HTTPRoute " + name + ": no rate limit per client IP");
            }
            if (takesWrites(route)) {
                Optional<Long> writes = rules.stream().filter(r -> distinctSourceIp(r) && hasMethods(r, "POST"))
                        .map(EdgeChecks::perSecond).min(Long::compare);
                if (writes.isEmpty() || perIp.isPresent() && writes.get() >= perIp.get()) {
                    problems.add("HTTPRoute " + name + ": no stricter rate limit per client IP for writes");
                }
            }
            Optional<Long> body = policies.stream().map(p -> p.at("/spec/requestBuffer/limit"))
                    .filter(JsonNode::isValueNode).map(v -> bytes(v.asText())).min(Long::compare);
            if (body.isEmpty() || body.get() > MAX_BODY_BYTES) {
                problems.add("HTTPRoute " + name + ": no request body limit of at most 1 MiB");
            }
            if (servesMedia(route)) {
                problems.addAll(mediaProblems(objects, route));
            }
        }
        for (ObjectNode gateway : Manifests.ofKind(objects, "Gateway")) {
            problems.addAll(clientProblems(objects, gateway));
        }
        return problems;
    }

    private static boolean servesMedia(ObjectNode route) {
        for (JsonNode rule : route.at("/spec/rules")) {
            for (JsonNode match : rule.path("matches")) {
                if (GatewayRouting.prefixMatches(match.at("/path/value").asText("/"), "/media")) {
                    return true;
                }
            }
        }
        return false;
    }

    static List<ObjectNode> publicRoutes(List<ObjectNode> objects) {
        List<ObjectNode> routes = new ArrayList<>();
        Set<String> hosts = GatewayRouting.publicHosts(objects);
        for (ObjectNode route : Manifests.ofKind(objects, "HTTPRoute")) {
            boolean toBackend = false;
            for (JsonNode rule : route.at("/spec/rules")) {
                toBackend |= !rule.path("backendRefs").isEmpty();
            }
            boolean onPublicHost = false;
            for (JsonNode h : route.at("/spec/hostnames")) {
                onPublicHost |= hosts.contains(h.asText());
            }
            if (toBackend && (onPublicHost || route.at("/spec/hostnames").isEmpty())) {
                routes.add(route);
            }
        }
        return routes;
    }

    /** The BackendTrafficPolicies in force for a route: its own (plus the Gateway's if merged), else the Gateway's. */
    private static List<JsonNode> backendPolicies(List<ObjectNode> objects, ObjectNode route) {
        List<JsonNode> own = targeting(objects, "BackendTrafficPolicy", "HTTPRoute", Manifests.name(route));
        List<JsonNode> gateway = new ArrayList<>();
        for (JsonNode parent : route.at("/spec/parentRefs")) {
            gateway.addAll(targeting(objects, "BackendTrafficPolicy", "Gateway", parent.path("name").asText()));
        }
        if (own.isEmpty()) {
            return gateway;
        }
        if (own.stream().anyMatch(p -> p.at("/spec/mergeType").isTextual())) {
            List<JsonNode> merged = new ArrayList<>(own);
            merged.addAll(gateway);
            return merged;
        }
        return own;
    }

    private static List<JsonNode> targeting(List<ObjectNode> objects, String policyKind, String kind, String name) {
        List<JsonNode> found = new ArrayList<>();
        for (ObjectNode policy : Manifests.ofKind(objects, policyKind)) {
            List<JsonNode> refs = new ArrayList<>();
            policy.at("/spec/targetRefs").forEach(refs::add);
            if (policy.at("/spec/targetRef").isObject()) {
                refs.add(policy.at("/spec/targetRef"));
            }
            if (refs.stream().anyMatch(r -> r.path("kind").asText().equals(kind) && r.path("name").asText().equals(name)
                    && r.path("group").asText().equals("gateway.networking.k8s.io"))) {
                found.add(policy);
            }
        }
        return found;
    }

    private static boolean distinctSourceIp(JsonNode rule) {
        for (JsonNode selector : rule.path("clientSelectors")) {
            if ("Distinct".equals(selector.at("/sourceCIDR/type").asText())) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasMethods(JsonNode rule, String... required) {
        for (JsonNode selector : rule.path("clientSelectors")) {
            JsonNode methods = selector.path("methods");
            if (!methods.isEmpty()) {
                boolean all = true;
                for (String m : required) {
                    boolean listed = false;
                    for (JsonNode method : methods) {
                        listed |= method.path("value").asText().equals(m) && !method.path("invert").asBoolean(false);
                    }
                    all &= listed;
                }
                return all;
            }
        }
        return false;
    }

    private static long perSecond(JsonNode rule) {
        long requests = rule.at("/limit/requests").asLong();
        return switch (rule.at("/limit/unit").asText()) {
            case "Second" -> requests;
            case "Minute" -> Math.max(1, requests / 60);
            default -> Math.max(1, requests / 3600);
        };
    }

    private static boolean takesWrites(ObjectNode route) {
        for (JsonNode rule : route.at("/spec/rules")) {
            if (rule.path("matches").isEmpty()) {
                return true;
            }
            for (JsonNode match : rule.path("matches")) {
                if (!match.hasNonNull("method") || ServedPaths.WRITES.contains(match.path("method").asText())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** "1Mi" -> 1048576, "1Ki" -> 1024, "1000" -> 1000 (the resource.Quantity forms the CRD allows). */
    static long bytes(String quantity) {
        Map<String, Long> units = Map.of("Ki", 1L << 10, "Mi", 1L << 20, "Gi", 1L << 30, "k", 1000L, "M", 1000_000L,
                "G", 1000_000_000L);
        for (Map.Entry<String, Long> unit : units.entrySet()) {
            if (quantity.endsWith(unit.getKey()) && (unit.getKey().length() == 2 || !quantity.endsWith("i"))) {
                return Long.parseLong(quantity.substring(0, quantity.length() - unit.getKey().length())) * unit.getValue();
            }
        }
        return Long.parseLong(quantity);
    }

    private static List<String> mediaProblems(List<ObjectNode> objects, ObjectNode route) {
        List<String> problems = new ArrayList<>();
        List<JsonNode> security = targeting(objects, "SecurityPolicy", "HTTPRoute", Manifests.name(route));
        JsonNode extAuth = security.stream().map(p -> p.at("/spec/extAuth")).filter(JsonNode::isObject).findFirst()
                .orElse(null);
        if (extAuth == null) {
            problems.add("HTTPRoute " + Manifests.name(route) + ": signed media served without the verifier (ext-auth)");
            return problems;
        }
        if (extAuth.path("failOpen").asBoolean(false)) {
            problems.add("HTTPRoute " + Manifests.name(route) + ": ext-auth fails open (an unreachable verifier lets all in)");
        }
        for (JsonNode backend : extAuth.at("/http/backendRefs")) {
            Optional<ObjectNode> service = Manifests.find(objects, "Service", backend.path("name").asText());
            if (service.isEmpty() || service.get().at("/spec/ports/0/port").asInt() != backend.path("port").asInt()) {
                problems.add("HTTPRoute " + Manifests.name(route) + ": ext-auth backend " + backend + " is no Service port");
                continue;
            }
            String path = extAuth.at("/http/pathOverride").asText("");
            boolean served = Repo.SERVICES.contains(Manifests.name(service.get())) && ServedPaths.of(Manifests.name(service.get()))
                    .stream().anyMatch(e -> e.serviceOnly() && e.method().equals("GET") && e.path().equals(path));
            if (!served) {
                problems.add("HTTPRoute " + Manifests.name(route) + ": ext-auth calls GET " + path + ", which "
                        + Manifests.name(service.get()) + " does not serve as an internal endpoint");
            }
        }
        for (JsonNode header : extAuth.path("headersToExtAuth")) {
            if (!setsEarlyHeader(objects, route, header.asText())) {
                problems.add("HTTPRoute " + Manifests.name(route) + ": ext-auth reads " + header.asText()
                        + ", which the Gateway does not set (a client could)");
            }
        }
        return problems;
    }

    private static boolean setsEarlyHeader(List<ObjectNode> objects, ObjectNode route, String header) {
        for (JsonNode parent : route.at("/spec/parentRefs")) {
            for (JsonNode policy : targeting(objects, "ClientTrafficPolicy", "Gateway", parent.path("name").asText())) {
                for (JsonNode set : policy.at("/spec/headers/earlyRequestHeaders/set")) {
                    if (set.path("name").asText().equalsIgnoreCase(header)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static List<String> clientProblems(List<ObjectNode> objects, ObjectNode gateway) {
        List<String> problems = new ArrayList<>();
        String name = "Gateway " + Manifests.name(gateway);
        List<JsonNode> policies = targeting(objects, "ClientTrafficPolicy", "Gateway", Manifests.name(gateway));
        if (policies.isEmpty()) {
            return List.of(name + ": no ClientTrafficPolicy (timeouts, path handling, header hygiene)");
        }
        JsonNode spec = policies.get(0).path("spec");
        if (!spec.at("/timeout/http/requestHeadersReceivedTimeout").isTextual() || !spec.at("/timeout/http/idleTimeout").isTextual()) {
            problems.add(name + ": no request-header or idle timeout");
        }
        if (!Set.of("RejectRequest", "UnescapeAndRedirect").contains(spec.at("/path/escapedSlashesAction").asText())
                || spec.at("/path/disableMergeSlashes").asBoolean(false)) {
            problems.add(name + ": encoded slashes or doubled slashes pass through to the services");
        }
        boolean stripsCountry = false;
        for (JsonNode header : spec.at("/headers/earlyRequestHeaders/remove")) {
            stripsCountry |= header.asText().equalsIgnoreCase("X-Viewer-Country");
        }
        if (!stripsCountry) {
            problems.add(name + ": a client's own X-Viewer-Country reaches the services");
        }
        return problems;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Secrets
    // ---------------------------------------------------------------------------------------------------------

    /**
     * No secret value is written in the committed manifests: every Secret value comes from an env file (one of
     * {@code fromEnvFiles}; user names excepted), no ConfigMap key or literal container env var named like a secret,
     * and every realm client secret and user password is a placeholder filled from a Secret.
     */
    static List<String> literalSecretProblems(List<ObjectNode> objects, Set<String> fromEnvFiles) {
        List<String> problems = new ArrayList<>();
        for (ObjectNode o : objects) {
            String id = o.path("kind").asText() + "/" + Manifests.name(o);
            switch (o.path("kind").asText()) {
                case "Secret" -> Manifests.secretData(o).forEach((key, value) -> {
                    if (!key.equals("username") && !fromEnvFiles.contains(value)) {
                        problems.add(id + ": key " + key + " has a value written in a committed file");
                    }
                });
                case "ConfigMap" -> o.path("data").fieldNames().forEachRemaining(key -> {
                    if (SECRET_NAME.matcher(key).matches()) {
                        problems.add(id + ": key " + key + " looks like a secret in a ConfigMap");
                    }
                });
                case "KeycloakRealmImport" -> {
                    for (JsonNode client : o.at("/spec/realm/clients")) {
                        if (client.has("secret") && !isPlaceholder(client.path("secret").asText())) {
                            problems.add(id + ": client " + client.path("clientId").asText() + " has a literal secret");
                        }
                    }
                    for (JsonNode user : o.at("/spec/realm/users")) {
                        for (JsonNode credential : user.path("credentials")) {
                            if (!isPlaceholder(credential.path("value").asText())) {
                                problems.add(id + ": user " + user.path("username").asText() + " has a literal password");
                            }
                        }
                    }
                }
                default -> literalEnv(o, id, problems);
            }
        }
        return problems;
    }

    private static boolean isPlaceholder(String value) {
        return value.matches("\\$\\{[A-Z0-9_]+}");
    }

    private static void literalEnv(JsonNode node, String id, List<String> problems) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getKey().equals("env") && field.getValue().isArray()) {
                    for (JsonNode env : field.getValue()) {
                        if (env.has("value") && SECRET_NAME.matcher(env.path("name").asText()).matches()) {
                            problems.add(id + ": env " + env.path("name").asText() + " is a literal secret value");
                        }
                    }
                } else {
                    literalEnv(field.getValue(), id, problems);
                }
            }
        } else if (node.isArray()) {
            node.forEach(element -> literalEnv(element, id, problems));
        }
    }
}
