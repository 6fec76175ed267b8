package com.microdrama.stripeemulator.payment;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Fired (synchronously, under the store's lock) when a PaymentIntent succeeded or its payment failed: billing listens. */
public record PaymentSettled(ObjectNode paymentIntent, boolean succeeded) {
}
