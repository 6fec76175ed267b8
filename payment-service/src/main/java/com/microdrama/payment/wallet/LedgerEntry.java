package com.microdrama.payment.wallet;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One immutable movement of coins. {@code coins = paidCoins + bonusCoins}, all signed. */
@Entity
@Table(name = "ledger_entry")
public class LedgerEntry extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long seq;

    @Column(nullable = false, updatable = false)
    public UUID id;

    @Column(name = "user_id", nullable = false, updatable = false)
    public String userId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public LedgerType type;

    @Column(nullable = false, updatable = false)
    public long coins;

    @Column(name = "paid_coins", nullable = false, updatable = false)
    public long paidCoins;

    @Column(name = "bonus_coins", nullable = false, updatable = false)
    public long bonusCoins;

    @Column(name = "balance_after", nullable = false, updatable = false)
    public long balanceAfter;

    @Column(nullable = false, updatable = false)
    public String reference;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    static LedgerEntry of(String userId, LedgerType type, long paid, long bonus, long balanceAfter, String reference,
                          Instant now) {
        LedgerEntry e = new LedgerEntry();
        e.id = UUID.randomUUID();
        e.userId = userId;
        e.type = type;
        e.paidCoins = paid;
        e.bonusCoins = bonus;
        e.coins = paid + bonus;
        e.balanceAfter = balanceAfter;
        e.reference = reference;
        e.createdAt = now;
        return e;
    }
}
