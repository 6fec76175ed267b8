package com.microdrama.catalog.experiment;

import com.microdrama.catalog.series.EpisodeView;
import com.microdrama.catalog.series.PlayableEpisode;
import com.microdrama.events.experiment.PaywallExperiment;
import com.microdrama.events.experiment.PaywallVariant;
import com.microdrama.events.pricing.RegionalPricing;

import java.util.List;

/**
 * What one viewer is offered on one series: the series' own offer, or their arm of the running paywall experiment
 * (docs/decisions/0036-paywall-experiments.md). Prices follow the same rule payment-service charges by: the arm's
 * base price scaled by the viewer's regional tier ({@link RegionalPricing}); what the catalog made free stays free.
 *
 * @param experiment null when no experiment runs or the viewer is not signed in
 * @param variant    the viewer's arm of it, null with it
 * @param percent    the series' tier in the viewer's region
 */
public record ViewerOffer(PaywallExperiment experiment, PaywallVariant variant, int percent) {
    private static final ViewerOffer NONE = new ViewerOffer(null, null, RegionalPricing.BASE_PERCENT);

    public static ViewerOffer none() {
        return NONE;
    }

    /** The arm of {@code userId} in {@code experiment} (none without either). */
    public static ViewerOffer of(PaywallExperiment experiment, String userId, int percent) {
        if (experiment == null || userId == null) {
            return NONE;
        }
        return new ViewerOffer(experiment, experiment.variantFor(userId), percent);
    }

    public boolean inExperiment() {
        return variant != null;
    }

    public String experimentId() {
        return experiment == null ? null : experiment.experimentId();
    }

    public String variantName() {
        return variant == null ? null : variant.name();
    }

    /** Whether episode {@code number} is free for the viewer: the catalog made it free, or their arm does. */
    public boolean free(int number, boolean catalogFree) {
        return catalogFree || (variant != null && variant.givesFree(number));
    }

    /** A paid episode's price for the viewer, given its catalog price in their region. */
    public int price(int regionalCatalogPrice) {
        if (variant == null || variant.episodePriceCoins() == null) {
            return regionalCatalogPrice;
        }
        return RegionalPricing.apply(variant.episodePriceCoins(), percent);
    }

    /** A series page's episodes as this viewer is offered them: free ones at 0, paid ones at their arm's price. */
    public List<EpisodeView> apply(List<EpisodeView> episodes) {
        if (variant == null) {
            return episodes;
        }
        return episodes.stream().map(e -> {
            if (e.free()) {
                return e;
            }
            if (free(e.number(), false)) {
                return e.withOffer(true, 0);
            }
            return e.withOffer(false, price(e.priceCoins()));
        }).toList();
    }

    /**
     * A paid episode at the viewer's price. Whether their arm makes it free is left to entitlement-service, which
     * remembers that it did (an exposure) so the viewer keeps it after the experiment stops.
     */
    public PlayableEpisode apply(PlayableEpisode episode) {
        if (variant == null || episode.free()) {
            return episode;
        }
        return episode.withPrice(price(episode.priceCoins()));
    }
}
