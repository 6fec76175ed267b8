package com.microdrama.payment.wallet;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * One grant of bonus coins with its expiry; the wallet's bonus balance is the sum of the live lots' remaining coins.
 * Changed only by {@link WalletLedger}, under the user's wallet lock.
 */
@Entity
@Table(name = "bonus_lot")
public class BonusLot extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false, updatable = false)
    public String userId;

    /** What granted it, e.g. {@code pack-purchase:<id>}; {@code legacy:<user>} for bonus held before lots existed. */
    @Column(nullable = false, updatable = false)
    public String source;

    @Column(nullable = false, updatable = false)
    public long granted;

    @Column(nullable = false)
    public long remaining;

    @Column(name = "granted_at", nullable = false, updatable = false)
    public Instant grantedAt;

    /** Null: never expires. */
    @Column(name = "expires_at", updatable = false)
    public Instant expiresAt;

    @Column(name = "expired_at")
    public Instant expiredAt;

    static BonusLot grant(String userId, String source, long coins, Instant now, Instant expiresAt) {
        BonusLot lot = new BonusLot();
        lot.id = UUID.randomUUID();
        lot.userId = userId;
        lot.source = source;
        lot.granted = coins;
        lot.remaining = coins;
        lot.grantedAt = now;
        lot.expiresAt = expiresAt;
        return lot;
    }

    BonusLots.Lot toLot() {
        return new BonusLots.Lot(id, remaining, expiresAt, grantedAt);
    }

    static String legacySource(String userId) {
        return "legacy:" + userId;
    }
}
