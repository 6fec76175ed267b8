package com.microdrama.support.problem;

import com.fasterxml.jackson.databind.JsonMappingException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;

import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Field names as the client sent them, for the {@code violations: [{field, message}]} extension. */
public final class Violations {
    private Violations() {
    }

    public static List<Map<String, String>> of(Set<? extends ConstraintViolation<?>> violations) {
        return violations.stream()
                .map(v -> violation(field(v.getPropertyPath().toString()), v.getMessage()))
                .sorted(Comparator.comparing((Map<String, String> m) -> m.get("field")).thenComparing(m -> m.get("message")))
                .toList();
    }

    public static Map<String, String> violation(String field, String message) {
        Map<String, String> violation = new LinkedHashMap<>();
        violation.put("field", field);
        violation.put("message", message);
        return violation;
    }

    /**
     * The name clients know: "list.size" → "size" (a query parameter), "create.request.tiers[0].region" →
     * "tiers[0].region" (a body field); the Java method and parameter names mean nothing to a client.
     */
    public static String field(String propertyPath) {
        String[] parts = propertyPath.replace(".<list element>", "").replace(".<iterable element>", "")
                .replace(".<map value>", "").split("\\.");
        if (parts.length <= 2) {
            return parts[parts.length - 1];
        }
        return String.join(".", Arrays.copyOfRange(parts, 2, parts.length));
    }

    /** The JSON path of a value of the wrong type, e.g. "tiers[0].coins"; empty when the whole body was wrong. */
    public static String field(JsonMappingException e) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                field.append('[').append(ref.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    /** A violated constraint on what the server returns is the server's bug, not the client's. */
    public static boolean onReturnValue(Set<? extends ConstraintViolation<?>> violations) {
        for (ConstraintViolation<?> v : violations) {
            for (Path.Node node : v.getPropertyPath()) {
                if (node.getKind() == ElementKind.RETURN_VALUE) {
                    return true;
                }
            }
        }
        return false;
    }
}
