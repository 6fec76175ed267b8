package com.microdrama.payment.security;

import com.microdrama.events.viewer.ViewerAge;
import com.microdrama.events.viewer.ViewerRegion;
import com.microdrama.support.problem.ProblemException;
import com.microdrama.support.security.TokenClaims;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.UnaryOperator;

/**
 * The signed-in user. The id is always the token's {@code sub}, never a path or body value; region and age come
 * from the shared viewer rules (token claims and the gateway's country header), never from a query or a body.
 */
@RequestScoped
public class CurrentUser {
    private final JsonWebToken token;
    private final UnaryOperator<String> headers;
    private final Clock clock;

    @Inject
    public CurrentUser(JsonWebToken token, HttpServerRequest request, Clock clock) {
        this(token, request::getHeader, clock);
    }

    CurrentUser(JsonWebToken token, UnaryOperator<String> headers, Clock clock) {
        this.token = token;
        this.headers = headers;
        this.clock = clock;
    }

    public String id() {
        String sub = token.getSubject();
        if (sub == null || sub.isBlank()) {
            // Keycloak always sets sub; a token without it cannot be tied to a wallet.
            throw new ProblemException(401, "unauthorized", "Unauthorized", "The token has no subject");
        }
        return sub;
    }

    public Optional<String> claim(String name) {
        Object value = TokenClaims.get(token, name);
        if (value instanceof JsonString text) {
            return Optional.of(text.getString());
        }
        return value == null ? Optional.empty() : Optional.of(value.toString());
    }

    /**
     * The buyer's region for prices, licences and coin-pack markets: {@link ViewerRegion#resolve} of the token's
     * {@code region} claim (a user attribute only admins may edit) and the gateway's country header, else the default.
     */
    public String region() {
        return ViewerRegion.resolve(TokenClaims.get(token, "region"), headers.apply(ViewerRegion.COUNTRY_HEADER));
    }

    /** Whole years from the token's {@code birthdate} claim; empty when the token does not tell. */
    public OptionalInt age() {
        return ViewerAge.fromBirthdate(TokenClaims.get(token, "birthdate"), LocalDate.now(clock));
    }
}
