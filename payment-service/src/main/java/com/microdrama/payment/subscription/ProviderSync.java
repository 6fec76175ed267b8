package com.microdrama.payment.subscription;

import com.microdrama.events.EventTypes;
import com.microdrama.payment.provider.ProviderSubscriptionSnapshot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static com.microdrama.payment.subscription.SubscriptionStatus.ACTIVE;
import static com.microdrama.payment.subscription.SubscriptionStatus.CANCELLED;
import static com.microdrama.payment.subscription.SubscriptionStatus.INCOMPLETE;
import static com.microdrama.payment.subscription.SubscriptionStatus.PAST_DUE;
import static com.microdrama.payment.subscription.SubscriptionStatus.TRIALING;

/**
 * What the provider's current view of a subscription asks of ours (decision 0018). The service reads the provider's
 * subscription when one of its events arrives and applies these changes, so a late, repeated or reordered event
 * leads to the same state as the events in order: the changes are computed from the provider's state now, not from
 * the event.
 *
 * <ul>
 *   <li>{@code trialing}/{@code active}: an INCOMPLETE subscription starts (the trial, or the paid first period).
 *       Later periods come only from paid invoices, which carry the amount ({@code invoice.paid}).</li>
 *   <li>{@code past_due}/{@code unpaid}: a billing issue; access kept for our grace period.</li>
 *   <li>{@code canceled}: access ends now (never started: abandoned without an event).</li>
 *   <li>{@code incomplete_expired}: abandoned, no access was ever given.</li>
 *   <li>{@code cancel_at_period_end}: cancelled, or resumed when the provider no longer cancels it.</li>
 * </ul>
 * Plain and unit-tested ({@code ProviderSyncTest}).
 */
public final class ProviderSync {

    /** One step: the state after it and the event to publish (null: nothing the entitlements ever saw changed). */
    public record Change(SubscriptionState state, String eventType) {
    }

    private ProviderSync() {
    }

    public static List<Change> changes(SubscriptionState ours, ProviderSubscriptionSnapshot theirs, Instant now,
                                       Instant graceUntil) {
        List<Change> changes = new ArrayList<>();
        SubscriptionState s = ours;
        switch (theirs.status()) {
            case "incomplete_expired" -> {
                if (s.status() == INCOMPLETE) {
                    changes.add(new Change(s.abandon(now), null));
                }
                return changes;
            }
            case "canceled" -> {
                if (s.status() == INCOMPLETE) {
                    changes.add(new Change(s.abandon(now), null));
                } else if (s.status().live()) {
                    Instant end = now.isBefore(s.accessUntil()) ? now : s.accessUntil();
                    changes.add(new Change(s.expire(end), EventTypes.SUBSCRIPTION_EXPIRED));
                }
                return changes;
            }
            case "trialing", "active" -> {
                if (s.status() == INCOMPLETE && theirs.periodStart() != null && theirs.periodEnd() != null
                        && theirs.periodEnd().isAfter(theirs.periodStart())) {
                    s = s.activate(theirs.periodStart(), theirs.periodEnd(), "trialing".equals(theirs.status()));
                    changes.add(new Change(s, EventTypes.SUBSCRIPTION_ACTIVATED));
                }
            }
            case "past_due", "unpaid" -> {
                if (s.status() == ACTIVE || s.status() == TRIALING) {
                    s = s.billingIssue(graceUntil);
                    changes.add(new Change(s, EventTypes.SUBSCRIPTION_RENEWED));
                }
            }
            default -> {
                // incomplete, paused, or a status Stripe adds later: nothing to start or end
                return changes;
            }
        }
        if (theirs.cancelAtPeriodEnd() && (s.status() == TRIALING || s.status() == ACTIVE || s.status() == PAST_DUE)) {
            changes.add(new Change(s.cancel(now), EventTypes.SUBSCRIPTION_CANCELLED));
        } else if (!theirs.cancelAtPeriodEnd() && s.status() == CANCELLED && now.isBefore(s.accessUntil())) {
            changes.add(new Change(s.resume(now), EventTypes.SUBSCRIPTION_ACTIVATED));
        }
        return changes;
    }
}
