package com.microdrama.payment.security;

import com.microdrama.support.problem.ProblemException;
import jakarta.enterprise.context.RequestScoped;
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
        Object value = token.getClaim(name);
        return value == null ? Optional.empty() : Optional.of(value.toString());
    }
}
