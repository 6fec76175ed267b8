package com.microdrama.deploychecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microdrama.deploychecks.support.ManifestValidator;
import com.microdrama.deploychecks.support.Manifests;
import com.microdrama.deploychecks.support.Repo;
import com.microdrama.deploychecks.support.Yaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every rendered object against the vendored Kubernetes OpenAPI or released CRD schema; and proof that the validation
 * bites: unknown fields, missing required fields, wrong types and API versions that are removed or deprecated fail.
 */
class ManifestSchemaTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyRenderedObjectMatchesItsKubernetesOrCrdSchema(String overlay) {
        List<String> problems = new ArrayList<>();
        for (ObjectNode o : Manifests.overlay(overlay)) {
            ManifestValidator.validate(o).forEach(p -> problems.add(Manifests.id(o) + ": " + p));
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void theStandaloneJobTemplatesMatchTheirSchema() throws IOException {
        List<String> problems = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(Repo.kubernetes().resolve("jobs"))) {
            files = list.filter(p -> p.toString().endsWith(".yaml")).toList();
        }
        assertFalse(files.isEmpty());
        for (Path file : files) {
            for (ObjectNode o : Yaml.readAll(file)) {
                ManifestValidator.validate(o).forEach(p -> problems.add(file.getFileName() + ": " + p));
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void aMisspelledKubernetesFieldIsRejected() {
        assertRejected("Deployment", "payment-service",
                d -> ((ObjectNode) d.at("/spec/template/spec/containers/0")).putObject("livenessProbes"));
    }

    @Test
    void aWronglyTypedKubernetesFieldIsRejected() {
        assertRejected("Deployment", "payment-service", d -> ((ObjectNode) d.get("spec")).put("replicas", "two"));
    }

    @Test
    void aMisspelledGatewayApiFieldIsRejected() {
        assertRejected("HTTPRoute", "payment-service",
                r -> ((ObjectNode) r.at("/spec/rules/0")).putArray("backendRef"));
    }

    @Test
    void aMisspelledServiceMonitorFieldIsRejected() {
        assertRejected("ServiceMonitor", "payment-service",
                m -> ((ObjectNode) m.at("/spec/endpoints/0")).put("paths", "/q/metrics"));
    }

    @Test
    void aMisspelledStrimziFieldIsRejected() {
        assertRejected("KafkaTopic", "payment-events", t -> ((ObjectNode) t.get("spec")).put("partition", 6));
        assertRejected("KafkaUser", "payment-service",
                u -> ((ObjectNode) u.at("/spec/authorization/acls/0")).putArray("operation"));
    }

    @Test
    void aMisspelledOrInvalidCloudNativePgFieldIsRejected() {
        assertRejected("Cluster", "microdrama-pg", c -> ((ObjectNode) c.get("spec")).put("instance", 3));
        assertRejected("Database", "payments", c -> ((ObjectNode) c.get("spec")).put("databaseReclaimPolicy", "drop"));
    }

    @Test
    void aMisspelledKeycloakOperatorFieldIsRejected() {
        assertRejected("Keycloak", "keycloak", k -> ((ObjectNode) k.at("/spec/hostname")).put("backchannelDynmic", true));
        assertRejected("KeycloakRealmImport", "microdrama", k -> ((ObjectNode) k.get("spec")).put("keycloakCrName", "x"));
    }

    @Test
    void aMisspelledOrInvalidEnvoyGatewayFieldIsRejected() {
        assertRejected("BackendTrafficPolicy", "microdrama-edge",
                p -> ((ObjectNode) p.at("/spec/rateLimit/global/rules/0/limit")).put("unit", "Fortnight"));
        assertRejected("ClientTrafficPolicy", "microdrama-edge",
                p -> ((ObjectNode) p.at("/spec/timeout/http")).put("idleTimout", "60s"));
        assertRejected("SecurityPolicy", "media-signed-path", p -> ((ObjectNode) p.at("/spec/extAuth")).put("failopen", false));
    }

    @Test
    void anUnknownFieldIsRejected() {
        assertRejected("Kafka", "microdrama", k -> ((ObjectNode) k.at("/spec/kafka")).put("zookeeperConnect", "zk:2181"));
        assertRejected("Service", "payment-service", s -> ((ObjectNode) s.get("spec")).put("loadBalancerIPs", "10.0.0.1"));
    }

    @Test
    void aMissingRequiredFieldIsRejected() {
        assertRejected("KafkaNodePool", "brokers", p -> ((ObjectNode) p.at("/spec/storage")).remove("type"));
        assertRejected("Deployment", "payment-service",
                d -> ((ObjectNode) d.at("/spec/template/spec/containers/0")).remove("name"));
        assertRejected("Cluster", "microdrama-pg", c -> ((ObjectNode) c.get("spec")).remove("instances"));
    }

    @Test
    void strimziV1beta2IsRemovedAndRejected() {
        for (String kind : List.of("Kafka", "KafkaNodePool", "KafkaTopic", "KafkaUser")) {
            ObjectNode object = Manifests.ofKind(Manifests.overlay("prod"), kind).get(0).deepCopy();
            assertEquals(List.of(), ManifestValidator.validate(object), "valid before breaking it");
            object.put("apiVersion", "kafka.strimzi.io/v1beta2");
            List<String> problems = ManifestValidator.validate(object);
            assertEquals(1, problems.size(), problems.toString());
            assertTrue(problems.get(0).contains("not served"), problems.get(0));
        }
    }

    @Test
    void aRemovedKubernetesApiVersionIsRejected() {
        assertRejected("CronJob", "reconcile", c -> c.put("apiVersion", "batch/v1beta1"));
        assertRejected("PodDisruptionBudget", "payment-service", p -> p.put("apiVersion", "policy/v1beta1"));
        assertRejected("HorizontalPodAutoscaler", "payment-service", h -> h.put("apiVersion", "autoscaling/v2beta2"));
    }

    @Test
    void aKindWithoutModelOrSchemaIsRejected() {
        ObjectNode unknown = Yaml.JSON.createObjectNode();
        unknown.put("apiVersion", "example.com/v1").put("kind", "Widget").putObject("metadata").put("name", "w");
        assertFalse(ManifestValidator.validate(unknown).isEmpty());
    }

    private static void assertRejected(String kind, String name, Consumer<ObjectNode> breakIt) {
        ObjectNode object = Manifests.get(Manifests.overlay("prod"), kind, name).deepCopy();
        assertEquals(List.of(), ManifestValidator.validate(object), "valid before breaking it");
        breakIt.accept(object);
        assertFalse(ManifestValidator.validate(object).isEmpty(), "broken " + kind + " must be rejected");
    }
}
