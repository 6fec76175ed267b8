package com.microdrama.deploychecks.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** RFC 6902 JSON Patch, the operations kustomize overlays here use: add, replace, remove, test. */
public final class JsonPatch {
    private JsonPatch() {
    }

    public static void apply(ObjectNode target, JsonNode operations) {
        if (!operations.isArray()) {
            throw new IllegalArgumentException("A JSON patch is a list of operations: " + operations);
        }
        for (JsonNode op : operations) {
            String kind = op.path("op").asText();
            String path = op.path("path").asText();
            switch (kind) {
                case "add" -> add(target, path, op.get("value").deepCopy(), false);
                case "replace" -> add(target, path, op.get("value").deepCopy(), true);
                case "remove" -> remove(target, path);
                case "test" -> {
                    JsonNode actual = target.at(path);
                    if (!actual.equals(op.get("value"))) {
                        throw new IllegalStateException("JSON patch test failed at " + path + ": " + actual);
                    }
                }
                default -> throw new IllegalArgumentException("Unsupported JSON patch op '" + kind + "' (renderer subset)");
            }
        }
    }

    private static void add(ObjectNode root, String path, JsonNode value, boolean mustExist) {
        String[] tokens = tokens(path);
        JsonNode parent = parent(root, tokens, path);
        String last = tokens[tokens.length - 1];
        if (parent instanceof ObjectNode object) {
            if (mustExist && !object.has(last)) {
                throw new IllegalStateException("replace: no member '" + last + "' at " + path);
            }
            object.set(last, value);
        } else if (parent instanceof ArrayNode array) {
            if ("-".equals(last) && !mustExist) {
                array.add(value);
                return;
            }
            int index = index(last, path);
            if (mustExist) {
                if (index >= array.size()) {
                    throw new IllegalStateException("replace: no element " + index + " at " + path);
                }
                array.set(index, value);
            } else {
                if (index > array.size()) {
                    throw new IllegalStateException("add: index out of bounds at " + path);
                }
                array.insert(index, value);
            }
        } else {
            throw new IllegalStateException("JSON patch path has no container: " + path);
        }
    }

    private static void remove(ObjectNode root, String path) {
        String[] tokens = tokens(path);
        JsonNode parent = parent(root, tokens, path);
        String last = tokens[tokens.length - 1];
        if (parent instanceof ObjectNode object && object.has(last)) {
            object.remove(last);
        } else if (parent instanceof ArrayNode array && index(last, path) < array.size()) {
            array.remove(index(last, path));
        } else {
            throw new IllegalStateException("remove: nothing at " + path);
        }
    }

    private static JsonNode parent(ObjectNode root, String[] tokens, String path) {
        JsonNode node = root;
        for (int i = 0; i < tokens.length - 1; i++) {
            node = node.isArray() ? node.get(index(tokens[i], path)) : node.get(tokens[i]);
            if (node == null) {
                throw new IllegalStateException("JSON patch path does not exist: " + path);
            }
        }
        return node;
    }

    private static String[] tokens(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("JSON pointer must start with '/': " + path);
        }
        String[] raw = path.substring(1).split("/", -1);
        for (int i = 0; i < raw.length; i++) {
            raw[i] = raw[i].replace("~1", "/").replace("~0", "~");
        }
        return raw;
    }

    private static int index(String token, String path) {
        try {
            return Integer.parseInt(token);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("Not an array index '" + token + "' in " + path);
        }
    }
}
