package com.microdrama.entitlement.access;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether a user may watch an episode now, from the episode's catalog facts, the viewer's offer on its series
 * ({@link ExperimentOffer}: the episodes free for them, paywall experiments included) and the user's entitlements.
 *
 * <p>Precedence when several apply: free, episode-purchase, series-purchase, vip, promo. Permanent, paid-for
 * reasons come before time-limited ones, so the answer (and the catalog's "unlocked by" label) stays stable when a
 * VIP period or a promo ends. Among grants of the same kind the one lasting longest wins, so {@code validUntil}
 * is the latest moment that reason keeps access open.
 */
public final class AccessPolicy {

    private static final List<Map.Entry<GrantKind, Reason>> PRECEDENCE = List.of(
            Map.entry(GrantKind.EPISODE, Reason.EPISODE_PURCHASE),
            Map.entry(GrantKind.SERIES, Reason.SERIES_PURCHASE),
            Map.entry(GrantKind.VIP, Reason.VIP),
            Map.entry(GrantKind.PROMO, Reason.PROMO));

    /** null validUntil means "never ends", which outlasts any instant. */
    private static final Comparator<Grant> BY_DURATION =
            Comparator.comparing(Grant::validUntil, Comparator.nullsLast(Comparator.naturalOrder()));

    /** Only the catalog's own facts: no experiment, no exposure. */
    public AccessDecision decide(EpisodeFacts episode, Collection<Grant> grants, Instant now) {
        return decide(episode, ExperimentOffer.NONE, grants, now);
    }

    /**
     * An episode free for the viewer ({@link ExperimentOffer#free}) answers {@code free}, whatever opened it (the
     * catalog, their arm of a running experiment, an exposure): docs/decisions/0036-paywall-experiments.md adds no
     * reason of its own.
     */
    public AccessDecision decide(EpisodeFacts episode, ExperimentOffer offer, Collection<Grant> grants, Instant now) {
        if (offer.free(episode)) {
            return AccessDecision.allowed(Reason.FREE, null);
        }
        for (Map.Entry<GrantKind, Reason> step : PRECEDENCE) {
            Optional<Grant> best = grants.stream()
                    .filter(g -> g.kind() == step.getKey())
                    .filter(g -> g.activeAt(now))
                    .filter(g -> g.covers(episode))
                    .max(BY_DURATION);
            if (best.isPresent()) {
                return AccessDecision.allowed(step.getValue(), best.get().validUntil());
            }
        }
        return AccessDecision.denied();
    }
}
