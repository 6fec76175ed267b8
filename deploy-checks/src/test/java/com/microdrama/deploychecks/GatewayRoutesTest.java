package com.microdrama.deploychecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microdrama.deploychecks.support.Manifests;
import com.microdrama.deploychecks.support.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Gateway API routes mirror the local nginx gateway (deploy/gateway/nginx.conf). */
class GatewayRoutesTest {
    private static final Pattern NGINX_ROUTE =
            Pattern.compile("location \\^~ (/api/[a-z-]+)/ \\{\\s*proxy_pass http://([a-z_]+);");

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void httpRoutesCoverEveryApiPrefixOfTheLocalGatewayWithTheSameService(String overlay) throws IOException {
        Map<String, String> nginx = nginxRoutes();
        assertEquals(3, nginx.size(), "the local gateway routes three /api prefixes: " + nginx);
        List<ObjectNode> objects = Manifests.overlay(overlay);
        ObjectNode gateway = Manifests.get(objects, "Gateway", "microdrama");

        Map<String, String> routed = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (ObjectNode route : Manifests.ofKind(objects, "HTTPRoute")) {
            for (JsonNode parent : route.at("/spec/parentRefs")) {
                if (!parent.path("name").asText().equals(Manifests.name(gateway))
                        || !hasListener(gateway, parent.path("sectionName").asText())) {
                    problems.add(Manifests.name(route) + ": parentRef to an unknown Gateway/listener " + parent);
                }
            }
            for (JsonNode rule : route.at("/spec/rules")) {
                for (JsonNode backend : rule.path("backendRefs")) {
                    ObjectNode service = Manifests.find(objects, "Service", backend.path("name").asText()).orElse(null);
                    if (service == null) {
                        continue; // operator-made Services (keycloak-service) are not in the render
                    }
                    if (service.at("/spec/ports/0/port").asInt() != backend.path("port").asInt()) {
                        problems.add(Manifests.name(route) + ": backend port " + backend.path("port") + " is not the Service's");
                    }
                    for (JsonNode match : rule.path("matches")) {
                        assertEquals("PathPrefix", match.at("/path/type").asText());
                        routed.put(match.at("/path/value").asText(), backend.path("name").asText());
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
        assertEquals(nginx, routed, "prefix -> Service, as in nginx.conf");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void nothingButTheApiPrefixesReachesTheServices(String overlay) {
        for (ObjectNode route : Manifests.ofKind(Manifests.overlay(overlay), "HTTPRoute")) {
            for (JsonNode rule : route.at("/spec/rules")) {
                boolean toService = false;
                for (JsonNode backend : rule.path("backendRefs")) {
                    toService |= Repo.SERVICES.contains(backend.path("name").asText());
                }
                if (!toService) {
                    continue;
                }
                assertFalse(rule.path("matches").isEmpty(), Manifests.name(route) + ": a rule without matches routes '/'");
                for (JsonNode match : rule.path("matches")) {
                    String prefix = match.at("/path/value").asText();
                    assertTrue(prefix.matches("/api/[a-z-]+"), Manifests.name(route) + " routes " + prefix);
                }
            }
        }
    }

    private static boolean hasListener(ObjectNode gateway, String section) {
        for (JsonNode listener : gateway.at("/spec/listeners")) {
            if (listener.path("name").asText().equals(section)) {
                return true;
            }
        }
        return false;
    }

    /** "/api/catalog" -> "catalog-service" from nginx.conf's prefix locations and upstream names. */
    static Map<String, String> nginxRoutes() throws IOException {
        String conf = Files.readString(Repo.root().resolve("deploy/gateway/nginx.conf"));
        Map<String, String> routes = new TreeMap<>();
        Matcher m = NGINX_ROUTE.matcher(conf);
        while (m.find()) {
            routes.put(m.group(1), m.group(2).replace('_', '-'));
        }
        return routes;
    }
}
