package com.microdrama.support.problem;

import java.util.List;
import java.util.Map;

/**
 * The slugs every service answers alike (listed in docs/architecture.md, Errors). Service-specific slugs
 * ({@code insufficient-coins}, {@code unknown-series}, …) stay in the services.
 */
public final class Problems {
    public static final String MALFORMED_REQUEST = "malformed-request";
    public static final String VALIDATION_FAILED = "validation-failed";
    public static final String INVALID_CHARACTERS = "invalid-characters";
    public static final String UNAUTHORIZED = "unauthorized";
    public static final String FORBIDDEN = "forbidden";
    public static final String CONFLICT = "conflict";
    public static final String INTERNAL_ERROR = "internal-error";
    public static final String DATABASE_UNAVAILABLE = "database-unavailable";
    public static final String IDENTITY_PROVIDER_UNAVAILABLE = "identity-provider-unavailable";

    private Problems() {
    }

    /** 400 with {@code violations: [{field, message}]}, the shape Bean Validation failures get. */
    public static Problem validationFailed(List<Map<String, String>> violations) {
        String detail = violations.isEmpty() ? "The request has invalid fields."
                : "The request has invalid fields: " + String.join(", ",
                violations.stream().map(v -> v.get("field")).distinct().toList()) + ".";
        return Problem.of(400, VALIDATION_FAILED, "Invalid request", detail).with("violations", violations);
    }

    /** 400 for one field that breaks a rule Bean Validation does not express. */
    public static Problem invalidField(String field, String message) {
        return validationFailed(List.of(Violations.violation(field, message)));
    }

    /** 400 for a body value of the wrong JSON type or format; names the field both ways clients read it. */
    public static Problem malformedField(String field) {
        return Problem.of(400, MALFORMED_REQUEST, "Malformed request", "Field '" + field + "' has the wrong type or format.")
                .with("field", field)
                .with("violations", List.of(Violations.violation(field, "has the wrong type or format")));
    }

    public static Problem invalidCharacters() {
        return Problem.of(400, INVALID_CHARACTERS, "Invalid characters",
                "The request contains a character that is not allowed (a NUL byte, U+0000).");
    }

    public static Problem unauthorized(String detail) {
        return Problem.of(401, UNAUTHORIZED, "Unauthorized", detail);
    }
}
