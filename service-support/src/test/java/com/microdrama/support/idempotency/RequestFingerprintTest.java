package com.microdrama.support.idempotency;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestFingerprintTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATH = "/api/payments/pack-purchases";

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void sameRequestWrittenDifferentlyHasTheSameHash() throws Exception {
        String a = RequestFingerprint.of("POST", PATH, json("{\"packId\":\"coins-500\",\"note\":{\"b\":1,\"a\":[1,2]}}"));
        String b = RequestFingerprint.of("post", PATH, json("{ \"note\" : { \"a\" : [1, 2], \"b\" : 1 },\n \"packId\" : \"coins-500\" }"));

        assertEquals(a, b);
    }

    @Test
    void nullMembersCountAsAbsent() throws Exception {
        assertEquals(RequestFingerprint.of("POST", PATH, json("{\"packId\":\"coins-500\"}")),
                RequestFingerprint.of("POST", PATH, json("{\"packId\":\"coins-500\",\"coupon\":null}")));
    }

    @Test
    void aDifferentBodyHasADifferentHash() throws Exception {
        assertNotEquals(RequestFingerprint.of("POST", PATH, json("{\"packId\":\"coins-500\"}")),
                RequestFingerprint.of("POST", PATH, json("{\"packId\":\"coins-1000\"}")));
    }

    @Test
    void theSameBodyOnAnotherEndpointHasADifferentHash() throws Exception {
        JsonNode body = json("{\"id\":\"x\"}");
        assertNotEquals(RequestFingerprint.of("POST", PATH, body),
                RequestFingerprint.of("POST", "/api/payments/episode-unlocks", body));
    }

    @Test
    void arrayOrderMatters() throws Exception {
        assertNotEquals(RequestFingerprint.of("POST", PATH, json("{\"ids\":[1,2]}")),
                RequestFingerprint.of("POST", PATH, json("{\"ids\":[2,1]}")));
    }

    @Test
    void hashIsLowercaseSha256Hex() throws Exception {
        String hash = RequestFingerprint.of("POST", PATH, json("{}"));
        assertEquals(64, hash.length());
        assertTrue(hash.matches("[0-9a-f]{64}"));
    }

    @Test
    void canonicalJsonSortsKeysAtEveryLevel() throws Exception {
        assertEquals("{\"a\":{\"x\":1,\"y\":2},\"b\":true}",
                RequestFingerprint.canonicalJson(json("{\"b\":true,\"a\":{\"y\":2,\"x\":1}}")));
    }

    @Test
    void aFingerprintStoredBeforeTheSchemeMovedHereStillMatches() throws Exception {
        // SHA-256 of "POST /api/payments/pack-purchases\n{\"packId\":\"coins-500\"}", as payment-service stored it
        assertEquals("8e8129902acd88639cd6802e045b7d29539fa788a934cb504150ad8b7d7ccec7",
                RequestFingerprint.of("POST", PATH, json("{\"packId\":\"coins-500\"}")));
    }
}
