package com.microdrama.payment.unlock;

import com.microdrama.events.pricing.SeriesUnlockPrice;
import com.microdrama.payment.catalog.CatalogEpisode;
import com.microdrama.payment.catalog.ViewerOffer;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * What a series unlock costs a buyer who already has part of it open, and how it relates to the episode unlocks it
 * covers. Plain rules, unit-tested in {@code SeriesCoverageTest}.
 *
 * <ul>
 *   <li>Price: {@link SeriesUnlockPrice#of} = min(regional bundle price, the regional prices of the paid episodes
 *       still locked). An episode is open when the buyer owns an ACTIVE unlock of it or a grant we did not sell opens
 *       it (promo, region promo, admin grant); live VIP opens every episode. Nothing locked: nothing to sell.</li>
 *   <li>In a paywall experiment ({@link #paidFor}) the paid episodes are the buyer's arm's: those among its first free
 *       episodes are not paid (nor are those entitlement-service answers {@code free}: an arm or an earlier exposure
 *       gives them), the others cost the arm's price in the buyer's region; the bundle keeps its price
 *       (docs/decisions/0036-paywall-experiments.md).</li>
 *   <li>A series unlock supersedes the buyer's ACTIVE episode unlocks of that series. A superseded episode unlock is
 *       not refundable on its own (refund the series instead): giving its coins back would leave it open through the
 *       series, paid for by nobody. Refunding the series makes them ACTIVE again: they were paid separately, and the
 *       series price was lowered by exactly them.</li>
 * </ul>
 */
public final class SeriesCoverage {

    private SeriesCoverage() {
    }

    /** A published paid episode of the series at the buyer's regional price. */
    public record PaidEpisode(String episodeId, int regionalPrice) {
    }

    /**
     * The published catalog-paid episodes of a series as {@code offer} prices them for the buyer: those their arm
     * gives for free left out, the others at their price in the buyer's region.
     */
    public static List<PaidEpisode> paidFor(ViewerOffer offer, Collection<CatalogEpisode> episodes) {
        return episodes.stream()
                .filter(e -> !offer.isFree(e.number, e.free, e.priceCoins))
                .map(e -> new PaidEpisode(e.episodeId, offer.price(e.priceCoins)))
                .toList();
    }

    /** What an admin or provider refund of an unlock in {@code status} does. */
    public enum RefundDecision { REFUND, ALREADY_REFUNDED, SUPERSEDED }

    /**
     * @param owned        episodes the buyer owns through ACTIVE episode unlocks
     * @param openByGrants episodes open without a sale of ours: grants, and episodes free for this viewer
     * @param vip          whether the buyer's VIP is live now
     * @return the coins to charge; 0 = nothing left to sell
     */
    public static int price(int regionalBundle, Collection<PaidEpisode> paid, Set<String> owned,
                            Set<String> openByGrants, boolean vip) {
        if (vip) {
            return 0;
        }
        List<Integer> locked = paid.stream()
                .filter(e -> !owned.contains(e.episodeId()) && !openByGrants.contains(e.episodeId()))
                .map(PaidEpisode::regionalPrice)
                .toList();
        return SeriesUnlockPrice.of(regionalBundle, locked);
    }

    public static RefundDecision refundOf(ContentUnlock.Status status) {
        return switch (status) {
            case ACTIVE -> RefundDecision.REFUND;
            case REFUNDED -> RefundDecision.ALREADY_REFUNDED;
            case SUPERSEDED -> RefundDecision.SUPERSEDED;
        };
    }
}
