package com.microdrama.entitlement.promo;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/** "Series S is free for viewers in these regions from validFrom to validUntil", until an admin ends it. */
@Entity
@Table(name = "region_promo")
public class RegionPromo extends PanacheEntityBase {

    public enum State { SCHEDULED, ACTIVE, EXPIRED, ENDED }

    @Id
    public UUID id;

    @Column(name = "series_id", nullable = false)
    public String seriesId;

    /** ISO 3166-1 alpha-2 codes; always read with the promo (a handful per promo). */
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "region_promo_region", joinColumns = @JoinColumn(name = "promo_id"))
    @Column(name = "region", nullable = false)
    public Set<String> regions = new TreeSet<>();

    @Column(name = "valid_from", nullable = false)
    public Instant validFrom;

    @Column(name = "valid_until", nullable = false)
    public Instant validUntil;

    @Column(nullable = false)
    public String reason;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "idempotency_key")
    public String idempotencyKey;

    @Column(name = "request_hash")
    public String requestHash;

    @Column(name = "ended_at")
    public Instant endedAt;

    @Column(name = "ended_by")
    public String endedBy;

    @Column(name = "end_reason")
    public String endReason;

    public State stateAt(Instant now) {
        if (endedAt != null) {
            return State.ENDED;
        }
        if (now.isBefore(validFrom)) {
            return State.SCHEDULED;
        }
        return now.isBefore(validUntil) ? State.ACTIVE : State.EXPIRED;
    }
}
