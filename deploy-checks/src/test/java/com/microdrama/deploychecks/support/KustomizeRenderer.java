package com.microdrama.deploychecks.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Renders a kustomization without kubectl, for machines that lack it. It implements only the subset of kustomize
 * that deploy/kubernetes uses and REFUSES anything else (unknown kustomization fields, strategic-merge patches,
 * selector labels), so a new feature cannot silently render differently: KustomizeRendererTest compares it with
 * "kubectl kustomize" wherever kubectl exists.
 * <p>
 * Supported: resources (files, directories), secretGenerator (envs and literals, only with generatorOptions
 * disableNameSuffixHash: true, since a hashed name would not be rewritten in the CRs that reference Secrets),
 * patches (RFC 6902 JSON patches, inline or by path, with a target of group/version/kind/name), namespace, labels
 * (metadata labels only), images (newName/newTag/digest).
 */
public final class KustomizeRenderer {
    private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "resources", "secretGenerator",
            "generatorOptions", "patches", "namespace", "labels", "images");
    private static final Set<String> SECRET_GENERATOR_FIELDS = Set.of("name", "type", "envs", "literals");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "GatewayClass", "StorageClass", "PriorityClass");

    private KustomizeRenderer() {
    }

    public static List<ObjectNode> render(Path dir) {
        Path file = dir.resolve("kustomization.yaml");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("No kustomization.yaml in " + dir);
        }
        JsonNode k = Yaml.read(file);
        for (Iterator<String> it = k.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!SUPPORTED.contains(field)) {
                throw new UnsupportedOperationException(file + ": kustomization field '" + field
                        + "' is outside the renderer's subset " + SUPPORTED);
            }
        }
        List<ObjectNode> objects = new ArrayList<>();
        for (JsonNode entry : k.path("resources")) {
            Path resource = dir.resolve(entry.asText()).normalize();
            if (Files.isDirectory(resource)) {
                objects.addAll(render(resource));
            } else {
                objects.addAll(Yaml.readAll(resource));
            }
        }
        for (JsonNode generator : k.path("secretGenerator")) {
            objects.add(generateSecret(dir, generator, k.path("generatorOptions")));
        }
        for (JsonNode patch : k.path("patches")) {
            applyPatch(dir, patch, objects);
        }
        if (k.hasNonNull("namespace")) {
            String namespace = k.get("namespace").asText();
            for (ObjectNode o : objects) {
                if (!CLUSTER_SCOPED.contains(o.path("kind").asText())) {
                    metadata(o).put("namespace", namespace);
                }
            }
        }
        for (JsonNode labels : k.path("labels")) {
            if (labels.path("includeSelectors").asBoolean(false) || labels.path("includeTemplates").asBoolean(false)) {
                throw new UnsupportedOperationException(file + ": labels with includeSelectors/includeTemplates");
            }
            for (ObjectNode o : objects) {
                ObjectNode target = metadata(o).has("labels") ? (ObjectNode) metadata(o).get("labels")
                        : metadata(o).putObject("labels");
                labels.path("pairs").fields().forEachRemaining(e -> target.set(e.getKey(), e.getValue().deepCopy()));
            }
        }
        for (JsonNode image : k.path("images")) {
            for (ObjectNode o : objects) {
                setImages(o, image);
            }
        }
        return objects;
    }

    /** Like kustomize: literals first, then the env files' KEY=VALUE lines (blank and # lines skipped), base64 data. */
    private static ObjectNode generateSecret(Path dir, JsonNode generator, JsonNode options) {
        if (!options.path("disableNameSuffixHash").asBoolean(false) || options.size() != 1) {
            throw new UnsupportedOperationException(dir + ": secretGenerator needs generatorOptions with only"
                    + " disableNameSuffixHash: true");
        }
        for (Iterator<String> it = generator.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!SECRET_GENERATOR_FIELDS.contains(field)) {
                throw new UnsupportedOperationException(dir + ": secretGenerator field '" + field + "'");
            }
        }
        Map<String, String> data = new TreeMap<>();
        for (JsonNode literal : generator.path("literals")) {
            put(data, literal.asText(), dir);
        }
        for (JsonNode env : generator.path("envs")) {
            Path file = dir.resolve(env.asText());
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!line.isBlank() && !line.stripLeading().startsWith("#")) {
                        put(data, line, file);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("secretGenerator env file " + file, e);
            }
        }
        ObjectNode secret = Yaml.JSON.createObjectNode();
        secret.put("apiVersion", "v1").put("kind", "Secret");
        secret.putObject("metadata").put("name", generator.path("name").asText());
        secret.put("type", generator.path("type").asText("Opaque"));
        ObjectNode encoded = secret.putObject("data");
        data.forEach((key, value) -> encoded.put(key,
                Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
        return secret;
    }

    private static void put(Map<String, String> data, String keyValue, Path source) {
        int eq = keyValue.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException(source + ": not KEY=VALUE: " + keyValue);
        }
        if (data.put(keyValue.substring(0, eq).strip(), keyValue.substring(eq + 1)) != null) {
            throw new IllegalArgumentException(source + ": key given twice: " + keyValue.substring(0, eq));
        }
    }

    private static void applyPatch(Path dir, JsonNode patch, List<ObjectNode> objects) {
        JsonNode operations;
        if (patch.hasNonNull("patch")) {
            operations = Yaml.parse(patch.get("patch").asText());
        } else if (patch.hasNonNull("path")) {
            operations = Yaml.read(dir.resolve(patch.get("path").asText()));
        } else {
            throw new IllegalArgumentException(dir + ": patch without 'patch' or 'path'");
        }
        if (!operations.isArray()) {
            throw new UnsupportedOperationException(dir + ": only JSON 6902 patches (lists of operations) are supported");
        }
        JsonNode target = patch.get("target");
        if (target == null) {
            throw new UnsupportedOperationException(dir + ": a JSON patch needs a target");
        }
        for (Iterator<String> it = target.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!Set.of("group", "version", "kind", "name").contains(field)) {
                throw new UnsupportedOperationException(dir + ": patch target field '" + field + "'");
            }
        }
        int matched = 0;
        for (ObjectNode o : objects) {
            if (matches(o, target)) {
                JsonPatch.apply(o, operations);
                matched++;
            }
        }
        // kustomize accepts a patch that matches nothing; a typo in a target must not go unnoticed here.
        if (matched == 0) {
            throw new IllegalStateException(dir + ": patch target matches no resource: " + target);
        }
    }

    private static boolean matches(ObjectNode o, JsonNode target) {
        String apiVersion = o.path("apiVersion").asText();
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        return (!target.has("kind") || target.get("kind").asText().equals(o.path("kind").asText()))
                && (!target.has("name") || target.get("name").asText().equals(o.path("metadata").path("name").asText()))
                && (!target.has("group") || target.get("group").asText().equals(group))
                && (!target.has("version") || target.get("version").asText().equals(version));
    }

    private static ObjectNode metadata(ObjectNode o) {
        return o.has("metadata") ? (ObjectNode) o.get("metadata") : o.putObject("metadata");
    }

    /** Like kustomize's image transformer: every "containers"/"initContainers" list anywhere in the object. */
    private static void setImages(JsonNode node, JsonNode image) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if ((field.getKey().equals("containers") || field.getKey().equals("initContainers"))
                        && field.getValue().isArray()) {
                    for (JsonNode container : field.getValue()) {
                        retag((ObjectNode) container, image);
                    }
                } else {
                    setImages(field.getValue(), image);
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : (ArrayNode) node) {
                setImages(element, image);
            }
        }
    }

    private static void retag(ObjectNode container, JsonNode image) {
        String current = container.path("image").asText(null);
        if (current == null) {
            return;
        }
        ImageRef ref = ImageRef.parse(current);
        if (!ref.name().equals(image.path("name").asText())) {
            return;
        }
        String name = image.hasNonNull("newName") ? image.get("newName").asText() : ref.name();
        String result;
        if (image.hasNonNull("digest")) {
            result = name + "@" + image.get("digest").asText();
        } else if (image.hasNonNull("newTag")) {
            result = name + ":" + image.get("newTag").asText();
        } else {
            result = name + ref.suffix();
        }
        container.put("image", result);
    }

    /** An image reference split into name and ":tag"/"@digest" suffix (a registry port is part of the name). */
    public record ImageRef(String name, String tag, String digest) {
        public static ImageRef parse(String image) {
            String digest = null;
            int at = image.indexOf('@');
            if (at >= 0) {
                digest = image.substring(at + 1);
                image = image.substring(0, at);
            }
            int colon = image.lastIndexOf(':');
            if (colon > image.lastIndexOf('/')) {
                return new ImageRef(image.substring(0, colon), image.substring(colon + 1), digest);
            }
            return new ImageRef(image, null, digest);
        }

        String suffix() {
            return (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
        }
    }
}
