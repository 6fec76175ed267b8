package com.microdrama.payment.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A store subscription as the store signed or answered it (decision 0020): what access the buyer has now.
 *
 * @param storeSubscriptionId App Store originalTransactionId, Google Play purchase token
 * @param periodStart         start of the current paid (or trial) period
 * @param expiresAt           end of that period
 * @param graceUntil          while {@link Status#GRACE}: until when access lasts although the renewal failed
 * @param autoRenew           whether it renews; null when the source does not say (a transaction without renewal info)
 * @param trial               the current period is a free trial
 * @param stateAt             when the store stated this (Apple's signedDate; for Play the moment it was read back):
 *                            an older statement than the last one applied changes nothing
 */
public record StoreSubscriptionSnapshot(String storeSubscriptionId, String productId, Status status,
                                        Instant periodStart, Instant expiresAt, Instant graceUntil, Boolean autoRenew,
                                        boolean trial, Instant stateAt) {

    /** The store's states, reduced to what they mean for access. */
    public enum Status {
        /** Paid (or in a free trial) until {@code expiresAt}. */
        ACTIVE,
        /** A renewal failed; access continues until {@code graceUntil} while the store retries. */
        GRACE,
        /** A renewal failed and there is no grace (App Store billing retry, Play on hold): no access. */
        BILLING_RETRY,
        /** Paused by the buyer (Play): no access until it resumes. */
        PAUSED,
        /** Ended. */
        EXPIRED,
        /** Taken back: refunded or revoked (family sharing ended, voided): access ends now. */
        REVOKED,
        /** Not paid yet (Play's pending purchase): nothing to grant. */
        PENDING
    }

    public StoreSubscriptionSnapshot {
        Objects.requireNonNull(storeSubscriptionId, "storeSubscriptionId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(stateAt, "stateAt");
        if (status == Status.GRACE && graceUntil == null) {
            throw new IllegalArgumentException("a grace period needs its end");
        }
    }

    /** Until when the store gives access, as of {@code now}; null: no access. */
    public Instant accessUntil(Instant now) {
        Instant until = switch (status) {
            case ACTIVE -> expiresAt;
            case GRACE -> expiresAt == null || graceUntil.isAfter(expiresAt) ? graceUntil : expiresAt;
            default -> null;
        };
        return until != null && until.isAfter(now) ? until : null;
    }
}
