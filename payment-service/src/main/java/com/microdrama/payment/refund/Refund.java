package com.microdrama.payment.refund;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A refund or chargeback of one pack purchase, unlock or subscription. Unlocks and subscriptions have at most one;
 * a pack purchase any number of partial ones and at most one that completes it.
 */
@Entity
@Table(name = "refund")
public class Refund extends PanacheEntityBase {
    public static final String COIN_PACK = "coin-pack";
    public static final String EPISODE_UNLOCK = "episode-unlock";
    public static final String SERIES_UNLOCK = "series-unlock";
    public static final String SUBSCRIPTION = "subscription";

    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false, updatable = false)
    public String userId;

    /** As in purchase-refunded.v1: coin-pack, episode-unlock, series-unlock, subscription. */
    @Column(nullable = false, updatable = false)
    public String kind;

    @Column(name = "target_id", nullable = false, updatable = false)
    public String targetId;

    @Column(nullable = false, updatable = false)
    public String reason;

    @Column(nullable = false, updatable = false)
    public boolean chargeback;

    /** Who asked: {@code admin} or the provider event, e.g. {@code stripe:charge.refunded}. */
    @Column(nullable = false, updatable = false)
    public String source;

    /** Coins moved by the refund: negative for a pack claw-back, positive for an unlock's coins given back. */
    @Column(nullable = false, updatable = false)
    public long coins;

    /** Money returned by this refund (coin packs only; unlocks are paid with coins). */
    @Column(updatable = false)
    public BigDecimal amount;

    @Column(updatable = false)
    public String currency;

    /** The target is not refunded in full after this refund. */
    @Column(nullable = false, updatable = false)
    public boolean partial;

    /** The provider's object behind it: Stripe's Refund ({@code re_…}) or, for a chargeback, its Dispute ({@code dp_…}). */
    @Column(name = "provider_ref")
    public String providerRef;

    /** Where the money is at the provider: Stripe's Refund status ({@code pending}, {@code succeeded}, {@code failed}). */
    @Column(name = "provider_status")
    public String providerStatus;

    /** Set when the refund was undone (a dispute won, a refund that failed at the provider): its coins came back. */
    @Column(name = "reversed_at")
    public Instant reversedAt;

    @Column(name = "reversal_reason")
    public String reversalReason;

    @Column(name = "created_by", nullable = false, updatable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    static Refund of(String userId, String kind, String targetId, String reason, boolean chargeback, String source,
                     long coins, String createdBy, Instant now) {
        Refund r = new Refund();
        r.id = UUID.randomUUID();
        r.userId = userId;
        r.kind = kind;
        r.targetId = targetId;
        r.reason = reason;
        r.chargeback = chargeback;
        r.source = source;
        r.coins = coins;
        r.createdBy = createdBy;
        r.createdAt = now;
        return r;
    }
}
