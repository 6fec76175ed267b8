package com.microdrama.deploychecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microdrama.deploychecks.support.Manifests;
import com.microdrama.deploychecks.support.Yaml;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The limits at the edge (Envoy Gateway policies): rate limits per client IP and stricter for writes, a body-size
 * limit, client timeouts and header hygiene on every public route, and the signature check on /media. Each check is
 * also shown to fail on a render broken the way a later edit could break it.
 */
class EdgePoliciesTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyPublicRouteHasRateAndBodyLimitsAndTheGatewayHasClientLimits(String overlay) {
        List<ObjectNode> objects = Manifests.overlay(overlay);
        assertEquals(List.of(), EdgeChecks.policyProblems(objects));
        assertTrue(EdgeChecks.publicRoutes(objects).size() >= 5, "API routes, Keycloak and media are public");
    }

    @Test
    void withoutTheGatewaysBackendPolicyEveryApiRouteIsCaught() {
        assertCaught("HTTPRoute payment-service: no rate limit per client IP",
                objects -> objects.remove(Manifests.get(objects, "BackendTrafficPolicy", "microdrama-edge")));
        assertCaught("HTTPRoute keycloak: no request body limit",
                objects -> objects.remove(Manifests.get(objects, "BackendTrafficPolicy", "microdrama-edge")));
    }

    @Test
    void aRouteLevelPolicyThatReplacesTheGatewaysWithoutLimitsIsCaught() {
        assertCaught("HTTPRoute payment-service: no rate limit per client IP", objects -> objects.add((ObjectNode) Yaml.parse("""
                apiVersion: gateway.envoyproxy.io/v1alpha1
                kind: BackendTrafficPolicy
                metadata:
                  name: payments-retries
                spec:
                  targetRefs:
                    - group: gateway.networking.k8s.io
                      kind: HTTPRoute
                      name: payment-service
                  timeout:
                    http:
                      requestTimeout: 30s
                """)));
    }

    @Test
    void aMissingWriteLimitIsCaught() {
        assertCaught("HTTPRoute payment-service: no stricter rate limit per client IP for writes", objects -> {
            ArrayNode rules = (ArrayNode) Manifests.get(objects, "BackendTrafficPolicy", "microdrama-edge")
                    .at("/spec/rateLimit/global/rules");
            for (int i = rules.size() - 1; i >= 0; i--) {
                if (rules.get(i).toString().contains("POST")) {
                    rules.remove(i);
                }
            }
        });
    }

    @Test
    void aBodyLimitAboveOneMebibyteIsCaught() {
        assertCaught("HTTPRoute catalog-service: no request body limit", objects ->
                ((ObjectNode) Manifests.get(objects, "BackendTrafficPolicy", "microdrama-edge").at("/spec/requestBuffer"))
                        .put("limit", "8Mi"));
    }

    @Test
    void aClientCountryHeaderPassingThroughIsCaught() {
        assertCaught("Gateway microdrama: a client's own X-Viewer-Country reaches the services", objects ->
                ((ObjectNode) Manifests.get(objects, "ClientTrafficPolicy", "microdrama-edge").at("/spec/headers"))
                        .remove("earlyRequestHeaders"));
    }

    @Test
    void encodedSlashesPassingThroughAreCaught() {
        assertCaught("Gateway microdrama: encoded slashes", objects ->
                ((ObjectNode) Manifests.get(objects, "ClientTrafficPolicy", "microdrama-edge").at("/spec/path"))
                        .put("escapedSlashesAction", "KeepUnchanged"));
    }

    @Test
    void mediaWithoutTheVerifierOrWithAFailingOpenVerifierIsCaught() {
        assertCaught("HTTPRoute media: signed media served without the verifier",
                objects -> objects.remove(Manifests.get(objects, "SecurityPolicy", "media-signed-path")));
        assertCaught("HTTPRoute media: ext-auth fails open", objects ->
                ((ObjectNode) Manifests.get(objects, "SecurityPolicy", "media-signed-path").at("/spec/extAuth"))
                        .put("failOpen", true));
    }

    @Test
    void aVerifierPathTheServiceDoesNotServeOrAHeaderTheGatewayDoesNotSetIsCaught() {
        assertCaught("HTTPRoute media: ext-auth calls GET /internal/media/verify, which catalog-service does not serve",
                objects -> ((ObjectNode) Manifests.get(objects, "SecurityPolicy", "media-signed-path").at("/spec/extAuth/http"))
                        .put("pathOverride", "/internal/media/verify"));
        assertCaught("HTTPRoute media: ext-auth reads X-Original-URI, which the Gateway does not set", objects ->
                ((ObjectNode) Manifests.get(objects, "ClientTrafficPolicy", "microdrama-edge")
                        .at("/spec/headers/earlyRequestHeaders")).remove("set"));
    }

    @Test
    void quantitiesAreReadAsTheCrdDefinesThem() {
        assertEquals(1024 * 1024, EdgeChecks.bytes("1Mi"));
        assertEquals(1024, EdgeChecks.bytes("1Ki"));
        assertEquals(2_000_000, EdgeChecks.bytes("2M"));
        assertEquals(512, EdgeChecks.bytes("512"));
    }

    private static void assertCaught(String expected, Consumer<List<ObjectNode>> breakIt) {
        EdgeChecks.assertCaught("prod", EdgeChecks::policyProblems, expected, breakIt);
    }
}
