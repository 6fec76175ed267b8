package com.microdrama.deploychecks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The pod templates of workload objects: Deployments, CronJobs and Jobs. */
final class PodSpecs {
    private PodSpecs() {
    }

    /** "Kind/name" -> pod spec, for every workload among the objects. */
    static Map<String, JsonNode> of(List<ObjectNode> objects) {
        Map<String, JsonNode> specs = new LinkedHashMap<>();
        for (ObjectNode o : objects) {
            String kind = o.path("kind").asText();
            String id = kind + "/" + o.path("metadata").path("name").asText(o.path("metadata").path("generateName").asText());
            switch (kind) {
                case "Deployment", "Job" -> specs.put(id, o.at("/spec/template/spec"));
                case "CronJob" -> specs.put(id, o.at("/spec/jobTemplate/spec/template/spec"));
                default -> {
                }
            }
        }
        return specs;
    }

    /** The container "name" of a Deployment's pod (the services have exactly one). */
    static JsonNode container(ObjectNode deployment) {
        JsonNode containers = deployment.at("/spec/template/spec/containers");
        if (containers.size() != 1) {
            throw new AssertionError(deployment.at("/metadata/name") + " should have exactly one container");
        }
        return containers.get(0);
    }
}
