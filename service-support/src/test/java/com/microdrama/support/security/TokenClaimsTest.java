package com.microdrama.support.security;

import io.quarkus.oidc.runtime.OidcJwtCallerPrincipal;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

class TokenClaimsTest {

    private static JwtClaims claims() {
        JwtClaims claims = new JwtClaims();
        claims.setSubject("user-1");
        claims.setClaim("region", "BR");
        claims.setClaim("age", 17L);
        claims.setClaim("address", Map.of("country", "PT"));
        return claims;
    }

    @Test
    void readsCustomClaimsOfAnOidcPrincipalAsPlainValues() {
        OidcJwtCallerPrincipal token = new OidcJwtCallerPrincipal(claims(), null);

        assertEquals("BR", TokenClaims.get(token, "region"));
        assertEquals(17, assertInstanceOf(JsonNumber.class, TokenClaims.get(token, "age")).intValue());
        assertEquals("PT", assertInstanceOf(JsonObject.class, TokenClaims.get(token, "address")).getString("country"));
        assertEquals("user-1", TokenClaims.get(token, "sub"));
        assertNull(TokenClaims.get(token, "country"));
    }

    @Test
    void answersWhatTheStandardLookupAnswers() {
        JwtClaims claims = claims();
        OidcJwtCallerPrincipal oidc = new OidcJwtCallerPrincipal(claims, null);
        DefaultJWTCallerPrincipal other = new DefaultJWTCallerPrincipal(claims());

        for (String name : claims.getClaimNames()) {
            assertEquals(String.valueOf((Object) other.getClaim(name)), String.valueOf(TokenClaims.get(oidc, name)), name);
            assertEquals(String.valueOf((Object) other.getClaim(name)), String.valueOf(TokenClaims.get(other, name)), name);
        }
        assertNull(TokenClaims.get(other, "country"));
    }
}
