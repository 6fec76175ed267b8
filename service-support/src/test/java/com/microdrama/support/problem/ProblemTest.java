package com.microdrama.support.problem;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ProblemTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void serializesStandardMembersFirstThenExtensionsInTheOrderGiven() throws Exception {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("seriesId", "s1");
        extensions.put("priceCoins", 60);
        Problem problem = Problem.of(402, "episode-locked", "Episode locked", "Pay first", extensions);

        assertEquals("{\"type\":\"https://microdrama.example/problems/episode-locked\",\"title\":\"Episode locked\","
                + "\"status\":402,\"detail\":\"Pay first\",\"seriesId\":\"s1\",\"priceCoins\":60}", json.writeValueAsString(problem));
    }

    @Test
    void aMissingDetailIsLeftOutRatherThanNull() throws Exception {
        assertFalse(json.writeValueAsString(Problem.of(404, "not-found", "Not Found", null)).contains("detail"));
    }

    @Test
    void withReturnsACopyAndLeavesTheOriginalAlone() {
        Problem base = Problem.of(409, "conflict", "Conflict", "d");
        Problem more = base.with("seriesId", "s1");
        assertEquals(Map.of(), base.getExtensions());
        assertEquals(Map.of("seriesId", "s1"), more.getExtensions());
    }

    @Test
    void anExtensionCannotShadowAStandardMember() {
        assertThrows(IllegalArgumentException.class, () -> Problem.of(400, "x", "X", "d").with("status", 200));
    }

    @Test
    void onlyErrorStatusesMakeAProblem() {
        assertThrows(IllegalArgumentException.class, () -> Problem.of(200, "ok", "OK", null));
    }

    @Test
    void only401AnswersCarryTheBearerChallenge() {
        assertEquals(Problem.BEARER_CHALLENGE, Problem.of(401, "unauthorized", "Unauthorized", "d").toResponse()
                .getHeaderString("WWW-Authenticate"));
        assertNull(Problem.of(403, "forbidden", "Forbidden", "d").toResponse().getHeaderString("WWW-Authenticate"));
        assertEquals("application/problem+json",
                Problem.of(403, "forbidden", "Forbidden", "d").toResponse().getMediaType().toString());
    }

    @Test
    void aProblemThatSaysWhenToRetrySendsRetryAfter() {
        assertEquals("3", Problem.of(429, "too-many-waits", "Too many", "d").with(Problem.RETRY_AFTER_SECONDS, 3)
                .toResponse().getHeaderString("Retry-After"));
        assertNull(Problem.of(429, "too-many-waits", "Too many", "d").toResponse().getHeaderString("Retry-After"));
    }

    @Test
    void problemExceptionCarriesItsProblemWithoutAStackTrace() {
        ProblemException e = new ProblemException(402, "insufficient-coins", "Insufficient coins", "Need 60",
                Map.of("priceCoins", 60));
        assertEquals(402, e.status());
        assertEquals("insufficient-coins", e.slug());
        assertEquals("Need 60", e.getMessage());
        assertEquals(60, e.extensions().get("priceCoins"));
        assertEquals(0, e.getStackTrace().length);
    }
}
