package com.microdrama.payment.unlock;

import com.microdrama.payment.catalog.ViewerOffer;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** Coins spent on an episode or a whole series; at most one ACTIVE unlock per user and content (unique index). */
@Entity
@Table(name = "content_unlock")
public class ContentUnlock extends PanacheEntityBase {
    public enum Kind { EPISODE, SERIES }

    /** SUPERSEDED: an episode unlock a later series unlock of the same user covers ({@link SeriesCoverage}). */
    public enum Status { ACTIVE, REFUNDED, SUPERSEDED }

    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false, updatable = false)
    public String userId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public Kind kind;

    @Column(name = "episode_id", updatable = false)
    public String episodeId;

    @Column(name = "series_id", nullable = false, updatable = false)
    public String seriesId;

    @Column(name = "coins_spent", nullable = false, updatable = false)
    public int coinsSpent;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "refunded_at")
    public Instant refundedAt;

    /** The buyer's region the price was taken for (from the token); null: the base price. */
    @Column(updatable = false)
    public String region;

    /**
     * The base price that the region's tier scaled into {@link #coinsSpent}: the catalog's, or the buyer's
     * paywall-experiment arm's ({@link #experimentId}, {@link #variant}).
     */
    @Column(name = "base_price_coins", updatable = false)
    public Integer basePriceCoins;

    /**
     * The paywall experiment the buyer was in on the series and their arm, null when none ran: kept with the charge
     * so support and refunds can tell why it differs from the catalog's price (docs/decisions/0036-paywall-experiments.md).
     */
    @Column(name = "experiment_id", updatable = false)
    public String experimentId;

    @Column(updatable = false)
    public String variant;

    /** The series unlock that covers this episode unlock while it is SUPERSEDED. */
    @Column(name = "superseded_by")
    public UUID supersededBy;

    /** The ledger reference of the coins spent on it (and of their refund). */
    public String reference() {
        return (kind == Kind.EPISODE ? "episode-unlock:" : "series-unlock:") + id;
    }

    void pricedAt(String region, int basePriceCoins, ViewerOffer offer) {
        this.region = region;
        this.basePriceCoins = basePriceCoins;
        this.experimentId = offer.experimentId();
        this.variant = offer.variantName();
    }

    static ContentUnlock of(UUID id, String userId, Kind kind, String episodeId, String seriesId, int coinsSpent,
                            Instant now) {
        ContentUnlock u = new ContentUnlock();
        u.id = id;
        u.userId = userId;
        u.kind = kind;
        u.episodeId = episodeId;
        u.seriesId = seriesId;
        u.coinsSpent = coinsSpent;
        u.status = Status.ACTIVE;
        u.createdAt = now;
        return u;
    }
}
