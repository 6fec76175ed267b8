package com.microdrama.storeemulator.play;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static com.microdrama.storeemulator.play.SubscriptionState.ACTIVE;
import static com.microdrama.storeemulator.play.SubscriptionState.CANCELED;
import static com.microdrama.storeemulator.play.SubscriptionState.EXPIRED;
import static com.microdrama.storeemulator.play.SubscriptionState.IN_GRACE_PERIOD;
import static com.microdrama.storeemulator.play.SubscriptionState.ON_HOLD;
import static com.microdrama.storeemulator.play.SubscriptionState.PAUSED;

/**
 * What Google does to a subscription on each event the control surface can cause, and the RTDN
 * {@code subscriptionNotification.notificationType} it sends for it. Runs under {@link PlayPurchases}' lock.
 */
final class SubscriptionLifecycle {

    static final int RECOVERED = 1;
    static final int RENEWED = 2;
    static final int CANCELED_TYPE = 3;
    static final int PURCHASED = 4;
    static final int ON_HOLD_TYPE = 5;
    static final int IN_GRACE_PERIOD_TYPE = 6;
    static final int RESTARTED = 7;
    static final int PAUSED_TYPE = 10;
    static final int REVOKED = 12;
    static final int EXPIRED_TYPE = 13;

    static final List<String> ACTIONS = List.of("renew", "recover", "grace", "hold", "cancel", "restart", "expire", "revoke", "pause");

    /** A move the subscription's state does not allow (Google would not make it either). */
    static final class NotAllowed extends RuntimeException {
        NotAllowed(String message) {
            super(message);
        }
    }

    private SubscriptionLifecycle() {
    }

    /** Applies the action and answers the notification type; {@code grace} is how long a grace period lasts. */
    static int apply(PlaySubscription s, String action, Instant now, IsoPeriod grace) {
        SubscriptionState state = s.effectiveState(now);
        switch (action) {
            case "renew" -> {
                // a renewal charges the next period from the end of the paid one (or from now when a pause ends)
                require(action, state, ACTIVE, PAUSED);
                s.expiryTime = s.product.period().addTo(state == PAUSED ? now : s.expiryTime);
                charged(s);
                return RENEWED;
            }
            case "recover" -> {
                // the payment method was fixed: a new period starts now
                require(action, state, IN_GRACE_PERIOD, ON_HOLD);
                s.expiryTime = s.product.period().addTo(now);
                charged(s);
                return RECOVERED;
            }
            case "grace" -> {
                // the renewal charge failed; the user keeps access until the grace period ends
                require(action, state, ACTIVE);
                s.state = IN_GRACE_PERIOD;
                s.expiryTime = grace.addTo(now);
                return IN_GRACE_PERIOD_TYPE;
            }
            case "hold" -> {
                // still unpaid: access ends now, auto renewal stays on while Google keeps retrying
                require(action, state, ACTIVE, IN_GRACE_PERIOD);
                s.state = ON_HOLD;
                s.expiryTime = earlier(s.expiryTime, now);
                return ON_HOLD_TYPE;
            }
            case "cancel" -> {
                // the user canceled: no more renewals, access until the paid time ends
                require(action, state, ACTIVE, IN_GRACE_PERIOD, ON_HOLD, PAUSED);
                s.state = CANCELED;
                s.autoRenewEnabled = false;
                s.canceledAt = now;
                return CANCELED_TYPE;
            }
            case "restart" -> {
                require(action, state, CANCELED);
                s.state = ACTIVE;
                s.autoRenewEnabled = true;
                s.canceledAt = null;
                return RESTARTED;
            }
            case "expire" -> {
                requireNot(action, state, EXPIRED);
                end(s, earlier(s.expiryTime, now));
                return EXPIRED_TYPE;
            }
            case "revoke" -> {
                // refunded and taken back: access ends now (the caller records the voided order)
                requireNot(action, state, EXPIRED);
                end(s, now);
                return REVOKED;
            }
            case "pause" -> {
                require(action, state, ACTIVE);
                s.state = PAUSED;
                s.expiryTime = earlier(s.expiryTime, now);
                s.autoResumeTime = s.product.period().addTo(now);
                return PAUSED_TYPE;
            }
            default -> throw new IllegalArgumentException("unknown action " + action + "; one of " + ACTIONS);
        }
    }

    private static void charged(PlaySubscription s) {
        s.state = ACTIVE;
        s.autoRenewEnabled = true;
        s.autoResumeTime = null;
        s.renewals++;
    }

    private static void end(PlaySubscription s, Instant expiry) {
        s.state = EXPIRED;
        s.autoRenewEnabled = false;
        s.expiryTime = expiry;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static void require(String action, SubscriptionState state, SubscriptionState... allowed) {
        if (!Arrays.asList(allowed).contains(state)) {
            throw new NotAllowed(action + " needs a subscription in " + Arrays.toString(allowed) + "; this one is " + state);
        }
    }

    private static void requireNot(String action, SubscriptionState state, SubscriptionState refused) {
        if (state == refused) {
            throw new NotAllowed(action + " of a subscription already " + state);
        }
    }
}
