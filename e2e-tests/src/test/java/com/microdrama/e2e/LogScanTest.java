package com.microdrama.e2e;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogScanTest {
    private static final Map<String, String> SECRETS = Map.of("STRIPE_WEBHOOK_SECRET", "whsec_4f9Qk2mZt8Lx0Pa7Rb3Vn6Ys");

    private static List<String> rules(String line) {
        return LogScan.leaks("payment-service.log", List.of(line), SECRETS).stream().map(LogScan.Finding::rule).toList();
    }

    @Test
    void finds_a_bearer_token_a_jwt_an_email_a_secret_and_a_card_number() {
        assertEquals(List.of("bearer token"), rules("{\"message\":\"Authorization: Bearer abc.def-ghi_jkl\"}"));
        assertEquals(List.of("JWT"), rules("token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2ln"));
        assertEquals(List.of("e-mail address"), rules("{\"message\":\"user alice@example.org signed in\"}"));
        assertEquals(List.of("secret STRIPE_WEBHOOK_SECRET"), rules("signing with whsec_4f9Qk2mZt8Lx0Pa7Rb3Vn6Ys"));
        assertEquals(List.of("card number"), rules("pan=4242424242424242 exp=12/34"));
    }

    @Test
    void ids_timestamps_and_pseudonyms_are_not_findings() {
        assertEquals(List.of(), rules("{\"timestamp\":\"2026-12-06T21:00:00Z\",\"message\":\"Committed"
                + " com.microdrama.payment.episode-purchased.v1 4b0c2f0e-1d2c-4e5f-8a9b-0c1d2e3f4a5b\","
                + "\"mdc\":{\"userId\":\"5bdcc146bf60754e\",\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\"},"
                + "\"sequence\":1733520000000,\"nanos\":1733520000000123456}"));
        // 16 digits with a card's prefix but failing Luhn: an id, not a card
        assertEquals(List.of(), rules("order 4242424242424241"));
        assertEquals(List.of(), rules("io.quarkus.Foo@6d3af739 started"));
        // a trace id whose first 16 hex characters are digits passing Luhn (seen in a run's log)
        assertTrue(LogScan.luhn("4481773020150837"));
        assertEquals(List.of(), rules("\"traceId\":\"4481773020150837a7becf370860d4cd\""));
    }

    @Test
    void the_finding_names_the_line_but_never_carries_the_value() {
        List<LogScan.Finding> findings = LogScan.leaks("a.log", List.of("ok", "x whsec_4f9Qk2mZt8Lx0Pa7Rb3Vn6Ys"), SECRETS);

        assertEquals(1, findings.size());
        assertEquals(2, findings.get(0).line());
        assertFalse(findings.get(0).toString().contains("whsec_"));
    }

    @Test
    void luhn_accepts_stripe_test_cards_and_refuses_a_changed_digit() {
        assertTrue(LogScan.luhn("4242424242424242"));
        assertTrue(LogScan.luhn("4000000000000002"));
        assertTrue(LogScan.luhn("378282246310005"));
        assertFalse(LogScan.luhn("4242424242424243"));
    }
}
