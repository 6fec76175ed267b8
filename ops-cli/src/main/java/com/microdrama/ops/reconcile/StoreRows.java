package com.microdrama.ops.reconcile;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What reconcile-provider compares for a store (Google Play; the App Store only against our own tables): our rows as
 * payment-service stored them (decision 0020) and the store's answers about the same purchases.
 */
public final class StoreRows {
    private StoreRows() {
    }

    /**
     * A coin pack bought in the store: {@code orderId} is the pack purchase's {@code provider_payment_id} (Play's
     * orderId), {@code purchaseToken} the token its store transaction keeps (null while payment-service keeps none),
     * {@code refundIds} the refund rows recorded for it (any source; a store refund is source {@code play}).
     */
    public record StorePack(String id, String userId, String status, String orderId, String productId,
                            String purchaseToken, List<String> refundIds) {
    }

    /**
     * A store subscription (Play: the purchase token) with its current row of ours ({@code subscriptionId} null when
     * it never had one); {@code refunded} when any of our rows for this store subscription has a refund row.
     */
    public record StoreSub(String token, String userId, String productId, String subscriptionId, String status,
                           boolean refunded) {
    }

    /** A purchase Google lists as voided (refunded, charged back or revoked). */
    public record Voided(String orderId, String purchaseToken, Instant voidedAt, Integer voidedSource,
                         Integer voidedReason) {
    }

    /** {@code purchases.products.get}: {@code purchaseState} 0 purchased, 1 canceled, 2 pending; null = Google has none. */
    public record ProductState(String purchaseToken, Integer purchaseState, String orderId) {
    }

    /** {@code purchases.subscriptionsv2.get}; {@code state} null = Google has no such subscription. */
    public record SubscriptionState(String token, String state, Instant expiry) {
    }

    /**
     * A store transaction the store took back ({@code revoked_at} set) that had credited a pack here: a pure-DB
     * check for the App Store, whose server API is not read.
     */
    public record RevokedCharge(String transactionId, String userId, String packPurchaseId, String packStatus,
                                Instant revokedAt, List<String> refundIds) {
    }

    /**
     * Both sides of one store check. {@code packs} and {@code subscriptions} also hold the partners of voided orders
     * and tokens, whatever their age. Every token of ours in scope was asked of the store: {@code products} and
     * {@code states} are keyed by purchase token, and a token absent from them is unknown to the store.
     */
    public record Snapshot(List<StorePack> packs, List<StoreSub> subscriptions, List<Voided> voided,
                           Map<String, ProductState> products, Map<String, SubscriptionState> states,
                           List<RevokedCharge> revoked, Instant now) {
    }
}
