package com.microdrama.deploychecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microdrama.deploychecks.support.Manifests;
import com.microdrama.deploychecks.support.Repo;
import com.microdrama.deploychecks.support.TopicsConf;
import com.microdrama.events.Topics;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each service's Deployment comes with a Service, HPA, PDB, NetworkPolicy and ServiceMonitor that select it. */
class ServiceWiringTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceHasServiceHpaPdbNetworkPolicyAndServiceMonitorSelectingItsPods(String overlay) {
        List<ObjectNode> objects = Manifests.overlay(overlay);
        List<String> problems = new ArrayList<>();
        for (String name : Repo.SERVICES) {
            ObjectNode deployment = Manifests.get(objects, "Deployment", name);
            JsonNode podLabels = deployment.at("/spec/template/metadata/labels");
            if (!selects(deployment.at("/spec/selector/matchLabels"), podLabels)) {
                problems.add(name + ": Deployment selector does not match its pod template");
            }

            ObjectNode service = Manifests.get(objects, "Service", name);
            if (!selects(service.at("/spec/selector"), podLabels)) {
                problems.add(name + ": Service selector does not match the pods");
            }
            JsonNode http = null;
            for (JsonNode port : service.at("/spec/ports")) {
                if ("http".equals(port.path("name").asText())) {
                    http = port;
                }
            }
            if (http == null || !"http".equals(http.path("targetPort").asText())) {
                problems.add(name + ": Service has no port 'http' targeting the container port 'http'");
            }

            if (Repo.SINGLE_INSTANCE.contains(name)) {
                if (Manifests.find(objects, "HorizontalPodAutoscaler", name).isPresent()
                        || deployment.at("/spec/replicas").asInt() != 1) {
                    problems.add(name + ": a single-instance service runs replicas: 1 without an HPA");
                }
            } else {
                hpaProblems(objects, name, problems);
            }

            if (!selects(Manifests.get(objects, "PodDisruptionBudget", name).at("/spec/selector/matchLabels"), podLabels)) {
                problems.add(name + ": PDB does not select the pods");
            }
            if (!selects(Manifests.get(objects, "NetworkPolicy", name).at("/spec/podSelector/matchLabels"), podLabels)) {
                problems.add(name + ": NetworkPolicy does not select the pods");
            }
            ObjectNode monitor = Manifests.get(objects, "ServiceMonitor", name);
            if (!selects(monitor.at("/spec/selector/matchLabels"), service.at("/metadata/labels"))) {
                problems.add(name + ": ServiceMonitor does not select the Service");
            }
            if (!"http".equals(monitor.at("/spec/endpoints/0/port").asText())
                    || !"/q/metrics".equals(monitor.at("/spec/endpoints/0/path").asText())) {
                problems.add(name + ": ServiceMonitor must scrape port http at /q/metrics");
            }
        }
        assertEquals(List.of(), problems);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void entitlementServiceNeverScalesPastThePartitionsOfPaymentEvents(String overlay) {
        int partitions = TopicsConf.load().get(Topics.PAYMENT_EVENTS).partitions();
        ObjectNode hpa = Manifests.get(Manifests.overlay(overlay), "HorizontalPodAutoscaler", "entitlement-service");
        int max = hpa.at("/spec/maxReplicas").asInt();
        assertTrue(max <= partitions, "maxReplicas " + max + " > " + partitions
                + " partitions of payment-events: the extra consumers would sit idle");
    }

    static boolean selects(JsonNode selector, JsonNode labels) {
        if (selector == null || !selector.isObject() || selector.isEmpty()) {
            return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = selector.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }

    private static void hpaProblems(List<ObjectNode> objects, String name, List<String> problems) {
        ObjectNode hpa = Manifests.get(objects, "HorizontalPodAutoscaler", name);
        if (!"Deployment".equals(hpa.at("/spec/scaleTargetRef/kind").asText())
                || !name.equals(hpa.at("/spec/scaleTargetRef/name").asText())) {
            problems.add(name + ": HPA does not scale this Deployment");
        }
        if (!"cpu".equals(hpa.at("/spec/metrics/0/resource/name").asText())) {
            problems.add(name + ": HPA does not scale on CPU");
        }
        if (hpa.at("/spec/minReplicas").asInt() > hpa.at("/spec/maxReplicas").asInt()) {
            problems.add(name + ": HPA minReplicas > maxReplicas");
        }
    }
}
