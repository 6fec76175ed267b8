package com.microdrama.payment.wallet;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

/** Coins of one lot moved by one ledger entry: positive when taken, negative when given back (a refunded unlock). */
@Entity
@Table(name = "bonus_lot_use")
@IdClass(BonusLotUse.Key.class)
public class BonusLotUse extends PanacheEntityBase {
    @Id
    @Column(name = "lot_id")
    public UUID lotId;

    @Id
    @Column(name = "ledger_entry_id")
    public UUID ledgerEntryId;

    @Column(nullable = false, updatable = false)
    public long coins;

    static BonusLotUse of(UUID lotId, UUID ledgerEntryId, long coins) {
        BonusLotUse use = new BonusLotUse();
        use.lotId = lotId;
        use.ledgerEntryId = ledgerEntryId;
        use.coins = coins;
        return use;
    }

    public static class Key implements Serializable {
        public UUID lotId;
        public UUID ledgerEntryId;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(lotId, k.lotId) && Objects.equals(ledgerEntryId, k.ledgerEntryId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(lotId, ledgerEntryId);
        }
    }
}
