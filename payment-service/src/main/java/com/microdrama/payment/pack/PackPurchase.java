package com.microdrama.payment.pack;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** One attempt to buy a coin pack. Coins, bonus and price are copied from the pack at purchase time. */
@Entity
@Table(name = "pack_purchase")
public class PackPurchase extends PanacheEntityBase {
    public enum Status { PENDING, COMPLETED, FAILED, REFUNDED }

    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false, updatable = false)
    public String userId;

    @Column(name = "pack_id", nullable = false, updatable = false)
    public String packId;

    @Column(nullable = false, updatable = false)
    public int coins;

    @Column(name = "bonus_coins", nullable = false, updatable = false)
    public int bonusCoins;

    @Column(name = "price_amount", nullable = false, updatable = false)
    public BigDecimal priceAmount;

    @Column(nullable = false, updatable = false)
    public String currency;

    @Column(nullable = false, updatable = false)
    public String provider;

    @Column(name = "provider_payment_id")
    public String providerPaymentId;

    @Column(name = "client_secret")
    public String clientSecret;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    /** Set when the purchase is refunded in full (status REFUNDED). */
    @Column(name = "refunded_at")
    public Instant refundedAt;

    /** Money refunded so far; a partially refunded purchase stays COMPLETED. */
    @Column(name = "refunded_amount", nullable = false)
    public BigDecimal refundedAmount = BigDecimal.ZERO;

    /** Why a FAILED purchase failed: the provider's decline code (else its error code), or {@code abandoned}. */
    @Column(name = "failure_code")
    public String failureCode;

    /** The provider's own words for the failure, as it would show them to the buyer. */
    @Column(name = "failure_message")
    public String failureMessage;

    /** FAILED with the provider's (or our) reason. */
    public void fail(String code, String message) {
        status = Status.FAILED;
        failureCode = code;
        failureMessage = message;
    }

    public static PackPurchase start(String userId, CoinPack pack, String provider, Instant now) {
        PackPurchase p = new PackPurchase();
        p.id = UUID.randomUUID();
        p.userId = userId;
        p.packId = pack.id;
        p.coins = pack.coins;
        p.bonusCoins = pack.bonusCoins;
        p.priceAmount = pack.priceAmount;
        p.currency = pack.currency;
        p.provider = provider;
        p.status = Status.PENDING;
        p.createdAt = now;
        return p;
    }

    public String reference() {
        return "pack-purchase:" + id;
    }
}
