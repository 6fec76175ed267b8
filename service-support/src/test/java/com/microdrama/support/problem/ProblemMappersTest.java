package com.microdrama.support.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microdrama.support.json.StrictJson;
import io.quarkus.oidc.OIDCException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.pgclient.PgException;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.hibernate.exception.DataException;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProblemMappersTest {
    private final ProblemMappers mappers = new ProblemMappers(List.of());
    private final ObjectMapper strict = StrictJson.apply(new ObjectMapper());

    record Tier(@Size(max = 2) String region, @Min(1) int coins) {
    }

    record Body(@NotBlank String packId, List<@Valid Tier> tiers) {
    }

    static class Api {
        public void purchase(@Valid Body body) {
        }
    }

    @Test
    void aProblemExceptionIsAnsweredAsItSays() {
        Response r = mappers.problem(new ProblemException(402, "insufficient-coins", "Insufficient coins", "Need 60",
                Map.of("priceCoins", 60)));
        assertEquals(402, r.getStatus());
        assertEquals("application/problem+json", r.getMediaType().toString());
        assertEquals(60, body(r).getExtensions().get("priceCoins"));
    }

    @Test
    void beanValidationListsEachFieldByTheNameTheClientSent() {
        Validator validator = Validation.byDefaultProvider().configure()
                .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator();
        // method validation, as REST resources get it: paths start with the method and parameter ("purchase.body.")
        var violations = validator.forExecutables().validateParameters(new Api(), purchaseMethod(),
                new Object[]{new Body(" ", List.of(new Tier("USA", 0)))});
        Problem problem = body(mappers.validation(new ConstraintViolationException(violations)));

        assertEquals(400, problem.getStatus());
        assertEquals(Problem.TYPE_PREFIX + "validation-failed", problem.getType());
        @SuppressWarnings("unchecked")
        List<Map<String, String>> listed = (List<Map<String, String>>) problem.getExtensions().get("violations");
        assertEquals(List.of("packId", "tiers[0].coins", "tiers[0].region"), listed.stream().map(v -> v.get("field")).toList());
    }

    @Test
    void fieldNamesDropTheJavaMethodAndParameter() {
        assertEquals("size", Violations.field("list.size"));
        assertEquals("title", Violations.field("create.request.title"));
        assertEquals("regions[1]", Violations.field("create.request.regions[1].<list element>"));
        assertEquals("tiers[0].region", Violations.field("putRegionalPricing.request.tiers[0].region"));
        assertEquals("request", Violations.field("create.request"));
        assertEquals("packId", Violations.field("purchase.body.packId"));
    }

    @Test
    void aDuplicateKeyIsAMalformedRequest() {
        JsonProcessingException e = assertThrows(JsonProcessingException.class,
                () -> strict.readValue("{\"packId\":\"a\",\"packId\":\"b\"}", Body.class));
        Problem problem = body(mappers.malformedJson(e));
        assertEquals(400, problem.getStatus());
        assertEquals(Problem.TYPE_PREFIX + "malformed-request", problem.getType());
    }

    @Test
    void aValueOfTheWrongTypeNamesTheField() {
        var e = assertThrows(com.fasterxml.jackson.databind.exc.MismatchedInputException.class,
                () -> strict.readValue("{\"packId\":\"a\",\"tiers\":[{\"coins\":[1]}]}", Body.class));
        Problem problem = body(mappers.mismatchedInput(e));
        assertEquals(400, problem.getStatus());
        assertEquals("malformed-request", problem.slug());
        assertEquals("tiers[0].coins", problem.getExtensions().get("field"));
        assertFalse(problem.getDetail().contains("com.microdrama"), "no class names: " + problem.getDetail());
    }

    @Test
    void truncatedJsonIsAMalformedRequestWrappedOrNot() {
        JsonProcessingException e = assertThrows(JsonProcessingException.class, () -> strict.readValue("{\"packId\": ", Body.class));
        assertEquals("malformed-request", body(mappers.malformedJson(e)).slug());
        Response wrapped = mappers.web(new WebApplicationException(e, 400));
        assertEquals(400, wrapped.getStatus());
        assertEquals("malformed-request", body(wrapped).slug());
    }

    @Test
    void missingOrBadTokensAre401WithABearerChallenge() {
        for (Response r : List.of(mappers.unauthorized(new UnauthorizedException()),
                mappers.unauthorized(new AuthenticationFailedException("bad signature")),
                mappers.web(new WebApplicationException(401)))) {
            assertEquals(401, r.getStatus());
            assertEquals("unauthorized", body(r).slug());
            assertTrue(r.getHeaderString("WWW-Authenticate").startsWith("Bearer"));
        }
    }

    @Test
    void anUnreachableIdentityProviderIsARetryable503NotA401() {
        // what Quarkus OIDC raises on an instance started while Keycloak was down, directly or wrapped
        for (Response r : List.of(mappers.unexpected(new OIDCException("OIDC Server is not available")),
                mappers.unauthorized(new AuthenticationFailedException(new OIDCException("OIDC Server is not available"))))) {
            assertEquals(503, r.getStatus());
            assertEquals("identity-provider-unavailable", body(r).slug());
            assertEquals("5", r.getHeaderString("Retry-After"));
            assertEquals(null, r.getHeaderString("WWW-Authenticate"));
        }
    }

    @Test
    void aMissingRoleIs403() {
        Response r = mappers.forbidden(new ForbiddenException());
        assertEquals(403, r.getStatus());
        assertEquals("forbidden", body(r).slug());
    }

    @Test
    void httpErrorsKeepTheirStatusAndTheAllowHeader() {
        Response r = mappers.web(new NotAllowedException("GET", new String[]{"HEAD"}));
        assertEquals(405, r.getStatus());
        assertEquals("method-not-allowed", body(r).slug());
        assertNotNull(r.getHeaderString("Allow"));
        assertEquals("not-found", body(mappers.web(new NotFoundException())).slug());
        assertEquals("unsupported-media-type", body(mappers.web(new WebApplicationException(415))).slug());
    }

    @Test
    void anUnconvertibleParameterIsA400NotA404() {
        Response r = mappers.web(new NotFoundException(new NumberFormatException("For input string: \"abc\"")));
        assertEquals(400, r.getStatus());
        assertEquals("malformed-request", body(r).slug());
    }

    @Test
    void aNulByteTheDatabaseRefusedIsA400() {
        // what Hibernate Reactive delivers: DataException over SQLException, the PgException already gone
        var e = new DataException("error executing SQL statement",
                new SQLException("ERROR: invalid byte sequence for encoding \"UTF8\": 0x00 (22021)", "22021"));
        Response r = mappers.unexpected(e);
        assertEquals(400, r.getStatus());
        assertEquals("invalid-characters", body(r).slug());
    }

    @Test
    void aUniqueViolationIsAConflictUnlessTheServiceKnowsBetter() {
        PgException unique = pg("23505", "uq_unlock_active_episode");
        assertEquals(409, mappers.unexpected(new RuntimeException(unique)).getStatus());
        assertEquals("conflict", body(mappers.unexpected(new RuntimeException(unique))).slug());

        DatabaseProblems payment = failure -> "uq_unlock_active_episode".equals(failure.constraint())
                ? Optional.of(Problem.of(409, "already-unlocked", "Already unlocked", "d")) : Optional.empty();
        ProblemMappers withHook = new ProblemMappers(List.of(payment));
        assertEquals("already-unlocked", body(withHook.unexpected(new RuntimeException(unique))).slug());
        assertEquals("conflict", body(withHook.unexpected(pg("23505", "uq_other"))).slug());
    }

    @Test
    void theConstraintNameIsFoundWhereHibernatePutsIt() {
        var e = new org.hibernate.exception.ConstraintViolationException("dup",
                new SQLException("duplicate key", "23505"), "uq_subscription_live");
        assertEquals(Optional.of(new DatabaseFailure("23505", "uq_subscription_live")), DatabaseFailure.in(e));
        assertEquals(Optional.empty(), DatabaseFailure.in(new IllegalStateException("no database here")));
    }

    @Test
    void anythingElseIsA500WithAnErrorIdAndNoInternals() {
        Response r = mappers.unexpected(new IllegalStateException("secret table wallet_ledger is broken"));
        Problem problem = body(r);
        assertEquals(500, r.getStatus());
        assertEquals("internal-error", problem.slug());
        String errorId = (String) problem.getExtensions().get("errorId");
        assertNotNull(errorId);
        assertTrue(problem.getDetail().contains(errorId));
        assertFalse(problem.getDetail().contains("wallet_ledger"));
        assertEquals(500, mappers.unexpected(pg("42P01", null)).getStatus(), "other SQL errors stay 500s");
    }

    private static java.lang.reflect.Method purchaseMethod() {
        try {
            return Api.class.getMethod("purchase", Body.class);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    private static PgException pg(String sqlState, String constraint) {
        return new PgException("boom", "ERROR", sqlState, null, null, null, null, null, null, null, null, null,
                null, null, null, null, constraint);
    }

    private static Problem body(Response r) {
        return assertInstanceOf(Problem.class, r.getEntity());
    }
}
