package com.microdrama.entitlement.access;

import java.time.Instant;

/** The answer to "may this user watch this episode now"; {@code validUntil} is null when access does not end. */
public record AccessDecision(boolean allowed, Reason reason, Instant validUntil) {

    public static AccessDecision denied() {
        return new AccessDecision(false, Reason.NONE, null);
    }

    public static AccessDecision allowed(Reason reason, Instant validUntil) {
        return new AccessDecision(true, reason, validUntil);
    }
}
