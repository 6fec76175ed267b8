package com.microdrama.payment.unlock;

import com.microdrama.events.pricing.SeriesUnlockPrice;

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

    /** What an admin or provider refund of an unlock in {@code status} does. */
    public enum RefundDecision { REFUND, ALREADY_REFUNDED, SUPERSEDED }

    /**
     * @param owned        episodes the buyer owns through ACTIVE episode unlocks
     * @param openByGrants episodes grants we did not sell open
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
