package com.microdrama.deploychecks.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** The rendered overlays (Java renderer, cached per JVM) and small lookups over them. */
public final class Manifests {
    private static final Map<String, List<ObjectNode>> CACHE = new ConcurrentHashMap<>();

    private Manifests() {
    }

    public static List<ObjectNode> overlay(String name) {
        return CACHE.computeIfAbsent(name, n -> List.copyOf(KustomizeRenderer.render(Repo.overlay(n))));
    }

    public static List<ObjectNode> ofKind(List<ObjectNode> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).collect(Collectors.toList());
    }

    public static Optional<ObjectNode> find(List<ObjectNode> objects, String kind, String name) {
        return objects.stream()
                .filter(o -> kind.equals(o.path("kind").asText()) && name.equals(name(o)))
                .findFirst();
    }

    public static ObjectNode get(List<ObjectNode> objects, String kind, String name) {
        return find(objects, kind, name).orElseThrow(() -> new AssertionError("No " + kind + " '" + name + "'"));
    }

    public static String name(JsonNode o) {
        return o.path("metadata").path("name").asText();
    }

    /** kind/namespace/name, the identity kustomize uses. */
    public static String id(JsonNode o) {
        return o.path("apiVersion").asText() + " " + o.path("kind").asText() + " "
                + o.path("metadata").path("namespace").asText("") + "/" + name(o);
    }
}
