package com.microdrama.payment.subscription;

import com.microdrama.payment.problem.Problem;

import java.util.Map;

/** A transition the subscription's current state does not allow; answered as 409 {@code invalid-subscription-state}. */
public class InvalidSubscriptionStateException extends Problem {
    public InvalidSubscriptionStateException(SubscriptionStatus status, String action, String why) {
        super(409, "invalid-subscription-state", "Invalid subscription state",
                "Cannot " + action + " a subscription that is " + status + (why == null ? "" : ": " + why),
                Map.of("status", status.name(), "action", action));
    }
}
