package com.microdrama.support.security;

import io.quarkus.arc.ClientProxy;
import io.quarkus.oidc.runtime.OidcJwtCallerPrincipal;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Reads a claim of a bearer token by name, also one that is not a standard JWT claim ({@code region}, {@code age},
 * {@code country}). {@code JsonWebToken.getClaim(name)} of smallrye-jwt first looks the name up in the
 * {@code Claims} enum and, for every name that is not in it, creates (and catches) an IllegalArgumentException, stack
 * trace included: three of them per series page in catalog-service, which were half of everything it allocated
 * under the bench's load (JFR; docs/decisions/0010-token-cache.md). The OIDC principal hands out its claims without that detour.
 *
 * <p>Values as the principal holds them, the same {@code getClaim} answers: text as String, numbers and objects as
 * JSON values. Null when the token has no such claim.
 */
public final class TokenClaims {

    private TokenClaims() {
    }

    /** @param token the principal or the injected (client-proxied) JsonWebToken of the request */
    public static Object get(JsonWebToken token, String name) {
        JsonWebToken principal = ClientProxy.unwrap(token);
        if (principal instanceof OidcJwtCallerPrincipal oidc) {
            return oidc.getClaims().getClaimValue(name);
        }
        return principal.getClaim(name);
    }
}
