package com.microdrama.payment.entitlement;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Answer of {@code GET /api/entitlements/users/{userId}/series/{seriesId}}: one row per episode entitlement-service
 * knows, with why it is (not) open.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SeriesAccess(String seriesId, List<Episode> episodes) {
    /**
     * Reasons that are our own sales (checked in our own tables, which know about refunds first), free episodes
     * ({@link #freeToViewer}) or no grant.
     */
    private static final Set<String> NOT_A_GRANT = Set.of(Episode.FREE, "episode-purchase", "series-purchase", "none");

    public SeriesAccess {
        episodes = episodes == null ? List.of() : List.copyOf(episodes);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Episode(String episodeId, boolean allowed, String reason) {
        static final String FREE = "free";
    }

    /**
     * The episodes a grant we did not sell opens: VIP, a promo, a region promo or an admin grant (and any reason
     * added later: unknown means "open", so we never charge for it). Our own purchases are left out on purpose: a
     * refunded unlock may still show here until its revocation arrived, and must be buyable again at once.
     */
    public Set<String> openByGrants() {
        return episodes.stream()
                .filter(e -> e.allowed() && e.episodeId() != null && !NOT_A_GRANT.contains(e.reason()))
                .map(Episode::episodeId)
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * The episodes entitlement-service says are free for this viewer: the catalog's free ones, those their
     * paywall-experiment arm gives, and those an earlier exposure to an arm still gives after the experiment stopped
     * (only entitlement-service records exposures, docs/decisions/0036-paywall-experiments.md). They are never sold
     * (400 {@code free-episode}) nor counted as locked in a series price.
     */
    public Set<String> freeToViewer() {
        return episodes.stream()
                .filter(e -> e.allowed() && e.episodeId() != null && Episode.FREE.equals(e.reason()))
                .map(Episode::episodeId)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The episodes open to the viewer without a sale of ours: {@link #openByGrants} and {@link #freeToViewer}. */
    public Set<String> openWithoutOurSale() {
        return episodes.stream()
                .filter(e -> e.allowed() && e.episodeId() != null
                        && (Episode.FREE.equals(e.reason()) || !NOT_A_GRANT.contains(e.reason())))
                .map(Episode::episodeId)
                .collect(Collectors.toUnmodifiableSet());
    }
}
