package com.microdrama.payment.security;

import com.microdrama.events.pricing.RegionCodes;
import com.microdrama.support.problem.ProblemException;
import com.microdrama.support.security.TokenClaims;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Optional;

/** The signed-in user. The id is always the token's {@code sub}, never a path or body value. */
@RequestScoped
public class CurrentUser {
    private final JsonWebToken token;

    public CurrentUser(JsonWebToken token) {
        this.token = token;
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
     * The buyer's region for prices: the token's {@code region} claim (Keycloak maps the user attribute, which only
     * admins may edit), upper-cased; empty without a claim or with one that is not a known region code. Never a value
     * the client sends.
     */
    public Optional<String> region() {
        return claim("region").flatMap(RegionCodes::normalize);
    }
}
