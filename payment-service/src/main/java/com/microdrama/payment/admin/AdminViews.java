package com.microdrama.payment.admin;

import com.microdrama.payment.pack.PackPurchaseView;
import com.microdrama.payment.refund.RefundView;
import com.microdrama.payment.subscription.SubscriptionViews.SubscriptionView;
import com.microdrama.payment.unlock.ContentUnlock;
import com.microdrama.payment.wallet.WalletResource.WalletView;

import java.time.Instant;
import java.util.List;

public final class AdminViews {
    private AdminViews() {
    }

    public record AdjustmentView(String adjustmentId, String userId, long coins, String reason, String createdBy,
                                 Instant createdAt, long balance, long paidCoins, long bonusCoins) {
    }

    /** {@code region}: the buyer's region the price was taken for (absent: base price), {@code basePriceCoins} what it scaled. */
    public record UnlockView(String unlockId, String kind, String episodeId, String seriesId, int coinsSpent,
                             String status, Instant createdAt, Instant refundedAt, String region, Integer basePriceCoins) {
        static UnlockView of(ContentUnlock u) {
            return new UnlockView(u.id.toString(), u.kind.name(), u.episodeId, u.seriesId, u.coinsSpent, u.status.name(),
                    u.createdAt, u.refundedAt, u.region, u.basePriceCoins);
        }
    }

    public record StoredAdjustmentView(String adjustmentId, long coins, String reason, String createdBy,
                                       Instant createdAt) {
        static StoredAdjustmentView of(WalletAdjustment a) {
            return new StoredAdjustmentView(a.id.toString(), a.coins, a.reason, a.createdBy, a.createdAt);
        }
    }

    /** Newest first; each list holds at most the newest 100. */
    public record UserPaymentsView(String userId, WalletView wallet, List<PackPurchaseView> purchases,
                                   List<UnlockView> unlocks, List<SubscriptionView> subscriptions,
                                   List<RefundView> refunds, List<StoredAdjustmentView> adjustments) {
    }
}
