package com.microdrama.support.problem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.oidc.OIDCException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ValidationException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The one place where exceptions become {@code application/problem+json}, for every service. Clients never see a
 * stack trace, SQL or a Java class name; an unexpected failure is logged with an error id the answer quotes.
 * Quarkus ships its own (non-problem, sometimes empty) answers for several of these types, so each type it knows
 * gets an explicit mapper here: the most specific mapper wins, and a user mapper beats a built-in one.
 */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private final Iterable<DatabaseProblems> databaseProblems;

    @Inject
    public ProblemMappers(Instance<DatabaseProblems> databaseProblems) {
        this((Iterable<DatabaseProblems>) databaseProblems);
    }

    public ProblemMappers(Iterable<DatabaseProblems> databaseProblems) {
        this.databaseProblems = databaseProblems;
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return e.problem().toResponse();
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e) {
        if (Violations.onReturnValue(e.getConstraintViolations())) {
            return internalError(e);
        }
        return Problems.validationFailed(Violations.of(e.getConstraintViolations())).toResponse();
    }

    /** Bean Validation failing as such (e.g. a validator that threw on odd input): still the input's fault. */
    @ServerExceptionMapper
    public Response validation(ValidationException e) {
        LOG.debugf(e, "validation could not complete");
        return Problem.of(400, Problems.VALIDATION_FAILED, "Invalid request", "The request could not be validated.")
                .toResponse();
    }

    /** Unparsable JSON (including a duplicate key, see StrictJson), or valid JSON with a value of the wrong type. */
    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        if (e instanceof InvalidDefinitionException definition && !(definition.getProcessor() instanceof JsonParser)) {
            return internalError(e); // a response we cannot write: our bug
        }
        if (e instanceof JsonMappingException mapping) {
            String field = Violations.field(mapping);
            if (!field.isEmpty()) {
                return Problems.malformedField(field).toResponse();
            }
        }
        return Problem.of(400, Problems.MALFORMED_REQUEST, "Malformed request",
                "The request body is not valid JSON of the expected shape.").toResponse();
    }

    // Quarkus maps these subtypes itself (an empty 400 / 500); ours name the field
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return malformedJson(e);
    }

    @ServerExceptionMapper
    public Response invalidDefinition(InvalidDefinitionException e) {
        return malformedJson(e);
    }

    @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
    public Response unauthorized(RuntimeException e) {
        if (identityProviderUnavailable(e)) {
            return identityProviderDown(e);
        }
        return Problems.unauthorized("A valid bearer token from the microdrama realm is required.").toResponse();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problem.of(403, Problems.FORBIDDEN, "Forbidden", "The token does not allow this operation.").toResponse();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json && status == 400) {
            return malformedJson(json);
        }
        if (e instanceof NotFoundException && e.getCause() != null) {
            // JAX-RS reports a query/path parameter it cannot convert as 404; it is the client's malformed request.
            return Problem.of(400, Problems.MALFORMED_REQUEST, "Malformed request", "A parameter could not be read.")
                    .toResponse();
        }
        if (status >= 500) {
            return internalError(e);
        }
        if (status == 401) {
            return Problems.unauthorized("A valid bearer token from the microdrama realm is required.").toResponse();
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        String reason = known != null ? known.getReasonPhrase() : "HTTP " + status;
        String slug = switch (status) {
            case 400 -> Problems.MALFORMED_REQUEST;
            case 403 -> Problems.FORBIDDEN;
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            default -> "http-" + status;
        };
        Response answer = Problem.of(status, slug, status == 400 ? "Malformed request" : reason,
                status == 400 ? "The request could not be read." : reason + ".").toResponse();
        Object allow = e.getResponse().getHeaders().getFirst(HttpHeaders.ALLOW);
        return allow == null ? answer : Response.fromResponse(answer).header(HttpHeaders.ALLOW, allow).build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (DatabaseUnavailable.in(e)) {
            // PostgreSQL restarting or unreachable: the transaction did not commit, so the client may simply retry
            LOG.warnf("database unavailable: %s", e.toString());
            return Response.fromResponse(Problem.of(503, Problems.DATABASE_UNAVAILABLE, "Database unavailable",
                    "The service cannot reach its database right now; nothing was changed. Please retry shortly.")
                    .toResponse()).header("Retry-After", "2").build();
        }
        if (identityProviderUnavailable(e)) {
            return identityProviderDown(e);
        }
        Optional<DatabaseFailure> database = DatabaseFailure.in(e);
        if (database.isPresent()) {
            Optional<Problem> problem = database.flatMap(this::databaseProblem);
            if (problem.isPresent()) {
                LOG.debugf(e, "database refused: %s", database.get());
                return problem.get().toResponse();
            }
        }
        return internalError(e);
    }

    /**
     * An instance that started while Keycloak was down has no signing keys yet: the token may be perfectly valid, so
     * this is the server's outage (retry), never a 401 that would make the app sign the viewer out (decision 0031).
     */
    private static Response identityProviderDown(Throwable e) {
        LOG.warnf("identity provider unavailable: %s", e.toString());
        return Response.fromResponse(Problem.of(503, Problems.IDENTITY_PROVIDER_UNAVAILABLE,
                "Sign-in service unavailable",
                "The service cannot verify the token right now; nothing was changed. Please retry shortly.")
                .toResponse()).header("Retry-After", "5").build();
    }

    /** Quarkus OIDC's failure to reach the provider for a tenant's metadata or keys, anywhere in the cause chain. */
    static boolean identityProviderUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OIDCException) {
                return true;
            }
        }
        return false;
    }

    private Optional<Problem> databaseProblem(DatabaseFailure failure) {
        for (DatabaseProblems hook : databaseProblems) {
            Optional<Problem> problem = hook.problemFor(failure);
            if (problem.isPresent()) {
                return problem;
            }
        }
        if (failure.is(DatabaseFailure.UNIQUE_VIOLATION)) {
            // two requests raced past the service's own check; the database kept the first, and nothing changed
            return Optional.of(Problem.of(409, Problems.CONFLICT, "Conflict",
                    "The change conflicts with existing data; nothing was changed."));
        }
        if (failure.is(DatabaseFailure.INVALID_BYTE_SEQUENCE)) {
            // a NUL byte in a body field: bad input, and the statement changed nothing
            return Optional.of(Problems.invalidCharacters());
        }
        return Optional.empty();
    }

    private static Response internalError(Throwable e) {
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected error %s", errorId);
        return Problem.of(500, Problems.INTERNAL_ERROR, "Internal error",
                "An unexpected error occurred; quote error id " + errorId + ".", Map.of("errorId", errorId))
                .toResponse();
    }
}
