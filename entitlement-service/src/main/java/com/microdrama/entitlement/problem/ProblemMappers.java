package com.microdrama.entitlement.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Every error leaves as application/problem+json; nothing internal (stack traces, SQL) reaches the client. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return e.problem().toResponse();
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        List<Map<String, String>> violations = e.getConstraintViolations().stream()
                .map(ProblemMappers::violation)
                .toList();
        return new Problem("validation-failed", "Invalid request", 400, "The request has invalid parameters")
                .with("violations", violations)
                .toResponse();
    }

    /** Unparsable JSON, or a value of the wrong shape (e.g. a timestamp that is not ISO-8601). */
    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        return new Problem("malformed-request", "Malformed request", 400,
                "The request body is not valid JSON of the expected shape").toResponse();
    }

    /** Quarkus has a built-in (non-problem) answer for this subtype, so it needs its own mapper. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        String field = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
        Problem problem = new Problem("malformed-request", "Malformed request", 400,
                "The request body is not valid JSON of the expected shape");
        return (field.isEmpty() ? problem : problem.with("field", field)).toResponse();
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return unauthenticated();
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return unauthenticated();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return new Problem("forbidden", "Forbidden", 403, "The token does not carry a role allowed here").toResponse();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (e instanceof NotFoundException && e.getCause() != null) {
            // JAX-RS reports an unparsable query parameter as 404; it is the client's malformed request.
            return new Problem("malformed-request", "Malformed request", 400, "A parameter could not be read").toResponse();
        }
        String slug = switch (status) {
            case 400 -> "malformed-request";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 415 -> "unsupported-media-type";
            default -> status >= 500 ? "internal-error" : "http-" + status;
        };
        String title = Response.Status.fromStatusCode(status) != null
                ? Response.Status.fromStatusCode(status).getReasonPhrase() : "Error";
        String detail = status >= 500 ? "The request could not be completed" : e.getMessage();
        return new Problem(slug, title, status, detail).toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        Log.error("unexpected failure answering a request", e);
        return new Problem("internal-error", "Internal error", 500, "The request could not be completed").toResponse();
    }

    private static Response unauthenticated() {
        Response r = new Problem("unauthorized", "Unauthorized", 401, "A valid bearer token is required").toResponse();
        return Response.fromResponse(r).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    private static Map<String, String> violation(ConstraintViolation<?> v) {
        String path = v.getPropertyPath().toString();
        // "check.episodeId" -> "episodeId": the method name means nothing to a client.
        String field = path.contains(".") ? path.substring(path.lastIndexOf('.') + 1) : path;
        return Map.of("field", field, "message", v.getMessage());
    }
}
