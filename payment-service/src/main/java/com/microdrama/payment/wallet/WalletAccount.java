package com.microdrama.payment.wallet;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** The balance cache row; changed only together with a ledger entry, under a row lock. */
@Entity
@Table(name = "wallet")
public class WalletAccount extends PanacheEntityBase {
    @Id
    @Column(name = "user_id")
    public String userId;

    @Column(name = "paid_coins", nullable = false)
    public long paidCoins;

    @Column(name = "bonus_coins", nullable = false)
    public long bonusCoins;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public Wallet toWallet() {
        return new Wallet(paidCoins, bonusCoins);
    }

    void apply(Wallet wallet, Instant now) {
        this.paidCoins = wallet.paidCoins();
        this.bonusCoins = wallet.bonusCoins();
        this.updatedAt = now;
    }
}
