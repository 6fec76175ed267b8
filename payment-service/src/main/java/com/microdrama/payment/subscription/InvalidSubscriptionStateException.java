package com.microdrama.payment.subscription;

import com.microdrama.support.problem.ProblemException;

import java.util.Map;

/** A transition the subscription's current state does not allow; answered as 409 {@code invalid-subscription-state}. */
public class InvalidSubscriptionStateException extends ProblemException {
    public InvalidSubscriptionStateException(SubscriptionStatus status, String action, String why) {
        super(409, "invalid-subscription-state", "Invalid subscription state",
                "Cannot " + action + " a subscription that is " + status + (why == null ? "" : ": " + why),
                // "status" is the problem's own member (the HTTP status), so the subscription's state gets its own name
                Map.of("subscriptionStatus", status.name(), "action", action));
    }
}
