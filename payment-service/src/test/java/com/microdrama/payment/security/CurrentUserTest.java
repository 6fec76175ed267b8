package com.microdrama.payment.security;

import jakarta.json.Json;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CurrentUserTest {

    private static CurrentUser withClaims(Map<String, Object> claims) {
        return new CurrentUser(new JsonWebToken() {
            @Override
            public String getName() {
                return "viewer";
            }

            @Override
            public Set<String> getClaimNames() {
                return claims.keySet();
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T getClaim(String claimName) {
                return (T) claims.get(claimName);
            }
        });
    }

    @Test
    void theRegionIsTheTokensClaimUpperCased() {
        assertEquals(Optional.of("IN"), withClaims(Map.of("region", "in")).region());
        assertEquals(Optional.of("DE"), withClaims(Map.of("region", Json.createValue("DE"))).region());
    }

    @Test
    void noClaimOrOneThatIsNotACountryCodeMeansNoRegion() {
        assertEquals(Optional.empty(), withClaims(new HashMap<>()).region());
        assertEquals(Optional.empty(), withClaims(Map.of("region", "IND")).region());
        assertEquals(Optional.empty(), withClaims(Map.of("region", "")).region());
    }
}
