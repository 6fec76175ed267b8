package com.microdrama.deploychecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microdrama.deploychecks.support.GatewayRouting;
import com.microdrama.deploychecks.support.Manifests;
import com.microdrama.deploychecks.support.ServedPaths.Endpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the Gateway API routes let in, evaluated on the rendered HTTPRoutes against the endpoints the services
 * actually serve (their JAX-RS resources): every public endpoint reaches its service; the service-to-service paths,
 * Quarkus' /q endpoints, Keycloak's master realm and admin API reach nothing. Each check is also shown to fail.
 */
class GatewayRoutesTest {
    private static final Map<String, List<Endpoint>> ENDPOINTS = EdgeChecks.servedEndpoints();

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void publicEndpointsAreRoutedAndServiceOnlyOperatorAndKeycloakAdminPathsAreNot(String overlay) {
        assertEquals(List.of(), EdgeChecks.routingProblems(Manifests.overlay(overlay), ENDPOINTS));
    }

    @Test
    void theServicesServeServiceOnlyEndpointsSoTheCheckIsNotVacuous() {
        List<String> serviceOnly = new ArrayList<>();
        ENDPOINTS.values().forEach(list -> list.stream().filter(Endpoint::serviceOnly)
                .forEach(e -> serviceOnly.add(e.method() + " " + e.path())));
        assertTrue(serviceOnly.contains("GET /api/entitlements/users/sample-id/check"), serviceOnly.toString());
        assertTrue(ENDPOINTS.get("entitlement-service").stream()
                .anyMatch(e -> !e.serviceOnly() && e.path().equals("/api/entitlements/check")));
    }

    @Test
    void everyRouteHangsOnAListenerOfTheGatewayAndPointsAtAServicePort() {
        for (String overlay : List.of("dev", "prod")) {
            List<ObjectNode> objects = Manifests.overlay(overlay);
            ObjectNode gateway = Manifests.get(objects, "Gateway", "microdrama");
            List<String> problems = new ArrayList<>();
            for (ObjectNode route : Manifests.ofKind(objects, "HTTPRoute")) {
                for (JsonNode parent : route.at("/spec/parentRefs")) {
                    if (!parent.path("name").asText().equals(Manifests.name(gateway))
                            || !gateway.at("/spec/listeners").toString().contains("\"" + parent.path("sectionName").asText() + "\"")) {
                        problems.add(Manifests.name(route) + ": parentRef to an unknown Gateway/listener " + parent);
                    }
                }
                for (JsonNode rule : route.at("/spec/rules")) {
                    for (JsonNode backend : rule.path("backendRefs")) {
                        Manifests.find(objects, "Service", backend.path("name").asText()).ifPresent(service -> {
                            if (service.at("/spec/ports/0/port").asInt() != backend.path("port").asInt()) {
                                problems.add(Manifests.name(route) + ": backend port " + backend.path("port") + " is not the Service's");
                            }
                        });
                    }
                }
            }
            assertEquals(List.of(), problems, overlay);
        }
    }

    @Test
    void theWholeEntitlementsPrefixIsCaughtBecauseItRoutesTheServiceOnlyPath() {
        assertCaught("service-only GET /api/entitlements/users/sample-id/check", objects -> {
            ArrayNode matches = (ArrayNode) Manifests.get(objects, "HTTPRoute", "entitlement-service").at("/spec/rules/0/matches");
            ((ObjectNode) matches.get(0).path("path")).put("value", "/api/entitlements");
        });
    }

    @Test
    void theWholeRealmsPrefixIsCaughtBecauseItRoutesTheMasterRealm() {
        assertCaught("GET auth.microdrama.example/realms/master is routed", objects ->
                ((ObjectNode) Manifests.get(objects, "HTTPRoute", "keycloak").at("/spec/rules/0/matches/0/path"))
                        .put("value", "/realms"));
    }

    @Test
    void aCatchAllRuleIsCaughtBecauseItRoutesTheOperatorEndpoints() {
        assertCaught("GET api.microdrama.example/q/health is routed", objects ->
                ((ObjectNode) Manifests.get(objects, "HTTPRoute", "catalog-service").at("/spec/rules/0/matches/0/path"))
                        .put("value", "/"));
    }

    @Test
    void aServiceRouteOnThePlainHttpListenerIsCaught() {
        assertCaught("HTTPRoute payment-service reaches a backend over plain HTTP", objects ->
                ((ObjectNode) Manifests.get(objects, "HTTPRoute", "payment-service").at("/spec/parentRefs/0"))
                        .put("sectionName", "http"));
    }

    @Test
    void aDroppedPublicPathIsCaught() {
        assertCaught("public GET /api/entitlements/me", objects -> {
            ArrayNode matches = (ArrayNode) Manifests.get(objects, "HTTPRoute", "entitlement-service").at("/spec/rules/0/matches");
            for (int i = 0; i < matches.size(); i++) {
                if (matches.get(i).at("/path/value").asText().equals("/api/entitlements/me")) {
                    matches.remove(i);
                }
            }
        });
    }

    @Test
    void prefixesMatchWholePathSegmentsOnly() {
        assertTrue(GatewayRouting.prefixMatches("/api/entitlements/check", "/api/entitlements/check"));
        assertTrue(GatewayRouting.prefixMatches("/api/entitlements/check", "/api/entitlements/check/x"));
        assertFalse(GatewayRouting.prefixMatches("/api/entitlements/check", "/api/entitlements/checks"));
        assertTrue(GatewayRouting.prefixMatches("/", "/q/health"));
    }

    private static void assertCaught(String expected, Consumer<List<ObjectNode>> breakIt) {
        EdgeChecks.assertCaught("prod", objects -> EdgeChecks.routingProblems(objects, ENDPOINTS), expected, breakIt);
    }
}
