package com.microdrama.payment.catalog;

import com.microdrama.events.experiment.PaywallExperiment;
import com.microdrama.events.experiment.PaywallVariant;
import com.microdrama.events.pricing.RegionalPricing;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * What one series offers one buyer: which episodes are free for them and what a paid one costs in their region
 * (docs/decisions/0036-paywall-experiments.md). Without a running experiment it is the catalog's own offer: the
 * episode's {@code free} flag and price, scaled by the region's tier. In an experiment the buyer's arm
 * ({@link PaywallExperiment#variantFor} of the token's subject) may give more first episodes for free and another base
 * price for every paid episode; the regional tier applies on top, an episode the catalog made free stays free, and the
 * bundle keeps its price. The arm's numbers come from the same {@link PaywallVariant} helpers that
 * {@code SeriesUpdated.episodeFreeFor}/{@code episodePriceFor} (and so catalog-service) use, so the price shown is
 * the price charged. Plain rules, unit-tested in {@code ViewerOfferTest}.
 *
 * @param experimentId  the experiment running on the series, null when none runs
 * @param variant       the buyer's arm of it, null when none runs
 * @param pricePercent  the series' tier for the buyer's region ({@link RegionalPricing#BASE_PERCENT} without one)
 */
public record ViewerOffer(String experimentId, PaywallVariant variant, int pricePercent) {

    public ViewerOffer {
        if ((experimentId == null) != (variant == null)) {
            throw new IllegalArgumentException("an arm belongs to an experiment: both or neither");
        }
    }

    /**
     * @param experiment   the experiment running on the series, null when none runs
     * @param userId       the buyer (the token's subject)
     * @param pricePercent the series' tier for the buyer's region
     */
    public static ViewerOffer of(PaywallExperiment experiment, String userId, int pricePercent) {
        if (experiment == null) {
            return catalogOnly(pricePercent);
        }
        return new ViewerOffer(experiment.experimentId(),
                experiment.variantFor(Objects.requireNonNull(userId, "userId")), pricePercent);
    }

    /** The catalog's own offer: no experiment runs (or no series state has arrived yet). */
    public static ViewerOffer catalogOnly(int pricePercent) {
        return new ViewerOffer(null, null, pricePercent);
    }

    /** The name of the buyer's arm, null without an experiment (what purchase events and unlock rows carry). */
    public String variantName() {
        return variant == null ? null : variant.name();
    }

    /**
     * Whether episode {@code number} is free for the buyer: the catalog made it free (its flag, or no price), or it
     * is among the first episodes their arm gives free ({@link PaywallVariant#givesFree}). Not the series'
     * {@code freeEpisodes}: that counts promotional free episodes later in the series too.
     */
    public boolean isFree(int number, boolean catalogFree, int catalogPriceCoins) {
        return catalogFree || catalogPriceCoins <= 0 || (variant != null && variant.givesFree(number));
    }

    /** The base price of a paid episode for the buyer, before the tier: their arm's, else the catalog's. */
    public int basePrice(int catalogPriceCoins) {
        return variant == null ? catalogPriceCoins : variant.episodePrice(catalogPriceCoins);
    }

    /** The price charged for a paid episode: {@link #basePrice} scaled by the region's tier. */
    public int price(int catalogPriceCoins) {
        return RegionalPricing.apply(basePrice(catalogPriceCoins), pricePercent);
    }

    /** Free-or-price of one episode for the buyer: empty when it is free for them, else the coins it costs. */
    public OptionalInt priceOf(int number, boolean catalogFree, int catalogPriceCoins) {
        return isFree(number, catalogFree, catalogPriceCoins) ? OptionalInt.empty()
                : OptionalInt.of(price(catalogPriceCoins));
    }

    /** The series' bundle in the buyer's region: an arm never changes it. */
    public int bundlePrice(int bundlePriceCoins) {
        return RegionalPricing.apply(bundlePriceCoins, pricePercent);
    }
}
