package com.microdrama.payment.store;

import com.microdrama.events.EventTypes;
import com.microdrama.payment.subscription.SubscriptionState;
import com.microdrama.payment.subscription.SubscriptionStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static com.microdrama.payment.subscription.SubscriptionStatus.ACTIVE;
import static com.microdrama.payment.subscription.SubscriptionStatus.CANCELLED;
import static com.microdrama.payment.subscription.SubscriptionStatus.PAST_DUE;
import static com.microdrama.payment.subscription.SubscriptionStatus.TRIALING;

/**
 * What a store's statement about a subscription asks of our row (decision 0020). The store is the only authority:
 * the buyer pays, cancels and is refunded there, so ours follows its state, never the other way round. Plain and
 * unit-tested ({@code StoreSyncTest}).
 *
 * <ul>
 *   <li>No open row and the store gives access: a new row starts with the store's period (trial, grace and a
 *       renewal switched off already applied), so a store subscription whose access ended and came back (renewed
 *       after billing retry, a refund reversed) opens a new VIP window instead of reopening an ended one.</li>
 *   <li>Access with a later period end: renewed (a PAST_DUE one recovers). Grace: a billing issue with the store's
 *       grace end. Auto-renew off: cancelled at period end; on again: resumed.</li>
 *   <li>No access any more (expired, billing retry without grace, paused): access ends now, or when it already ran
 *       out. Revoked (refunded, family sharing ended, voided): the caller refunds the row, access ends now.</li>
 * </ul>
 */
public final class StoreSync {

    /** One step for the caller to apply. */
    public sealed interface Step {
    }

    /** A new row in this state; its subscription-activated event tells the entitlements. */
    public record Start(SubscriptionState state) implements Step {
    }

    /** The open row moves to this state, with this event. */
    public record Change(SubscriptionState state, String eventType) implements Step {
    }

    /** The open row is refunded (access ends now, permanently for this row). */
    public record Revoke() implements Step {
    }

    private StoreSync() {
    }

    /**
     * @param ours the store subscription's open row's state, null when it has none (never had one, or it ended)
     */
    public static List<Step> steps(SubscriptionState ours, StoreSubscriptionSnapshot theirs, Instant now) {
        List<Step> steps = new ArrayList<>();
        boolean open = ours != null && ours.status().live();
        if (theirs.status() == StoreSubscriptionSnapshot.Status.REVOKED) {
            if (open) {
                steps.add(new Revoke());
            }
            return steps;
        }
        Instant access = theirs.accessUntil(now);
        if (!open) {
            if (access != null) {
                steps.add(new Start(started(theirs, access, now)));
            }
            return steps;
        }
        if (access == null) {
            if (theirs.status() != StoreSubscriptionSnapshot.Status.PENDING) {
                Instant end = now.isBefore(ours.accessUntil()) ? now : ours.accessUntil();
                steps.add(new Change(ours.expire(end), EventTypes.SUBSCRIPTION_EXPIRED));
            }
            return steps;
        }
        SubscriptionState s = ours;
        if (theirs.expiresAt() != null && theirs.expiresAt().isAfter(s.periodEnd())
                && theirs.status() == StoreSubscriptionSnapshot.Status.ACTIVE) {
            s = s.renew(theirs.periodStart(), theirs.expiresAt());
            steps.add(new Change(s, EventTypes.SUBSCRIPTION_RENEWED));
        } else if (theirs.status() == StoreSubscriptionSnapshot.Status.ACTIVE && s.status() == PAST_DUE) {
            s = s.billingResolved();
            steps.add(new Change(s, EventTypes.SUBSCRIPTION_RENEWED));
        }
        if (theirs.status() == StoreSubscriptionSnapshot.Status.GRACE && (s.status() == ACTIVE || s.status() == TRIALING)) {
            s = s.billingIssue(theirs.graceUntil());
            steps.add(new Change(s, EventTypes.SUBSCRIPTION_RENEWED));
        }
        if (Boolean.FALSE.equals(theirs.autoRenew()) && renewing(s.status())) {
            s = s.cancel(now);
            steps.add(new Change(s, EventTypes.SUBSCRIPTION_CANCELLED));
        } else if (Boolean.TRUE.equals(theirs.autoRenew()) && s.status() == CANCELLED && now.isBefore(s.accessUntil())) {
            s = s.resume(now);
            steps.add(new Change(s, EventTypes.SUBSCRIPTION_ACTIVATED));
        }
        return steps;
    }

    private static boolean renewing(SubscriptionStatus status) {
        return status == TRIALING || status == ACTIVE || status == PAST_DUE;
    }

    /** The state of a new row: the store's period, then its grace and a renewal already switched off. */
    private static SubscriptionState started(StoreSubscriptionSnapshot theirs, Instant access, Instant now) {
        Instant end = theirs.expiresAt() != null ? theirs.expiresAt() : access;
        Instant start = theirs.periodStart() != null && theirs.periodStart().isBefore(end) ? theirs.periodStart() : now;
        if (!end.isAfter(start)) {
            // a grace period after a period that ended before we heard of it: access is the grace
            end = access;
        }
        SubscriptionState s = SubscriptionState.incomplete(now, 1).activate(start, end, theirs.trial());
        if (theirs.status() == StoreSubscriptionSnapshot.Status.GRACE) {
            s = s.billingIssue(theirs.graceUntil());
        }
        if (Boolean.FALSE.equals(theirs.autoRenew())) {
            s = s.cancel(now);
        }
        return s;
    }
}
