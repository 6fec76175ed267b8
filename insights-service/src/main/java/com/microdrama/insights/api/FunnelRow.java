package com.microdrama.insights.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.microdrama.insights.funnel.FunnelCounts;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The funnel over a range, in total or for one day, region or language (only the row's own dimension is present).
 * Viewer counts are first times, so they add up across rows (FunnelCounts).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FunnelRow(
        @Schema(description = "The UTC day of this row (byDay rows)") String day,
        @Schema(description = "ISO 3166-1 alpha-2 region, ZZ when unknown (byRegion rows)") String region,
        @Schema(description = "Primary language, und when unknown (byLanguage rows)") String language,
        @Schema(description = "Playback authorizations") long plays,
        @Schema(description = "Signed-in viewers whose first play of the series fell in this row") long viewers,
        long paywallViews,
        @Schema(description = "Viewers who met the series' paywall for the first time in this row") long paywallViewers,
        @Schema(description = "Viewers whose first unlock of the series fell in this row") long payers,
        @Schema(description = "Payers who had met the paywall before their first unlock") long payersAfterPaywall,
        long episodeUnlocks,
        long seriesUnlocks,
        long coinsSpent,
        long refunds,
        long coinsRefunded,
        @Schema(description = "payersAfterPaywall / paywallViewers, 4 decimals; absent without paywall viewers")
        Double conversion) {

    static FunnelRow of(String day, String region, String language, FunnelCounts c) {
        Double conversion = c.paywallViewers == 0 ? null
                : Math.round(10_000.0 * c.payersAfterPaywall / c.paywallViewers) / 10_000.0;
        return new FunnelRow(day, region, language, c.plays, c.viewers, c.paywallViews, c.paywallViewers, c.payers,
                c.payersAfterPaywall, c.episodeUnlocks, c.seriesUnlocks, c.coinsSpent, c.refunds, c.coinsRefunded,
                conversion);
    }
}
