package com.microdrama.entitlement.ledger;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A refund seen for a source (unlock or subscription id), whether or not its grant has arrived yet. */
@Entity
@Table(name = "revocation")
public class Revocation extends PanacheEntityBase {

    @Id
    public String source;

    @Column(name = "user_id", nullable = false)
    public String userId;

    @Column(name = "revoked_at", nullable = false)
    public Instant revokedAt;

    @Column(name = "revoke_event_id", nullable = false)
    public String revokeEventId;
}
