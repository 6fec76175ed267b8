package com.microdrama.payment.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microdrama.payment.refund.PackRefunds;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StripeRefundAskTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static PackRefunds.Ask ask(String charge) throws Exception {
        JsonNode node = JSON.readTree(charge);
        return StripeWebhookService.refundAsk(node);
    }

    @Test
    void aPartlyRefundedChargeAsksForItsRunningTotal() throws Exception {
        assertEquals(new PackRefunds.UpTo(100),
                ask("{\"object\":\"charge\",\"amount\":499,\"amount_refunded\":100,\"refunded\":false,\"currency\":\"usd\"}"));
    }

    @Test
    void aFullyRefundedChargeOrOneWithoutAmountsAsksForTheRest() throws Exception {
        assertEquals(new PackRefunds.Rest(), ask("{\"amount\":499,\"amount_refunded\":499,\"refunded\":true}"));
        assertEquals(new PackRefunds.Rest(), ask("{\"amount\":499,\"amount_refunded\":499}"));
        assertEquals(new PackRefunds.Rest(), ask("{\"refunded\":true,\"amount_refunded\":10}"));
        assertEquals(new PackRefunds.Rest(), ask("{\"id\":\"ch_1\",\"metadata\":{}}"));
    }
}
