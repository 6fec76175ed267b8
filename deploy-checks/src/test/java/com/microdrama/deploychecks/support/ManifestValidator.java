package com.microdrama.deploychecks.support;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates one rendered object against its schema, offline:
 * <ul>
 * <li>Kubernetes kinds, Gateway API, ServiceMonitor and Strimzi CRs: deserialized into their typed Java models
 * (fabric8 kubernetes-model, io.strimzi:api) with unknown properties failing. Both model families swallow unknown
 * fields into an "additionalProperties" map through @JsonAnySetter, so the mapper here switches any-setters
 * (and ignoreUnknown) off: a misspelled field fails instead of disappearing.</li>
 * <li>CloudNativePG, Keycloak-operator and Envoy Gateway CRs (no Java model on Maven Central): the subset of their
 * CRD OpenAPI schemas pinned in src/test/resources/schemas, validated with networknt json-schema-validator.</li>
 * </ul>
 * A kind in neither list is an error: adding a new kind means adding its model or schema here.
 */
public final class ManifestValidator {
    private static final Map<String, Class<?>> TYPED = Map.ofEntries(
            Map.entry("v1/Namespace", io.fabric8.kubernetes.api.model.Namespace.class),
            Map.entry("v1/ServiceAccount", io.fabric8.kubernetes.api.model.ServiceAccount.class),
            Map.entry("v1/ConfigMap", io.fabric8.kubernetes.api.model.ConfigMap.class),
            Map.entry("v1/Secret", io.fabric8.kubernetes.api.model.Secret.class),
            Map.entry("v1/Service", io.fabric8.kubernetes.api.model.Service.class),
            Map.entry("apps/v1/Deployment", io.fabric8.kubernetes.api.model.apps.Deployment.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler",
                    io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class),
            Map.entry("batch/v1/CronJob", io.fabric8.kubernetes.api.model.batch.v1.CronJob.class),
            Map.entry("batch/v1/Job", io.fabric8.kubernetes.api.model.batch.v1.Job.class),
            Map.entry("gateway.networking.k8s.io/v1/Gateway", io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway.class),
            Map.entry("gateway.networking.k8s.io/v1/HTTPRoute", io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute.class),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor",
                    io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor.class),
            Map.entry("kafka.strimzi.io/v1beta2/Kafka", io.strimzi.api.kafka.model.kafka.Kafka.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaNodePool", io.strimzi.api.kafka.model.nodepool.KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaTopic", io.strimzi.api.kafka.model.topic.KafkaTopic.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaUser", io.strimzi.api.kafka.model.user.KafkaUser.class));

    private static final Map<String, String> SCHEMAS = Map.ofEntries(
            Map.entry("postgresql.cnpg.io/v1/Cluster", "schemas/postgresql.cnpg.io_v1_Cluster.yaml"),
            Map.entry("postgresql.cnpg.io/v1/Database", "schemas/postgresql.cnpg.io_v1_Database.yaml"),
            Map.entry("postgresql.cnpg.io/v1/ScheduledBackup", "schemas/postgresql.cnpg.io_v1_ScheduledBackup.yaml"),
            Map.entry("k8s.keycloak.org/v2alpha1/Keycloak", "schemas/k8s.keycloak.org_v2alpha1_Keycloak.yaml"),
            Map.entry("k8s.keycloak.org/v2alpha1/KeycloakRealmImport",
                    "schemas/k8s.keycloak.org_v2alpha1_KeycloakRealmImport.yaml"),
            envoyGateway("BackendTrafficPolicy"),
            envoyGateway("ClientTrafficPolicy"),
            envoyGateway("SecurityPolicy"),
            envoyGateway("HTTPRouteFilter"),
            envoyGateway("Backend"));

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .annotationIntrospector(new StrictIntrospector())
            .build();

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);
    private static final Map<String, Schema> LOADED = new ConcurrentHashMap<>();

    private ManifestValidator() {
    }

    public static boolean supports(JsonNode object) {
        String key = key(object);
        return TYPED.containsKey(key) || SCHEMAS.containsKey(key);
    }

    /** Problems found; empty when the object is valid. */
    public static List<String> validate(JsonNode object) {
        String key = key(object);
        List<String> problems = new ArrayList<>();
        if (object.path("metadata").path("name").asText("").isEmpty()
                && object.path("metadata").path("generateName").asText("").isEmpty()) {
            problems.add("metadata.name is missing");
        }
        Class<?> type = TYPED.get(key);
        if (type != null) {
            try {
                STRICT.treeToValue(object, type);
            } catch (IOException | IllegalArgumentException e) {
                problems.add(e.getMessage().lines().findFirst().orElse(e.toString()) + " [" + pathOf(e) + "]");
            }
            return problems;
        }
        String schemaFile = SCHEMAS.get(key);
        if (schemaFile == null) {
            problems.add("no model or pinned schema for " + key + " (add one to ManifestValidator)");
            return problems;
        }
        Schema schema = LOADED.computeIfAbsent(schemaFile, ManifestValidator::load);
        for (Error error : schema.validate(object.toString(), InputFormat.JSON)) {
            problems.add(error.toString());
        }
        return problems;
    }

    private static Map.Entry<String, String> envoyGateway(String kind) {
        return Map.entry("gateway.envoyproxy.io/v1alpha1/" + kind, "schemas/gateway.envoyproxy.io_v1alpha1_" + kind + ".yaml");
    }

    private static String key(JsonNode object) {
        return object.path("apiVersion").asText() + "/" + object.path("kind").asText();
    }

    private static String pathOf(Exception e) {
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m) {
            return m.getPathReference();
        }
        return "";
    }

    private static Schema load(String resource) {
        if (ManifestValidator.class.getClassLoader().getResource(resource) == null) {
            throw new IllegalStateException("Missing pinned schema " + resource);
        }
        // A classpath location, so the schemas' relative $refs (common.yaml) resolve beside them.
        return REGISTRY.getSchema(SchemaLocation.of("classpath:" + resource));
    }

    /** Jackson's introspector with @JsonAnySetter and ignoreUnknown turned off. */
    private static final class StrictIntrospector extends JacksonAnnotationIntrospector {
        @Override
        public Boolean hasAnySetter(Annotated a) {
            return Boolean.FALSE;
        }

        @Override
        public JsonIgnoreProperties.Value findPropertyIgnoralByName(MapperConfig<?> config, Annotated a) {
            return super.findPropertyIgnoralByName(config, a).withoutIgnoreUnknown();
        }
    }
}
