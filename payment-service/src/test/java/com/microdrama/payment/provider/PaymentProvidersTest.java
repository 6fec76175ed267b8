package com.microdrama.payment.provider;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PaymentProvidersTest {

    @Test
    void productionRefusesTheSandboxWithItsReason() {
        String reason = PaymentProviders.refusal("sandbox", List.of("prod")).orElseThrow();

        assertTrue(reason.contains("PAYMENT_PROVIDER=stripe"), reason);
    }

    @Test
    void devAndTestsMayUseTheSandboxAndProductionStripe() {
        assertEquals(java.util.Optional.empty(), PaymentProviders.refusal("sandbox", List.of("dev")));
        assertEquals(java.util.Optional.empty(), PaymentProviders.refusal("sandbox", List.of("test")));
        assertEquals(java.util.Optional.empty(), PaymentProviders.refusal("stripe", List.of("prod")));
    }
}
