package com.microdrama.payment.subscription;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import static com.microdrama.payment.subscription.SubscriptionStatus.ACTIVE;
import static com.microdrama.payment.subscription.SubscriptionStatus.CANCELLED;
import static com.microdrama.payment.subscription.SubscriptionStatus.EXPIRED;
import static com.microdrama.payment.subscription.SubscriptionStatus.INCOMPLETE;
import static com.microdrama.payment.subscription.SubscriptionStatus.PAST_DUE;
import static com.microdrama.payment.subscription.SubscriptionStatus.REFUNDED;
import static com.microdrama.payment.subscription.SubscriptionStatus.TRIALING;

/**
 * The subscription state machine, free of Quarkus and the database. Immutable: a transition returns the new state,
 * or the same instance when the event changes nothing (a stale or repeated provider event), or throws
 * {@link InvalidSubscriptionStateException}.
 *
 * <pre>
 *            start(trial)            start
 *                 │                    │
 *                 ▼     renew          ▼
 *             TRIALING ───────────► ACTIVE ◄──────────┐ renew (= recover)
 *              │  │ billingIssue    │  │ billingIssue  │
 *              │  └──────────────► PAST_DUE ───────────┘
 *       cancel │     cancel ▲ resume   │ cancel / resume
 *              ▼            ▼          ▼
 *             CANCELLED (access until period end; renew extends it, resume goes back)
 *   any live state ── expire ──► EXPIRED          any state but REFUNDED ── refund ──► REFUNDED
 *
 *   INCOMPLETE ── activate (the provider confirmed: trial started or first invoice paid) ──► TRIALING / ACTIVE
 *   INCOMPLETE ── abandon (never paid) ──► EXPIRED without any access
 * </pre>
 *
 * A subscription through a provider that must confirm (Stripe, decision 0018) starts INCOMPLETE: it gives no access
 * until the provider says so.
 *
 * Access runs from {@code startedAt} until {@link #accessUntil()}: the period end, or the grace end when later.
 *
 * @param inTrial     the current period is a free trial (so a resume goes back to TRIALING)
 * @param graceUntil  set while a billing issue is unresolved (PAST_DUE, or CANCELLED from PAST_DUE)
 */
public record SubscriptionState(SubscriptionStatus status, Instant startedAt, Instant periodStart, Instant periodEnd,
                                boolean inTrial, Instant graceUntil, Instant cancelledAt, Instant endedAt) {

    public SubscriptionState {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(periodStart, "periodStart");
        Objects.requireNonNull(periodEnd, "periodEnd");
        if (!periodEnd.isAfter(periodStart)) {
            throw new IllegalArgumentException("a period must end after it starts");
        }
        if (status.ended() == (endedAt == null)) {
            throw new IllegalArgumentException("endedAt is set exactly for ended subscriptions");
        }
    }

    /**
     * Created at the provider and waiting for its confirmation: no access. The period is a placeholder of one plan
     * length from {@code now}; activation replaces it with the provider's.
     */
    public static SubscriptionState incomplete(Instant now, int periodDays) {
        if (periodDays <= 0) {
            throw new IllegalArgumentException("periodDays must be > 0");
        }
        return new SubscriptionState(INCOMPLETE, now, now, now.plus(Duration.ofDays(periodDays)), false, null, null, null);
    }

    /**
     * The provider confirmed an incomplete subscription: access from {@code periodStart} to {@code periodEnd}, as a
     * trial or a paid period. Already started: nothing changes (a repeated or late confirmation).
     */
    public SubscriptionState activate(Instant periodStart, Instant periodEnd, boolean trial) {
        Objects.requireNonNull(periodStart, "periodStart");
        Objects.requireNonNull(periodEnd, "periodEnd");
        if (status.live()) {
            return this;
        }
        if (status != INCOMPLETE) {
            throw new InvalidSubscriptionStateException(status, "activate", "it has ended");
        }
        return new SubscriptionState(trial ? TRIALING : ACTIVE, periodStart, periodStart, periodEnd, trial, null, null,
                null);
    }

    /** An incomplete subscription that was never paid ends, without having given access. */
    public SubscriptionState abandon(Instant now) {
        if (status != INCOMPLETE) {
            throw new InvalidSubscriptionStateException(status, "abandon", "only an incomplete subscription is abandoned");
        }
        return new SubscriptionState(EXPIRED, startedAt, periodStart, periodEnd, false, null, null, now);
    }

    /** A new subscription: a trial of {@code trialDays} first when > 0, else a paid period of {@code periodDays}. */
    public static SubscriptionState start(Instant now, int periodDays, int trialDays) {
        if (periodDays <= 0 || trialDays < 0) {
            throw new IllegalArgumentException("periodDays must be > 0 and trialDays >= 0");
        }
        boolean trial = trialDays > 0;
        Instant end = now.plus(Duration.ofDays(trial ? trialDays : periodDays));
        return new SubscriptionState(trial ? TRIALING : ACTIVE, now, now, end, trial, null, null, null);
    }

    /** Until when the user has access: for live subscriptions the period end or the grace end, whichever is later. */
    public Instant accessUntil() {
        if (status == INCOMPLETE) {
            return startedAt;
        }
        if (!status.live()) {
            return endedAt;
        }
        return graceUntil != null && graceUntil.isAfter(periodEnd) ? graceUntil : periodEnd;
    }

    /**
     * A period was paid (provider invoice). A payment for a period that does not end later than the current one is
     * stale (events arrive out of order) and changes nothing: access is never shortened. Paying a PAST_DUE
     * subscription recovers it; a CANCELLED one keeps its cancellation but gets the paid period. The first paid
     * invoice of an INCOMPLETE subscription activates it for the invoice's period.
     */
    public SubscriptionState renew(Instant newPeriodStart, Instant newPeriodEnd) {
        Objects.requireNonNull(newPeriodEnd, "newPeriodEnd");
        if (status == INCOMPLETE) {
            Instant start = newPeriodStart != null && newPeriodStart.isBefore(newPeriodEnd) ? newPeriodStart : periodStart;
            return activate(start, newPeriodEnd, false);
        }
        if (!status.live()) {
            throw new InvalidSubscriptionStateException(status, "renew", "it has ended");
        }
        if (!newPeriodEnd.isAfter(periodEnd)) {
            return this;
        }
        if (status == PAST_DUE) {
            return recover(newPeriodStart, newPeriodEnd);
        }
        Instant start = periodStartFor(newPeriodStart, newPeriodEnd);
        SubscriptionStatus next = status == CANCELLED ? CANCELLED : ACTIVE;
        return new SubscriptionState(next, startedAt, start, newPeriodEnd, false, null, cancelledAt, null);
    }

    /** The failed renewal was paid after all: back to ACTIVE with the new period, grace over. */
    public SubscriptionState recover(Instant newPeriodStart, Instant newPeriodEnd) {
        if (status != PAST_DUE) {
            throw new InvalidSubscriptionStateException(status, "recover", "only a PAST_DUE subscription recovers");
        }
        if (!newPeriodEnd.isAfter(periodEnd)) {
            // paid, but the period on the invoice is not newer: keep the period, and the grace it already gave
            return this;
        }
        return new SubscriptionState(ACTIVE, startedAt, periodStartFor(newPeriodStart, newPeriodEnd), newPeriodEnd,
                false, null, null, null);
    }

    /**
     * The store says the billing issue is over although its period does not end later than ours (a store counts
     * periods its own way): back to ACTIVE, grace over, period kept. Not PAST_DUE: nothing changes.
     */
    public SubscriptionState billingResolved() {
        if (status != PAST_DUE) {
            return this;
        }
        return new SubscriptionState(ACTIVE, startedAt, periodStart, periodEnd, false, null, null, null);
    }

    /** Cancel at period end: access stays until {@link #accessUntil()}, nothing renews. */
    public SubscriptionState cancel(Instant now) {
        if (status != TRIALING && status != ACTIVE && status != PAST_DUE) {
            throw new InvalidSubscriptionStateException(status, "cancel", status == CANCELLED ? "it is already cancelled"
                    : status == INCOMPLETE ? "it has not started" : "it has ended");
        }
        return new SubscriptionState(CANCELLED, startedAt, periodStart, periodEnd, inTrial, graceUntil, now, null);
    }

    /** Undo a cancellation before access ran out: back to where it was (trial, paid period or grace). */
    public SubscriptionState resume(Instant now) {
        if (status != CANCELLED) {
            throw new InvalidSubscriptionStateException(status, "resume", "only a cancelled subscription resumes");
        }
        if (!now.isBefore(accessUntil())) {
            throw new InvalidSubscriptionStateException(status, "resume", "its period already ended");
        }
        SubscriptionStatus back = graceUntil != null ? PAST_DUE : inTrial ? TRIALING : ACTIVE;
        return new SubscriptionState(back, startedAt, periodStart, periodEnd, inTrial, graceUntil, null, null);
    }

    /**
     * A renewal charge failed: PAST_DUE with access kept until {@code graceUntil}. A repeated billing issue while
     * PAST_DUE changes nothing (the first grace end stands).
     */
    public SubscriptionState billingIssue(Instant graceUntil) {
        Objects.requireNonNull(graceUntil, "graceUntil");
        if (status == PAST_DUE) {
            return this;
        }
        if (status != TRIALING && status != ACTIVE) {
            throw new InvalidSubscriptionStateException(status, "record a billing issue for",
                    status == CANCELLED ? "a cancelled subscription is not billed again"
                            : status == INCOMPLETE ? "it has not started" : "it has ended");
        }
        return new SubscriptionState(PAST_DUE, startedAt, periodStart, periodEnd, inTrial, graceUntil, null, null);
    }

    /** Access ends at {@code at} (the end of period and grace for the expiry job; now for a provider deletion). */
    public SubscriptionState expire(Instant at) {
        if (!status.live()) {
            throw new InvalidSubscriptionStateException(status, "expire",
                    status == INCOMPLETE ? "it has not started (abandon it)" : "it has already ended");
        }
        return new SubscriptionState(EXPIRED, startedAt, periodStart, periodEnd, inTrial, graceUntil, cancelledAt, at);
    }

    /** Money back: access ends now (or stays ended when it had already expired). */
    public SubscriptionState refund(Instant now) {
        if (status == REFUNDED || status == INCOMPLETE) {
            throw new InvalidSubscriptionStateException(status, "refund",
                    status == REFUNDED ? "it is already refunded" : "nothing was paid");
        }
        Instant end = status == EXPIRED && endedAt.isBefore(now) ? endedAt : now;
        return new SubscriptionState(REFUNDED, startedAt, periodStart, periodEnd, inTrial, graceUntil, cancelledAt, end);
    }

    /** Whether the expiry job should end it: live, and access ran out {@code leeway} ago or more. */
    public boolean dueForExpiry(Instant now, Duration leeway) {
        return status.live() && !accessUntil().plus(leeway).isAfter(now);
    }

    private Instant periodStartFor(Instant newPeriodStart, Instant newPeriodEnd) {
        Instant start = newPeriodStart != null ? newPeriodStart : periodEnd;
        return start.isBefore(newPeriodEnd) ? start : periodEnd;
    }
}
