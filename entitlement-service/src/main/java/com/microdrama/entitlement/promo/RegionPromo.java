package com.microdrama.entitlement.promo;

import com.microdrama.entitlement.access.Grant;
import com.microdrama.entitlement.access.GrantKind;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;
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

    /**
     * The series' promos for viewers in {@code region} that are neither ended nor over, as the access policy sees
     * them: promo grants of the whole series for their window (the policy decides whether now is inside it). One
     * query; the regions themselves are not loaded.
     */
    public static Uni<List<Grant>> grantsFor(String seriesId, String region, Instant now) {
        return Panache.getSession().chain(session -> session.createQuery("""
                        select p.validFrom, p.validUntil from RegionPromo p
                        where p.seriesId = :seriesId and p.endedAt is null and p.validUntil > :now
                            and :region member of p.regions""", Object[].class)
                        .setParameter("seriesId", seriesId)
                        .setParameter("region", region)
                        .setParameter("now", now)
                        .getResultList())
                .map(rows -> rows.stream()
                        .map(row -> new Grant(GrantKind.PROMO, null, seriesId, (Instant) row[0], (Instant) row[1], null))
                        .toList());
    }
}
