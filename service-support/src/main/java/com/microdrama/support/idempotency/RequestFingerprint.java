package com.microdrama.support.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an Idempotency-Key is bound to: SHA-256 (64 hex characters) over method, path and the canonical JSON of the
 * accepted command. Canonical means object keys sorted, no whitespace and null members dropped, so a client that
 * re-serializes the same request differently is still recognised as retrying it. Callers hash the command they act
 * on (after unknown fields were dropped, sets sorted), so fields the service ignores cannot make a retry look like a
 * different request. Array order counts: callers sort what is a set to them.
 */
public final class RequestFingerprint {
    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private RequestFingerprint() {
    }

    public static String of(String method, String path, JsonNode body) {
        return sha256Hex(method.toUpperCase() + " " + path + "\n" + canonicalJson(body));
    }

    static String canonicalJson(JsonNode node) {
        try {
            return CANONICAL.writeValueAsString(canonical(node));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object canonical(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isObject()) {
            Map<String, Object> sorted = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                Object value = canonical(field.getValue());
                if (value != null) {
                    sorted.put(field.getKey(), value);
                }
            }
            return sorted;
        }
        if (node.isArray()) {
            List<Object> items = new ArrayList<>();
            node.forEach(item -> items.add(canonical(item)));
            return items;
        }
        return node;
    }

    static String sha256Hex(String material) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(material.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
