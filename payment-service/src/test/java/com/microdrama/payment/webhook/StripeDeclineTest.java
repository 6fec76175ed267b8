package com.microdrama.payment.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** What a failed PaymentIntent's {@code last_payment_error} says about why (decision 0019). */
class StripeDeclineTest {
    private final ObjectMapper json = new ObjectMapper();

    private StripeWebhookService.Decline of(String intent) throws Exception {
        return StripeWebhookService.decline(json.readTree(intent));
    }

    @Test
    void theBanksDeclineCodeSaysMoreThanStripesErrorCode() throws Exception {
        StripeWebhookService.Decline decline = of("""
                {"last_payment_error": {"code": "card_declined", "decline_code": "insufficient_funds",
                 "message": "Your card has insufficient funds."}}""");
        assertEquals("insufficient_funds", decline.code());
        assertEquals("Your card has insufficient funds.", decline.message());
    }

    @Test
    void withoutADeclineCodeStripesErrorCode() throws Exception {
        assertEquals("payment_intent_authentication_failure", of("""
                {"last_payment_error": {"code": "payment_intent_authentication_failure", "message": "x"}}""").code());
    }

    @Test
    void withoutAnErrorAGenericCode() throws Exception {
        StripeWebhookService.Decline decline = of("{\"last_payment_error\": null}");
        assertEquals("payment_failed", decline.code());
        assertNull(decline.message());
    }
}
