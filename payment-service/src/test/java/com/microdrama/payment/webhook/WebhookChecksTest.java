package com.microdrama.payment.webhook;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebhookChecksTest {
    private static final Instant END = Instant.parse("2026-12-31T00:00:00Z");
    private static final Duration SLACK = Duration.ofDays(2);

    @Test
    void theEventsModeMustBeTheEndpointsAndBeStated() {
        assertEquals(Optional.empty(), WebhookChecks.mode(false, false));
        assertEquals(Optional.empty(), WebhookChecks.mode(true, true));
        assertEquals(Optional.of("test-mode event on a live endpoint"), WebhookChecks.mode(false, true));
        assertTrue(WebhookChecks.mode(null, false).isPresent());
    }

    @Test
    void amountAndCurrencyMustBeThePriceInMinorUnits() {
        BigDecimal price = new BigDecimal("4.99");
        assertEquals(Optional.empty(), WebhookChecks.amount(499L, "usd", price, "USD"));
        assertTrue(WebhookChecks.amount(99L, "usd", price, "USD").isPresent());
        assertTrue(WebhookChecks.amount(499L, "eur", price, "USD").isPresent());
        assertTrue(WebhookChecks.amount(null, "usd", price, "USD").isPresent());
        assertTrue(WebhookChecks.amount(499L, null, price, "USD").isPresent());
    }

    @Test
    void aRenewalExtendsAtMostThePlansLengthPlusSlack() {
        assertEquals(Optional.empty(), WebhookChecks.renewal(END, END.plus(Duration.ofDays(32)), 30, SLACK, END));
        assertTrue(WebhookChecks.renewal(END, END.plus(Duration.ofDays(33)), 30, SLACK, END).isPresent());
        // no start stated: only the end is capped, counted from the current end
        assertEquals(Optional.empty(), WebhookChecks.renewal(null, END.plus(Duration.ofDays(30)), 30, SLACK, END));
        Instant farAhead = END.plus(Duration.ofDays(300));
        assertTrue(WebhookChecks.renewal(farAhead, farAhead.plus(Duration.ofDays(30)), 30, SLACK, END).isPresent());
    }
}
