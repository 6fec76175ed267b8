package com.microdrama.insights.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.microdrama.insights.revenue.RevenueCounts;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Coin-pack money over a range, by currency and, per row kind, by day or provider. Amounts are decimal strings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RevenueRow(
        @Schema(description = "The UTC day (byDay rows)") String day,
        @Schema(description = "ISO 4217 currency the buyers paid in") String currency,
        @Schema(description = "stripe, app-store, play or sandbox (byProvider rows)") String provider,
        long purchases,
        @Schema(description = "What buyers paid, before fees and taxes", example = "4.99") String gross,
        long coinsSold,
        long refunds,
        @Schema(description = "What refunds gave back, partial refunds included", example = "1.00") String refunded,
        @Schema(description = "gross - refunded", example = "3.99") String net) {

    static RevenueRow of(String day, String currency, String provider, RevenueCounts c) {
        return new RevenueRow(day, currency, provider, c.purchases, c.gross.toPlainString(), c.coinsSold, c.refunds,
                c.refunded.toPlainString(), c.gross.subtract(c.refunded).toPlainString());
    }
}
