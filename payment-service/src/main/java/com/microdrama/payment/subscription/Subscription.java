package com.microdrama.payment.subscription;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A user's VIP subscription; its rules live in {@link SubscriptionState}, this row only stores the state. */
@Entity
@Table(name = "subscription")
public class Subscription extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false, updatable = false)
    public String userId;

    @Column(name = "plan_id", nullable = false, updatable = false)
    public String planId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public SubscriptionStatus status;

    @Column(nullable = false, updatable = false)
    public String provider;

    @Column(name = "provider_subscription_id")
    public String providerSubscriptionId;

    /** When access started; for an INCOMPLETE subscription when it was created (activation moves it). */
    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    /** When access first started; null while INCOMPLETE (and for one abandoned before it started). */
    @Column(name = "activated_at")
    public Instant activatedAt;

    @Column(name = "current_period_start", nullable = false)
    public Instant currentPeriodStart;

    @Column(name = "current_period_end", nullable = false)
    public Instant currentPeriodEnd;

    @Column(name = "in_trial", nullable = false)
    public boolean inTrial;

    @Column(name = "grace_until")
    public Instant graceUntil;

    @Column(name = "cancelled_at")
    public Instant cancelledAt;

    @Column(name = "ended_at")
    public Instant endedAt;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public SubscriptionState state() {
        return new SubscriptionState(status, startedAt, currentPeriodStart, currentPeriodEnd, inTrial, graceUntil,
                cancelledAt, endedAt);
    }

    void apply(SubscriptionState state, Instant now) {
        status = state.status();
        startedAt = state.startedAt();
        if (activatedAt == null && state.status().live()) {
            activatedAt = now;
        }
        currentPeriodStart = state.periodStart();
        currentPeriodEnd = state.periodEnd();
        inTrial = state.inTrial();
        graceUntil = state.graceUntil();
        cancelledAt = state.cancelledAt();
        endedAt = state.endedAt();
        updatedAt = now;
    }

    static Subscription create(UUID id, String userId, String planId, String provider, SubscriptionState state,
                               Instant now) {
        Subscription s = new Subscription();
        s.id = id;
        s.userId = userId;
        s.planId = planId;
        s.provider = provider;
        s.createdAt = now;
        s.apply(state, now);
        return s;
    }
}
