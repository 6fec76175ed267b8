package com.microdrama.payment.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.pgclient.PgException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The one place where exceptions become problem+json answers; no stack trace ever leaves the service. */
public class ProblemMappers {
    public static final String PROBLEM_JSON = "application/problem+json";

    @ServerExceptionMapper
    public Response problem(Problem problem) {
        return respond(problem);
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e) {
        List<Map<String, String>> errors = e.getConstraintViolations().stream()
                .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                .map(ProblemMappers::violation)
                .toList();
        String detail = errors.stream().map(m -> m.get("field") + ": " + m.get("message"))
                .reduce((a, b) -> a + "; " + b).orElse("invalid request");
        return respond(new Problem(400, "validation-failed", "Request validation failed", detail,
                Map.of("errors", errors)));
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        return respond(Problem.badRequest("malformed-request", "Malformed request body",
                "The request body is not valid JSON for this endpoint: " + e.getOriginalMessage()));
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return unauthorizedProblem();
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return unauthorizedProblem();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(new Problem(403, "forbidden", "Forbidden", "The token lacks a role this endpoint requires"));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status == 400 && e.getCause() instanceof JsonProcessingException json) {
            return malformedJson(json);
        }
        String slug = switch (status) {
            case 400 -> "malformed-request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 415 -> "unsupported-media-type";
            default -> status >= 500 ? "internal-error" : "http-" + status;
        };
        String title = Response.Status.fromStatusCode(status) != null
                ? Response.Status.fromStatusCode(status).getReasonPhrase() : "HTTP " + status;
        if (status >= 500) {
            return internalError(e);
        }
        return respond(new Problem(status, slug, title, status == 400 ? "The request could not be read" : title));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        PgException pg = pgCause(e);
        if (pg != null && "23505".equals(pg.getSqlState()) && pg.getConstraint() != null) {
            // Only reachable if two requests raced past the wallet lock; the database still refuses the second.
            String constraint = pg.getConstraint();
            if (constraint.startsWith("uq_unlock_active_")) {
                return respond(new Problem(409, "already-unlocked", "Already unlocked",
                        "This content is already unlocked for the user"));
            }
            if (constraint.equals("uq_subscription_live")) {
                return respond(new Problem(409, "already-subscribed", "Already subscribed",
                        "The user already has a live subscription"));
            }
            if (constraint.equals("uq_refund_target")) {
                return respond(new Problem(409, "already-refunded", "Already refunded", "This was already refunded"));
            }
        }
        return internalError(e);
    }

    private Response internalError(Throwable e) {
        String errorId = UUID.randomUUID().toString();
        Log.errorf(e, "Unexpected error %s", errorId);
        return respond(new Problem(500, "internal-error", "Internal error",
                "An unexpected error occurred; quote error id " + errorId, Map.of("errorId", errorId)));
    }

    private static Response unauthorizedProblem() {
        return Response.fromResponse(respond(new Problem(401, "unauthorized", "Unauthorized",
                        "A valid bearer token is required")))
                .header("WWW-Authenticate", "Bearer")
                .build();
    }

    public static Response respond(Problem problem) {
        return Response.status(problem.status()).type(PROBLEM_JSON).entity(problem.body()).build();
    }

    private static Map<String, String> violation(ConstraintViolation<?> v) {
        String path = v.getPropertyPath().toString();
        // "purchase.body.packId" -> "packId": the method and parameter names mean nothing to a client
        String[] parts = path.split("\\.");
        String field = parts.length > 2 ? String.join(".", List.of(parts).subList(2, parts.length)) : parts[parts.length - 1];
        return Map.of("field", field, "message", v.getMessage());
    }

    private static PgException pgCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PgException pg) {
                return pg;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
