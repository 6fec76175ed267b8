package com.microdrama.catalog.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ValidationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.Map;

/** The one place where exceptions become problem+json; clients never see a stack trace. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        Response.ResponseBuilder response = respond(e.toProblem());
        if (e.status() == 401) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"microdrama\"");
        }
        return response.build();
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e) {
        List<Map<String, String>> violations = e.getConstraintViolations().stream()
                .map(ProblemMappers::violation)
                .toList();
        return respond(new Problem(Problem.TYPE_PREFIX + "invalid-request", "Invalid request", 400,
                "The request has invalid parameters.", Map.of("violations", violations))).build();
    }

    @ServerExceptionMapper
    public Response validation(ValidationException e) {
        return respond(Problem.of(400, "invalid-request", "Invalid request", e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            // valid JSON, wrong type for a field ("number": "abc"): say which field, never the parser's internals
            String field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse("");
            return respond(new Problem(Problem.TYPE_PREFIX + "malformed-json", "Malformed JSON", 400,
                    "Field '" + field + "' has the wrong type or format.",
                    Map.of("violations", List.of(Map.of("field", field, "message", "has the wrong type or format")))))
                    .build();
        }
        return respond(Problem.of(400, "malformed-json", "Malformed JSON", "The request body is not valid JSON."))
                .build();
    }

    // Quarkus maps this one itself (an empty 400); ours names the field
    @ServerExceptionMapper
    public Response mismatchedInput(com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
        return malformedJson(e);
    }

    @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
    public Response unauthorized(RuntimeException e) {
        return respond(Problem.of(401, "authentication-required", "Authentication required",
                "A valid bearer token from the microdrama realm is required."))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"microdrama\"")
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(Problem.of(403, "forbidden", "Forbidden", "The token does not allow this operation.")).build();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status == 400 && e.getCause() instanceof JsonProcessingException json) {
            return malformedJson(json);
        }
        String reason = Response.Status.fromStatusCode(status) != null
                ? Response.Status.fromStatusCode(status).getReasonPhrase() : "HTTP " + status;
        if (status >= 500) {
            Log.errorf(e, "request failed with %d", status);
        }
        String slug = switch (status) {
            case 400 -> "bad-request";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 415 -> "unsupported-media-type";
            default -> status >= 500 ? "internal-error" : "http-" + status;
        };
        String detail = status >= 500 ? "The server could not complete the request." : reason + ".";
        return respond(Problem.of(status, slug, reason, detail)).build();
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e) {
        if (isUniqueViolation(e)) {
            // two admins racing for the same id or episode number: the loser's check passed, the database refused
            return respond(Problem.of(409, "conflict", "Conflict",
                    "The change conflicts with an existing row (duplicate id or episode number).")).build();
        }
        if (hasSqlState(e, "22021")) {
            // PostgreSQL refuses text with a NUL byte; it is bad input, and the statement changed nothing
            return respond(Problem.of(400, "invalid-characters", "Invalid characters",
                    "The request contains characters that are not allowed (e.g. a NUL byte).")).build();
        }
        Log.error("unexpected failure", e);
        return respond(Problem.of(500, "internal-error", "Internal error", "The server could not complete the request."))
                .build();
    }

    private static Response.ResponseBuilder respond(Problem problem) {
        return Response.status(problem.getStatus()).type(Problem.MEDIA_TYPE).entity(problem);
    }

    static boolean isUniqueViolation(Throwable e) {
        return hasSqlState(e, "23505");
    }

    static boolean hasSqlState(Throwable e, String sqlState) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof io.vertx.pgclient.PgException pg && sqlState.equals(pg.getSqlState())) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /**
     * The name clients know: "list.size" -> "size" (a query parameter), "create.request.tiers[0].region" ->
     * "tiers[0].region" (a body field), never the Java method and parameter names.
     */
    static String field(String propertyPath) {
        String[] parts = propertyPath.replace(".<list element>", "").replace(".<iterable element>", "")
                .split("\\.");
        if (parts.length <= 2) {
            return parts[parts.length - 1];
        }
        return String.join(".", java.util.Arrays.copyOfRange(parts, 2, parts.length));
    }

    private static Map<String, String> violation(ConstraintViolation<?> v) {
        return Map.of("field", field(v.getPropertyPath().toString()), "message", v.getMessage());
    }
}
