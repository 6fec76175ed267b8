package com.microdrama.payment.admin;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** Why an admin changed a wallet; the coins themselves move as the ledger entry ADJUSTMENT "adjustment:&lt;id&gt;". */
@Entity
@Table(name = "wallet_adjustment")
public class WalletAdjustment extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false, updatable = false)
    public String userId;

    @Column(nullable = false, updatable = false)
    public long coins;

    @Column(nullable = false, updatable = false)
    public String reason;

    @Column(name = "created_by", nullable = false, updatable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    public String reference() {
        return "adjustment:" + id;
    }
}
