package com.microdrama.deploychecks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microdrama.deploychecks.support.AppProperties;
import com.microdrama.deploychecks.support.Manifests;
import com.microdrama.deploychecks.support.Repo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Only the gateway (and Prometheus) reach a service's HTTP port, plus catalog-service and payment-service ->
 * entitlement-service (its service-only path);
 * services reach DNS, Kafka, PostgreSQL, Keycloak and nothing else.
 */
class NetworkPolicyTest {
    private static final Map<String, Set<String>> CALLERS = Map.of(
            "payment-service", Set.of(),
            "entitlement-service", Set.of("catalog-service", "payment-service"),
            "catalog-service", Set.of(),
            "insights-service", Set.of());
    private static final Set<String> PLATFORM_EGRESS = Set.of("dns:53", "kafka:9093", "postgres:5432", "keycloak:8080");

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void onlyTheGatewayMonitoringAndDeclaredCallersReachAServicesHttpPort(String overlay) {
        List<ObjectNode> objects = Manifests.overlay(overlay);
        List<String> problems = new ArrayList<>();
        for (String service : Repo.SERVICES) {
            ObjectNode policy = Manifests.get(objects, "NetworkPolicy", service);
            int port = Manifests.get(objects, "Service", service).at("/spec/ports/0/port").asInt();
            if (!policyTypes(policy).equals(Set.of("Ingress", "Egress"))) {
                problems.add(service + ": policyTypes must be Ingress and Egress");
            }
            Set<String> peers = new TreeSet<>();
            for (JsonNode rule : policy.at("/spec/ingress")) {
                if (rule.path("from").isEmpty() || rule.path("ports").isEmpty()) {
                    problems.add(service + ": an ingress rule without 'from' or 'ports' opens everything");
                }
                for (JsonNode p : rule.path("ports")) {
                    if (p.path("port").asInt() != port) {
                        problems.add(service + ": ingress to port " + p.path("port") + " is not the HTTP port " + port);
                    }
                }
                for (JsonNode from : rule.path("from")) {
                    peers.add(describeIngressPeer(from));
                }
            }
            Set<String> expected = new TreeSet<>(Set.of("gateway-pods", "gateway-namespace", "monitoring"));
            CALLERS.get(service).forEach(c -> expected.add("pods:" + c));
            if (!peers.equals(expected)) {
                problems.add(service + ": ingress from " + peers + ", expected " + expected);
            }
        }
        assertEquals(List.of(), problems);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void servicesReachOnlyDnsKafkaPostgresKeycloakAndTheirDeclaredCallees(String overlay) {
        List<ObjectNode> objects = Manifests.overlay(overlay);
        List<String> problems = new ArrayList<>();
        for (String service : Repo.SERVICES) {
            Set<String> targets = new TreeSet<>();
            for (JsonNode rule : Manifests.get(objects, "NetworkPolicy", service).at("/spec/egress")) {
                if (rule.path("to").isEmpty() || rule.path("ports").isEmpty()) {
                    problems.add(service + ": an egress rule without 'to' or 'ports' opens everything");
                    continue;
                }
                for (JsonNode to : rule.path("to")) {
                    for (JsonNode p : rule.path("ports")) {
                        targets.add(describeEgressPeer(to) + ":" + p.path("port").asText());
                    }
                }
            }
            Set<String> expected = new TreeSet<>(PLATFORM_EGRESS);
            if (!AppProperties.of(service).usesDatabase()) {
                expected.remove("postgres:5432");
            }
            CALLERS.forEach((callee, callers) -> {
                if (callers.contains(service)) {
                    int port = Manifests.get(objects, "Service", callee).at("/spec/ports/0/port").asInt();
                    expected.add("pods:" + callee + ":" + port);
                }
            });
            if (!targets.equals(expected)) {
                problems.add(service + ": egress to " + targets + ", expected " + expected);
            }
        }
        assertEquals(List.of(), problems);
    }

    private static Set<String> policyTypes(ObjectNode policy) {
        Set<String> types = new TreeSet<>();
        policy.at("/spec/policyTypes").forEach(t -> types.add(t.asText()));
        return types;
    }

    private static String describeIngressPeer(JsonNode from) {
        String namespace = from.at("/namespaceSelector/matchLabels/kubernetes.io~1metadata.name").asText(null);
        if (from.has("ipBlock")) {
            return "ipBlock(not allowed)";
        }
        if ("monitoring".equals(namespace)) {
            return "monitoring";
        }
        if (namespace != null && !from.has("podSelector")) {
            return "gateway-namespace";
        }
        if (!from.has("namespaceSelector") && from.at("/podSelector/matchLabels/gateway.networking.k8s.io~1gateway-name")
                .isTextual()) {
            return "gateway-pods";
        }
        if (!from.has("namespaceSelector") && from.at("/podSelector/matchLabels/app.kubernetes.io~1name").isTextual()) {
            return "pods:" + from.at("/podSelector/matchLabels/app.kubernetes.io~1name").asText();
        }
        return "unrecognised peer " + from;
    }

    private static String describeEgressPeer(JsonNode to) {
        JsonNode labels = to.at("/podSelector/matchLabels");
        if ("kube-dns".equals(labels.path("k8s-app").asText())) {
            return "dns";
        }
        if (to.has("namespaceSelector") || to.has("ipBlock")) {
            return "other namespace or IP block " + to;
        }
        if (labels.has("strimzi.io/cluster")) {
            return "kafka";
        }
        if (labels.has("cnpg.io/cluster")) {
            return "postgres";
        }
        if ("keycloak".equals(labels.path("app").asText())) {
            return "keycloak";
        }
        if (labels.has("app.kubernetes.io/name")) {
            return "pods:" + labels.path("app.kubernetes.io/name").asText();
        }
        return "unrecognised peer " + to;
    }
}
