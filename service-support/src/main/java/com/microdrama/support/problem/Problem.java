package com.microdrama.support.problem;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An RFC 9457 problem document. Extension members are serialized at the top level beside the standard ones, in the
 * order they were added (clients and tests read them by name, people read them in order). Immutable: {@link #with}
 * returns a copy, so a shared constant can never be changed by one answer.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "title", "status", "detail"})
public final class Problem {
    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_PREFIX = "https://microdrama.example/problems/";
    /** Sent with every 401: RFC 6750 asks for a Bearer challenge. */
    public static final String BEARER_CHALLENGE = "Bearer realm=\"microdrama\"";
    /** An extension member (whole seconds) also sent as the {@code Retry-After} header, as the gateway's 429 has it. */
    public static final String RETRY_AFTER_SECONDS = "retryAfterSeconds";

    private final String slug;
    private final String title;
    private final int status;
    private final String detail;
    private final Map<String, Object> extensions;

    private Problem(int status, String slug, String title, String detail, Map<String, Object> extensions) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a problem has a 4xx or 5xx status, not " + status);
        }
        this.status = status;
        this.slug = Objects.requireNonNull(slug, "slug");
        this.title = Objects.requireNonNull(title, "title");
        this.detail = detail;
        this.extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
    }

    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem(status, slug, title, detail, Map.of());
    }

    public static Problem of(int status, String slug, String title, String detail, Map<String, ?> extensions) {
        return of(status, slug, title, detail).withAll(extensions);
    }

    /** A copy with one more extension member; a standard member name is refused (it would shadow the real one). */
    public Problem with(String name, Object value) {
        if (Objects.requireNonNull(name, "name").matches("type|title|status|detail|instance")) {
            throw new IllegalArgumentException("'" + name + "' is a standard member, not an extension");
        }
        Map<String, Object> copy = new LinkedHashMap<>(extensions);
        copy.put(name, value);
        return new Problem(status, slug, title, detail, copy);
    }

    /** A copy with all these extension members, in the map's iteration order. */
    public Problem withAll(Map<String, ?> more) {
        Problem problem = this;
        if (more != null) {
            for (Map.Entry<String, ?> e : more.entrySet()) {
                problem = problem.with(e.getKey(), e.getValue());
            }
        }
        return problem;
    }

    public String getType() {
        return TYPE_PREFIX + slug;
    }

    public String getTitle() {
        return title;
    }

    public int getStatus() {
        return status;
    }

    public String getDetail() {
        return detail;
    }

    @JsonAnyGetter
    public Map<String, Object> getExtensions() {
        return extensions;
    }

    @JsonIgnore
    public String slug() {
        return slug;
    }

    /** The answer: problem+json with this status, the Bearer challenge on a 401, {@code Retry-After} when it says one. */
    public Response toResponse() {
        Response.ResponseBuilder response = Response.status(status).type(MEDIA_TYPE).entity(this);
        if (status == 401) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, BEARER_CHALLENGE);
        }
        if (extensions.get(RETRY_AFTER_SECONDS) instanceof Number seconds) {
            response.header(HttpHeaders.RETRY_AFTER, seconds.longValue());
        }
        return response.build();
    }

    @Override
    public String toString() {
        return status + " " + getType() + (detail == null ? "" : ": " + detail);
    }
}
