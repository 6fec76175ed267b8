package com.microdrama.entitlement.admin;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * One grant or revocation made through the admin API: the journal that a rebuild replays on top of the Kafka log.
 * {@code id} is what the entitlement records as its cause or revoke event id.
 */
@Entity
@Table(name = "admin_action")
public class AdminAction extends PanacheEntityBase {

    public static final String PROMO_GRANT = "promo-grant";
    public static final String AD_REWARD = "ad-reward";
    public static final String REVOKE = "revoke";

    @Id
    public String id;

    /** Assigned by the database (bigserial): the replay order. */
    @Column(insertable = false, updatable = false)
    public Long seq;

    @Column(nullable = false)
    public String action;

    @Column(nullable = false)
    public String actor;

    @Column(name = "entitlement_id", nullable = false)
    public UUID entitlementId;

    @Column(name = "entitlement_source", nullable = false)
    public String entitlementSource;

    @Column(name = "user_id", nullable = false)
    public String userId;

    @Column(name = "episode_id")
    public String episodeId;

    @Column(name = "series_id")
    public String seriesId;

    @Column(name = "valid_from")
    public Instant validFrom;

    @Column(name = "valid_until")
    public Instant validUntil;

    public String reason;

    @Column(name = "ad_impression_id")
    public String adImpressionId;

    @Column(name = "idempotency_key")
    public String idempotencyKey;

    @Column(name = "request_hash")
    public String requestHash;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** The wire type shown in the history view beside CloudEvents types, e.g. {@code admin.promo-grant}. */
    public String eventType() {
        return "admin." + action;
    }

    public boolean isGrant() {
        return !REVOKE.equals(action);
    }
}
