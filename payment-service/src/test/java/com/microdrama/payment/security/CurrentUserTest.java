package com.microdrama.payment.security;

import jakarta.json.Json;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CurrentUserTest {
    private static final Clock DEC_5_2026 = Clock.fixed(Instant.parse("2026-12-05T08:00:00Z"), ZoneOffset.UTC);

    private static CurrentUser withClaims(Map<String, Object> claims, Map<String, String> headers) {
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
        }, headers::get, DEC_5_2026);
    }

    private static CurrentUser withClaims(Map<String, Object> claims) {
        return withClaims(claims, Map.of());
    }

    @Test
    void theRegionIsTheTokensClaimUpperCasedEvenWithAGatewayHeader() {
        assertEquals("IN", withClaims(Map.of("region", "in")).region());
        assertEquals("DE", withClaims(Map.of("region", Json.createValue("DE")), Map.of("X-Viewer-Country", "US")).region());
    }

    @Test
    void withoutAUsableClaimTheGatewaysCountryHeaderDecidesElseTheDefault() {
        assertEquals("FR", withClaims(new HashMap<>(), Map.of("X-Viewer-Country", "fr")).region());
        assertEquals("FR", withClaims(Map.of("region", "IND"), Map.of("X-Viewer-Country", "FR")).region());
        assertEquals("US", withClaims(Map.of("region", "")).region());
    }

    @Test
    void theAgeComesOnlyFromTheBirthdateClaim() {
        assertEquals(OptionalInt.of(12), withClaims(Map.of("birthdate", "2014-06-01")).age());
        assertEquals(OptionalInt.empty(), withClaims(Map.of("age", 30)).age());
    }
}
