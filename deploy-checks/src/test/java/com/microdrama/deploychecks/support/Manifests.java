package com.microdrama.deploychecks.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The rendered overlays ("kubectl kustomize" over {@link RenderTree}'s copy, with throwaway dev secrets; cached per
 * JVM) and small lookups over them.
 */
public final class Manifests {
    private static final Map<String, List<ObjectNode>> CACHE = new ConcurrentHashMap<>();

    private Manifests() {
    }

    public static List<ObjectNode> overlay(String name) {
        return CACHE.computeIfAbsent(name, n -> List.copyOf(Kubectl.kustomize(RenderTree.overlay(n))));
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

    /** A Secret's values, decoded from data and as given in stringData. */
    public static Map<String, String> secretData(JsonNode secret) {
        Map<String, String> values = new TreeMap<>();
        secret.path("data").fields().forEachRemaining(e -> values.put(e.getKey(),
                new String(Base64.getDecoder().decode(e.getValue().asText()), StandardCharsets.UTF_8)));
        secret.path("stringData").fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
        return values;
    }

    /** A deep copy of every object, for checks that are shown to fail on a broken render. */
    public static List<ObjectNode> copy(List<ObjectNode> objects) {
        return objects.stream().map(ObjectNode::deepCopy).collect(Collectors.toList());
    }

    /** kind/namespace/name, the identity kustomize uses. */
    public static String id(JsonNode o) {
        return o.path("apiVersion").asText() + " " + o.path("kind").asText() + " "
                + o.path("metadata").path("namespace").asText("") + "/" + name(o);
    }
}
