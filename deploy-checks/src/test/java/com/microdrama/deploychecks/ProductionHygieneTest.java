package com.microdrama.deploychecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microdrama.deploychecks.support.Manifests;
import com.microdrama.deploychecks.support.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What running the services in production needs beyond hardening: the HPA alone sizes them, a stop drains and finishes
 * work inside the grace period, memory is sized from the measured RSS, Pod Security "restricted" is enforced and the
 * stock Prometheus operator finds the ServiceMonitors.
 */
class ProductionHygieneTest {

    /** Seconds left between the end of Quarkus' shutdown timeout and SIGKILL, for closing consumers and pools. */
    private static final long SHUTDOWN_MARGIN_SECONDS = 5;

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void deploymentsScaledByAnHpaCarryNoReplicaCount(String overlay) {
        List<ObjectNode> objects = Manifests.overlay(overlay);
        assertEquals(List.of(), replicaProblems(objects));
        for (String service : Repo.SERVICES) {
            assertEquals(!Repo.SINGLE_INSTANCE.contains(service),
                    Manifests.find(objects, "HorizontalPodAutoscaler", service).isPresent(), "HPA of " + service);
        }
    }

    @Test
    void aFixedReplicaCountUnderAnHpaIsSeen() {
        List<ObjectNode> objects = Manifests.copy(Manifests.overlay("prod"));
        ((ObjectNode) Manifests.get(objects, "Deployment", "catalog-service").path("spec")).put("replicas", 2);
        assertEquals(List.of("Deployment/catalog-service: replicas 2 is fixed although HPA catalog-service owns the count"),
                replicaProblems(objects));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void aStopDrainsTrafficThenFinishesRequestsInsideTheGracePeriod(String overlay) {
        assertEquals(List.of(), shutdownProblems(Manifests.overlay(overlay)));
    }

    @Test
    void aShutdownTimeoutLongerThanTheGracePeriodIsSeen() {
        List<ObjectNode> objects = Manifests.copy(Manifests.overlay("prod"));
        ((ObjectNode) Manifests.get(objects, "ConfigMap", "entitlement-service-config").path("data"))
                .put("QUARKUS_SHUTDOWN_TIMEOUT", "40s");
        List<String> problems = shutdownProblems(objects);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("Deployment/entitlement-service: grace period 45 s"), problems.get(0));
    }

    @Test
    void kafkaConsumersCloseGracefullyOnShutdown() throws IOException {
        for (String service : Repo.SERVICES) {
            String properties = Files.readString(Repo.applicationProperties(service));
            assertFalse(properties.matches("(?s).*graceful-shutdown\\s*=\\s*false.*"),
                    service + " turns off a channel's graceful shutdown (its consumer would not commit what it processed)");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void memoryRequestsCoverTheMeasuredPeakRssAndLimitsLeaveRoom(String overlay) throws IOException {
        JsonNode rss = new ObjectMapper().readTree(Repo.root().resolve("bench/results/latest.json").toFile()).path("rss_mb");
        List<ObjectNode> objects = Manifests.overlay(overlay);
        for (String service : Repo.SERVICES) {
            if (Repo.NOT_YET_BENCHMARKED.contains(service)) {
                assertTrue(rss.path(service).isMissingNode(), "the bench now measures " + service
                        + ": size its memory by rss_mb." + service + " and take it out of Repo.NOT_YET_BENCHMARKED");
                continue;
            }
            assertTrue(rss.path(service).isNumber(), "bench/results/latest.json has no rss_mb." + service);
            long measured = rss.path(service).asLong();
            JsonNode resources = PodSpecs.container(Manifests.get(objects, "Deployment", service)).path("resources");
            long request = mebibytes(resources.at("/requests/memory").asText());
            long limit = mebibytes(resources.at("/limits/memory").asText());
            assertTrue(request >= measured * 11 / 10,
                    service + ": memory request " + request + " Mi is less than 110 % of its measured peak RSS " + measured + " MB");
            assertTrue(request <= measured * 3 / 2,
                    service + ": memory request " + request + " Mi reserves far more than its measured peak RSS " + measured + " MB");
            assertTrue(limit >= measured * 3 / 2,
                    service + ": memory limit " + limit + " Mi leaves under 50 % above its measured peak RSS " + measured + " MB");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theNamespaceEnforcesRestrictedPodSecurityAndKeycloakMeetsIt(String overlay) {
        List<ObjectNode> objects = Manifests.overlay(overlay);
        List<ObjectNode> namespaces = Manifests.ofKind(objects, "Namespace");
        assertEquals(1, namespaces.size());
        assertEquals("restricted", namespaces.get(0).at("/metadata/labels/pod-security.kubernetes.io~1enforce").asText());
        JsonNode template = Manifests.get(objects, "Keycloak", "keycloak").at("/spec/unsupported/podTemplate/spec");
        assertTrue(template.at("/securityContext/runAsNonRoot").asBoolean(false), "Keycloak pod runAsNonRoot");
        assertEquals("RuntimeDefault", template.at("/securityContext/seccompProfile/type").asText());
        JsonNode container = template.at("/containers/0/securityContext");
        assertEquals("false", container.path("allowPrivilegeEscalation").asText());
        assertEquals("ALL", container.at("/capabilities/drop/0").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void serviceMonitorsCarryTheReleaseLabelAStockPrometheusSelects(String overlay) {
        List<ObjectNode> objects = Manifests.overlay(overlay);
        List<ObjectNode> monitors = Manifests.ofKind(objects, "ServiceMonitor");
        assertEquals(Repo.SERVICES.size(), monitors.size());
        for (ObjectNode monitor : monitors) {
            assertEquals("kube-prometheus-stack", monitor.at("/metadata/labels/release").asText(), Manifests.id(monitor));
            String selected = monitor.at("/spec/selector/matchLabels/app.kubernetes.io~1name").asText();
            ObjectNode service = Manifests.get(objects, "Service", selected);
            boolean port = false;
            for (JsonNode p : service.at("/spec/ports")) {
                port |= p.path("name").asText().equals(monitor.at("/spec/endpoints/0/port").asText());
            }
            assertTrue(port, Manifests.id(monitor) + " scrapes a port Service " + selected + " does not name");
        }
    }

    static List<String> replicaProblems(List<ObjectNode> objects) {
        List<String> problems = new ArrayList<>();
        for (ObjectNode hpa : Manifests.ofKind(objects, "HorizontalPodAutoscaler")) {
            String target = hpa.at("/spec/scaleTargetRef/name").asText();
            Manifests.find(objects, hpa.at("/spec/scaleTargetRef/kind").asText(), target).ifPresentOrElse(d -> {
                if (d.at("/spec/replicas").isNumber()) {
                    problems.add("Deployment/" + target + ": replicas " + d.at("/spec/replicas").asInt()
                            + " is fixed although HPA " + Manifests.name(hpa) + " owns the count");
                }
            }, () -> problems.add("HPA " + Manifests.name(hpa) + " scales " + target + ", which is not deployed"));
        }
        return problems;
    }

    static List<String> shutdownProblems(List<ObjectNode> objects) {
        List<String> problems = new ArrayList<>();
        for (ObjectNode deployment : Manifests.ofKind(objects, "Deployment")) {
            String id = "Deployment/" + Manifests.name(deployment);
            JsonNode container = PodSpecs.container(deployment);
            long preStop = container.at("/lifecycle/preStop/sleep/seconds").asLong(0);
            if (preStop < 5) {
                problems.add(id + ": no preStop sleep of at least 5 s (endpoints must drop the pod before it stops)");
            }
            String timeout = null;
            for (JsonNode from : container.path("envFrom")) {
                String map = from.at("/configMapRef/name").asText();
                JsonNode value = Manifests.find(objects, "ConfigMap", map)
                        .map(m -> m.at("/data/QUARKUS_SHUTDOWN_TIMEOUT")).orElse(null);
                if (value != null && !value.isMissingNode()) {
                    timeout = value.asText();
                }
            }
            if (timeout == null) {
                problems.add(id + ": no QUARKUS_SHUTDOWN_TIMEOUT (Quarkus would drop in-flight requests at SIGTERM)");
                continue;
            }
            long shutdown = Duration.parse("PT" + timeout.toUpperCase(Locale.ROOT)).toSeconds();
            long grace = deployment.at("/spec/template/spec/terminationGracePeriodSeconds").asLong(30);
            if (grace < preStop + shutdown + SHUTDOWN_MARGIN_SECONDS) {
                problems.add(id + ": grace period " + grace + " s is shorter than preStop " + preStop + " s + shutdown timeout "
                        + shutdown + " s + " + SHUTDOWN_MARGIN_SECONDS + " s");
            }
        }
        return problems;
    }

    /** A memory quantity in MiB, by the quantity parser the edge checks use. */
    static long mebibytes(String quantity) {
        return EdgeChecks.bytes(quantity) >> 20;
    }
}
