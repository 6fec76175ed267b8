package com.microdrama.payment.store;

import com.microdrama.payment.pack.PackPurchase;
import com.microdrama.payment.pack.PurchaseCompletion;
import com.microdrama.payment.refund.PackRefunds;
import com.microdrama.payment.refund.RefundService;
import com.microdrama.payment.subscription.Subscription;
import com.microdrama.payment.subscription.SubscriptionPlan;
import com.microdrama.payment.subscription.SubscriptionService;
import com.microdrama.payment.wallet.WalletLedger;
import com.microdrama.support.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a store's verified word does here (decision 0020), shared by the App Store and Google Play: a coin pack is
 * credited once per store transaction, taken back when the store refunds it and given back when it reverses that; a
 * store subscription's row follows the store's state ({@link StoreSync}), an older statement never overriding a newer
 * one. Every method runs inside the caller's transaction and takes the buyer's wallet lock first, like every other
 * event-writing transaction.
 */
@ApplicationScoped
public class StoreBilling {
    private final WalletLedger ledger;
    private final PurchaseCompletion completion;
    private final RefundService refunds;
    private final SubscriptionService subscriptions;
    private final Clock clock;

    public StoreBilling(WalletLedger ledger, PurchaseCompletion completion, RefundService refunds,
                        SubscriptionService subscriptions, Clock clock) {
        this.ledger = ledger;
        this.completion = completion;
        this.refunds = refunds;
        this.subscriptions = subscriptions;
        this.clock = clock;
    }

    // ---- coin packs ---------------------------------------------------------------------------------------------

    /**
     * Credits the pack of a verified store charge, once per store transaction: a repeated charge (the app's call and
     * the store's notification, retries) answers the same purchase. A charge the store already took back credits
     * nothing (409 store-transaction-revoked).
     */
    public Uni<PackPurchase> creditPack(StoreCharge charge, StoreProducts.Product product) {
        return ledger.lock(charge.userId())
                .chain(() -> PackPurchase.<PackPurchase>find("provider = ?1 and providerPaymentId = ?2",
                        charge.provider(), charge.transactionId()).<PackPurchase>firstResult())
                .chain(existing -> {
                    if (existing != null) {
                        if (!existing.userId.equals(charge.userId())) {
                            return Uni.createFrom().failure(otherAccount(charge));
                        }
                        return Uni.createFrom().item(existing);
                    }
                    return revokedBefore(charge).chain(revoked -> {
                        if (revoked || charge.revokedAt() != null) {
                            return Uni.createFrom().failure(new ProblemException(409, "store-transaction-revoked",
                                    "Refunded in the store", "The " + charge.provider() + " transaction "
                                    + charge.transactionId() + " was refunded or revoked; it buys nothing",
                                    Map.of("transactionId", charge.transactionId())));
                        }
                        return credit(charge, product);
                    });
                });
    }

    private Uni<PackPurchase> credit(StoreCharge charge, StoreProducts.Product product) {
        PackPurchase purchase = PackPurchase.start(charge.userId(), product.pack(), charge.provider(), now());
        purchase.providerPaymentId = charge.transactionId();
        if (charge.priceAmount() != null && charge.currency() != null) {
            // revenue is what the store charged, in the buyer's storefront currency
            purchase.priceAmount = charge.priceAmount();
            purchase.currency = charge.currency();
        }
        return purchase.<PackPurchase>persist()
                .chain(completion::complete)
                .call(completed -> record(charge, "coin-pack", completed));
    }

    /** The store's refund reached us before the purchase did: the transaction is on record as revoked. */
    private Uni<Boolean> revokedBefore(StoreCharge charge) {
        return Panache.getSession().chain(s -> s.createNativeQuery("select count(*) from store_transaction where provider"
                        + " = :provider and transaction_id = :id and revoked_at is not null", Long.class)
                .setParameter("provider", charge.provider())
                .setParameter("id", charge.transactionId())
                .getSingleResult()
                .map(count -> count > 0));
    }

    /** The store refunded or revoked a pack's transaction: its coins are clawed back (the wallet may go into debt). */
    public Uni<String> revokePack(StoreCharge charge, String reason) {
        return ledger.lock(charge.userId())
                .chain(() -> PackPurchase.<PackPurchase>find("provider = ?1 and providerPaymentId = ?2",
                        charge.provider(), charge.transactionId()).<PackPurchase>firstResult())
                .chain(purchase -> {
                    if (purchase == null) {
                        // remembered as revoked, so that the app reporting it later buys nothing
                        StoreCharge revoked = charge.revokedAt() != null ? charge : new StoreCharge(charge.provider(),
                                charge.transactionId(), charge.userId(), charge.productId(), charge.priceAmount(),
                                charge.currency(), charge.purchasedAt(), charge.expiresAt(), now(), charge.environment(),
                                charge.storeSubscriptionId(), charge.purchaseToken());
                        return record(revoked, "coin-pack", null).call(() -> markRevoked(revoked, revoked.revokedAt()))
                                .replaceWith("no purchase for " + charge.provider() + " transaction "
                                        + charge.transactionId() + " yet: recorded as revoked, it will buy nothing");
                    }
                    if (purchase.status == PackPurchase.Status.REFUNDED) {
                        return Uni.createFrom().item("ignored: purchase " + purchase.id + " is already refunded");
                    }
                    return refunds.refundPack(purchase.id, new PackRefunds.Rest(), null, reason, false,
                                    charge.provider(), charge.provider(), refundRef(charge))
                            .call(() -> markRevoked(charge, charge.revokedAt() != null ? charge.revokedAt() : now()))
                            .map(refund -> "purchase " + purchase.id + " refunded by " + charge.provider() + ": "
                                    + refund.coins + " coins");
                });
    }

    /** The store reversed its refund of a pack: the coins come back, once. */
    public Uni<String> restorePack(StoreCharge charge) {
        return ledger.lock(charge.userId())
                .chain(() -> refunds.providerRefundReversed(refundRef(charge), "refund reversed by " + charge.provider()))
                .call(() -> markRevoked(charge, null));
    }

    // ---- subscriptions ------------------------------------------------------------------------------------------

    /**
     * Moves the store subscription's row to the store's statement. A statement not newer than the last one applied
     * changes nothing; the charge it carries (a renewal's price) is recorded either way.
     */
    public Uni<String> syncSubscription(String provider, String userId, SubscriptionPlan plan,
                                        StoreSubscriptionSnapshot theirs, StoreCharge charge, String refundReason) {
        String ref = theirs.storeSubscriptionId();
        return ledger.lock(userId)
                .chain(() -> storeRow(provider, ref))
                .chain(row -> {
                    if (row != null && !row.userId().equals(userId)) {
                        return Uni.createFrom().item("rejected: " + provider + " subscription " + ref
                                + " belongs to another account");
                    }
                    Uni<Void> recorded = charge == null ? Uni.createFrom().voidItem()
                            : record(charge, "subscription", null).replaceWithVoid();
                    if (row != null && !theirs.stateAt().isAfter(row.stateAt())) {
                        return recorded.replaceWith("ignored: stale, the store's state of " + row.stateAt()
                                + " is newer than this one of " + theirs.stateAt());
                    }
                    return recorded.chain(() -> subscriptions.openByProviderRef(provider, ref))
                            .chain(open -> apply(provider, userId, plan, theirs, open, refundReason))
                            .call(subscriptionId -> saveStoreRow(provider, userId, plan, theirs, subscriptionId, row))
                            .chain(subscriptionId -> subscriptionId == null
                                    ? Uni.createFrom().item(provider + " subscription " + ref + " gives no access ("
                                            + theirs.status() + ")")
                                    : Subscription.<Subscription>findById(subscriptionId).map(s -> "subscription " + s.id
                                            + " is " + s.status + " (" + provider + ": " + theirs.status() + ")"));
                });
    }

    /** Applies the steps; answers the id of the row that now stands for the store subscription (null: none). */
    private Uni<UUID> apply(String provider, String userId, SubscriptionPlan plan,
                                      StoreSubscriptionSnapshot theirs, Subscription open, String refundReason) {
        List<StoreSync.Step> steps = StoreSync.steps(open == null ? null : open.state(), theirs, now());
        Uni<UUID> result = Uni.createFrom().item(open == null ? null : open.id);
        for (StoreSync.Step step : steps) {
            result = result.chain(current -> {
                if (step instanceof StoreSync.Start start) {
                    return subscriptions.startFromStore(userId, plan.id, provider, theirs.storeSubscriptionId(),
                            start.state()).map(s -> s.id);
                }
                if (step instanceof StoreSync.Change change) {
                    return subscriptions.changeFromStore(open, change.state(), change.eventType()).replaceWith(current);
                }
                return refunds.refundSubscription(open.id, refundReason == null ? "revoked by " + provider : refundReason,
                        false, provider, provider).replaceWith(current);
            });
        }
        return result;
    }

    // ---- records ------------------------------------------------------------------------------------------------

    /** The store subscription as last applied. */
    public record StoreRow(String userId, String planId, UUID subscriptionId, Instant stateAt) {
    }

    /** The store subscription's row, locked; null when unknown. */
    public Uni<StoreRow> storeRow(String provider, String storeSubscriptionId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "select user_id, plan_id, cast(subscription_id as text), state_at from store_subscription"
                                + " where provider = :provider and store_subscription_id = :id for update", Object[].class)
                .setParameter("provider", provider)
                .setParameter("id", storeSubscriptionId)
                .getResultList()
                .map(rows -> rows.isEmpty() ? null : new StoreRow(rows.get(0)[0].toString(), rows.get(0)[1].toString(),
                        rows.get(0)[2] == null ? null : UUID.fromString(rows.get(0)[2].toString()),
                        instant(rows.get(0)[3]))));
    }

    private Uni<Integer> saveStoreRow(String provider, String userId, SubscriptionPlan plan,
                                      StoreSubscriptionSnapshot theirs, UUID subscriptionId, StoreRow before) {
        Instant now = now();
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "insert into store_subscription (provider, store_subscription_id, user_id, product_id, plan_id,"
                                + " subscription_id, store_status, expires_at, auto_renew, state_at, created_at, updated_at)"
                                + " values (:provider, :id, :user, :product, :plan, :subscription, :status, :expires, :renew,"
                                + " :stateAt, :now, :now) on conflict (provider, store_subscription_id) do update set"
                                + " subscription_id = excluded.subscription_id, store_status = excluded.store_status,"
                                + " expires_at = excluded.expires_at, auto_renew = coalesce(excluded.auto_renew,"
                                + " store_subscription.auto_renew), state_at = excluded.state_at, updated_at = excluded.updated_at")
                .setParameter("provider", provider)
                .setParameter("id", theirs.storeSubscriptionId())
                .setParameter("user", userId)
                .setParameter("product", theirs.productId() == null ? "" : theirs.productId())
                .setParameter("plan", before != null ? before.planId() : plan.id)
                .setParameter("subscription", subscriptionId)
                .setParameter("status", theirs.status().name())
                .setParameter("expires", theirs.expiresAt())
                .setParameter("renew", theirs.autoRenew())
                .setParameter("stateAt", theirs.stateAt())
                .setParameter("now", now)
                .executeUpdate());
    }

    /**
     * Records the store's charge once (the first word on it wins, except that the purchase it credited is filled in;
     * a revocation is marked separately).
     */
    private Uni<Integer> record(StoreCharge charge, String kind, PackPurchase purchase) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "insert into store_transaction (provider, transaction_id, user_id, product_id, kind,"
                                + " pack_purchase_id, store_subscription_id, price_amount, currency, environment,"
                                + " purchased_at, expires_at, revoked_at, recorded_at, purchase_token) values (:provider,"
                                + " :id, :user, :product, :kind, :purchase, :subscription, :price, :currency, :environment,"
                                + " :purchased, :expires, :revoked, :now, :token) on conflict (provider, transaction_id) do update set"
                                + " pack_purchase_id = coalesce(store_transaction.pack_purchase_id, excluded.pack_purchase_id)")
                .setParameter("provider", charge.provider())
                .setParameter("id", charge.transactionId())
                .setParameter("user", charge.userId())
                .setParameter("product", charge.productId())
                .setParameter("kind", kind)
                .setParameter("purchase", purchase == null ? null : purchase.id)
                .setParameter("subscription", charge.storeSubscriptionId())
                .setParameter("price", charge.priceAmount())
                .setParameter("currency", charge.currency())
                .setParameter("environment", charge.environment())
                .setParameter("purchased", charge.purchasedAt())
                .setParameter("expires", charge.expiresAt())
                .setParameter("revoked", charge.revokedAt())
                .setParameter("now", now())
                .setParameter("token", charge.purchaseToken())
                .executeUpdate());
    }

    private Uni<Integer> markRevoked(StoreCharge charge, Instant revokedAt) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "update store_transaction set revoked_at = :revoked where provider = :provider and transaction_id = :id")
                .setParameter("revoked", revokedAt)
                .setParameter("provider", charge.provider())
                .setParameter("id", charge.transactionId())
                .executeUpdate());
    }

    /** The refund of a store charge is found again by this reference (its reversal). */
    private static String refundRef(StoreCharge charge) {
        return charge.provider() + ":" + charge.transactionId();
    }

    private static ProblemException otherAccount(StoreCharge charge) {
        return new ProblemException(403, "store-account-mismatch", "Bought by another account",
                "The " + charge.provider() + " transaction " + charge.transactionId() + " belongs to another account");
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof LocalDateTime l) {
            return l.toInstant(ZoneOffset.UTC);
        }
        return Instant.parse(value.toString());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
