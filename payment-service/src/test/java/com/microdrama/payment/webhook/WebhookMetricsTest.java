package com.microdrama.payment.webhook;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WebhookMetricsTest {

    private static String outcome(boolean duplicate, String text) {
        return WebhookMetrics.outcome(new ProviderEventLog.Result("evt_1", "payment_intent.succeeded", duplicate, text));
    }

    @Test
    void theRecordedOutcomeTextMapsToABoundedOutcome() {
        assertEquals("processed", outcome(false, "completed purchase 8d2c"));
        assertEquals("processed", outcome(false, "refunded purchase 8d2c (refund 1, 4.99 USD, 550 coins)"));
        assertEquals("ignored", outcome(false, "ignored: event type not handled"));
        assertEquals("ignored", outcome(false, "rejected: amount 99 USD is not the price 499 USD"));
        assertEquals("duplicate", outcome(true, "duplicate: already processed"));
    }
}
