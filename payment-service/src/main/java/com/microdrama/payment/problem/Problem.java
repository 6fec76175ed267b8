package com.microdrama.payment.problem;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RFC 9457 problem raised by business code; {@link ProblemMappers} turns it into {@code application/problem+json}.
 * Thrown inside a transaction it also rolls the transaction back, which is what keeps error answers out of the
 * idempotency store.
 */
public class Problem extends RuntimeException {
    public static final String TYPE_PREFIX = "https://microdrama.example/problems/";

    private final int status;
    private final String slug;
    private final String title;
    private final Map<String, Object> extensions;

    public Problem(int status, String slug, String title, String detail) {
        this(status, slug, title, detail, Map.of());
    }

    public Problem(int status, String slug, String title, String detail, Map<String, Object> extensions) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String type() {
        return TYPE_PREFIX + slug;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public Map<String, Object> extensions() {
        return extensions;
    }

    /** The JSON body: standard members first, then the extension members. */
    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type());
        body.put("title", title);
        body.put("status", status);
        if (detail() != null) {
            body.put("detail", detail());
        }
        extensions.forEach(body::putIfAbsent);
        return body;
    }

    public static Problem badRequest(String slug, String title, String detail) {
        return new Problem(400, slug, title, detail);
    }

    public static Problem notFound(String slug, String title, String detail) {
        return new Problem(404, slug, title, detail);
    }
}
