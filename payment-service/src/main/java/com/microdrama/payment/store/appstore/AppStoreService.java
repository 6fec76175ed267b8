package com.microdrama.payment.store.appstore;

import com.apple.itunes.storekit.model.Data;
import com.apple.itunes.storekit.model.JWSRenewalInfoDecodedPayload;
import com.apple.itunes.storekit.model.JWSTransactionDecodedPayload;
import com.apple.itunes.storekit.model.NotificationTypeV2;
import com.apple.itunes.storekit.model.OfferDiscountType;
import com.apple.itunes.storekit.model.ResponseBodyV2DecodedPayload;
import com.apple.itunes.storekit.model.Status;
import com.apple.itunes.storekit.model.Type;
import com.microdrama.outbox.Outbox;
import com.microdrama.payment.pack.PackPurchaseView;
import com.microdrama.payment.store.StoreBilling;
import com.microdrama.payment.store.StoreCharge;
import com.microdrama.payment.store.StoreProducts;
import com.microdrama.payment.store.StorePurchaseView;
import com.microdrama.payment.store.StoreSubscriptionSnapshot;
import com.microdrama.payment.subscription.Subscription;
import com.microdrama.payment.subscription.SubscriptionViews.SubscriptionView;
import com.microdrama.payment.webhook.ProviderEventLog;
import com.microdrama.payment.webhook.WebhookMetrics;
import com.microdrama.support.problem.ProblemException;
import com.microdrama.support.metrics.AfterCommit;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The App Store's word (decision 0020): signed transactions the app hands over after a StoreKit 2 purchase, and App
 * Store Server Notifications V2. Both are verified by {@link AppStoreVerifier} before anything is read; the buyer is
 * the transaction's {@code appAccountToken}, which the app sets to our user id when it starts the purchase.
 */
@ApplicationScoped
public class AppStoreService {
    static final String PROVIDER = StoreProducts.APP_STORE;

    private final AppStoreVerifier verifier;
    private final StoreProducts products;
    private final StoreBilling billing;
    private final ProviderEventLog events;
    private final Outbox outbox;
    private final Clock clock;
    private final WebhookMetrics metrics;

    public AppStoreService(AppStoreVerifier verifier, StoreProducts products, StoreBilling billing,
                           ProviderEventLog events, Outbox outbox, Clock clock, WebhookMetrics metrics) {
        this.metrics = metrics;
        this.verifier = verifier;
        this.products = products;
        this.billing = billing;
        this.events = events;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * A transaction the app received (its {@code jwsRepresentation}): the pack is credited or the subscription
     * follows the transaction, once; calling again answers the same. 403 when it was bought for another account.
     */
    public Uni<StorePurchaseView> transaction(String userId, String signedTransaction) {
        if (signedTransaction == null || signedTransaction.isBlank()) {
            throw ProblemException.badRequest("missing-signed-transaction", "Missing signed transaction",
                    "signedTransaction (the transaction's JWS representation) is required");
        }
        JWSTransactionDecodedPayload tx = verifier.transaction(signedTransaction);
        String owner = owner(tx);
        if (owner == null || !owner.equalsIgnoreCase(userId)) {
            throw new ProblemException(403, "store-account-mismatch", "Bought by another account",
                    "The transaction's appAccountToken is not this user's id: the app must set it to the signed-in"
                            + " user's id when it starts the purchase", Map.of("transactionId", tx.getTransactionId()));
        }
        return AfterCommit.counting(() -> Panache.withTransaction(() -> products.resolve(PROVIDER, tx.getProductId()).chain(product -> {
                    StoreCharge charge = charge(tx, userId);
                    if (product.pack() != null) {
                        return billing.creditPack(charge, product)
                                .map(p -> StorePurchaseView.pack(PROVIDER, tx.getTransactionId(), tx.getProductId(),
                                        PackPurchaseView.of(p)));
                    }
                    StoreSubscriptionSnapshot snapshot = snapshot(tx, null, null, instant(tx.getSignedDate()), clock.instant());
                    return billing.syncSubscription(PROVIDER, userId, product.plan(), snapshot, charge, null)
                            .chain(outcome -> billing.storeRow(PROVIDER, tx.getOriginalTransactionId()))
                            .chain(row -> row == null || row.subscriptionId() == null ? Uni.createFrom().<Subscription>nullItem()
                                    : Subscription.<Subscription>findById(row.subscriptionId()))
                            .map(s -> StorePurchaseView.subscription(PROVIDER, tx.getTransactionId(), tx.getProductId(),
                                    s == null ? null : SubscriptionView.of(s)));
                })))
                .invoke(outbox::afterCommit);
    }

    /** An App Store Server Notification V2: applied once per notificationUUID. */
    public Uni<ProviderEventLog.Result> notification(String signedPayload) {
        if (signedPayload == null || signedPayload.isBlank()) {
            throw ProblemException.badRequest("malformed-event", "Malformed notification",
                    "An App Store Server Notification carries signedPayload");
        }
        ResponseBodyV2DecodedPayload n;
        try {
            n = verifier.notification(signedPayload);
        } catch (ProblemException refused) {
            if ("invalid-store-signature".equals(refused.slug())) {
                metrics.invalidSignature(PROVIDER);
            }
            throw refused;
        }
        String type = n.getRawNotificationType() + (n.getRawSubtype() == null ? "" : "/" + n.getRawSubtype());
        return events.once(PROVIDER, n.getNotificationUUID(), type, () -> apply(n))
                .invoke(result -> {
                    Log.infof("App Store notification %s (%s): %s", result.eventId(), result.type(), result.outcome());
                    if (!result.duplicate()) {
                        outbox.afterCommit();
                    }
                });
    }

    private Uni<String> apply(ResponseBodyV2DecodedPayload n) {
        NotificationTypeV2 type = n.getNotificationType();
        Data data = n.getData();
        if (type == NotificationTypeV2.TEST) {
            return Uni.createFrom().item("test notification received");
        }
        if (data == null || data.getSignedTransactionInfo() == null) {
            return Uni.createFrom().item("ignored: " + n.getRawNotificationType() + " carries no transaction");
        }
        JWSTransactionDecodedPayload tx = verifier.transaction(data.getSignedTransactionInfo());
        JWSRenewalInfoDecodedPayload renewal = data.getSignedRenewalInfo() == null ? null
                : verifier.renewalInfo(data.getSignedRenewalInfo());
        return ownerOf(tx).chain(owner -> {
            if (owner == null) {
                return Uni.createFrom().item("ignored: transaction " + tx.getTransactionId()
                        + " has no appAccountToken and its subscription is unknown here");
            }
            return products.resolve(PROVIDER, tx.getProductId())
                    .onFailure(ProblemException.class).recoverWithNull()
                    .chain(product -> {
                        if (product == null) {
                            return Uni.createFrom().item("ignored: product " + tx.getProductId() + " is not mapped");
                        }
                        StoreCharge charge = charge(tx, owner);
                        if (product.pack() != null) {
                            return pack(type, charge, product, tx);
                        }
                        StoreSubscriptionSnapshot snapshot = snapshot(tx, renewal, data, instant(n.getSignedDate()), clock.instant());
                        String reason = type == NotificationTypeV2.REFUND ? "refunded by the App Store"
                                : type == NotificationTypeV2.REVOKE ? "revoked by the App Store (family sharing)" : null;
                        return billing.syncSubscription(PROVIDER, owner, product.plan(), snapshot, charge, reason);
                    });
        });
    }

    private Uni<String> pack(NotificationTypeV2 type, StoreCharge charge, StoreProducts.Product product,
                             JWSTransactionDecodedPayload tx) {
        if (type == NotificationTypeV2.REFUND || type == NotificationTypeV2.REVOKE) {
            return billing.revokePack(charge, "refunded by the App Store");
        }
        if (type == NotificationTypeV2.REFUND_REVERSED) {
            return billing.restorePack(charge);
        }
        if (type == NotificationTypeV2.ONE_TIME_CHARGE) {
            return billing.creditPack(charge, product)
                    .map(p -> "purchase " + p.id + " " + p.status + " (" + tx.getTransactionId() + ")")
                    .onFailure(ProblemException.class).recoverWithItem(e -> "ignored: " + e.getMessage());
        }
        return Uni.createFrom().item("ignored: " + type + " changes nothing for a coin pack");
    }

    /**
     * The subscription as the signed data states it. A notification's {@code status} says it directly; a bare
     * transaction is active until it expires unless revoked. A refunded or revoked transaction that covers now takes
     * access back.
     */
    static StoreSubscriptionSnapshot snapshot(JWSTransactionDecodedPayload tx, JWSRenewalInfoDecodedPayload renewal,
                                              Data data, Instant stateAt, Instant now) {
        Instant expires = instant(tx.getExpiresDate());
        Instant grace = renewal == null ? null : instant(renewal.getGracePeriodExpiresDate());
        Status status = data == null ? null : data.getStatus();
        StoreSubscriptionSnapshot.Status ours;
        if (tx.getRevocationDate() != null && (expires == null || expires.isAfter(now) || status == Status.REVOKED)) {
            ours = StoreSubscriptionSnapshot.Status.REVOKED;
        } else if (status == Status.REVOKED) {
            ours = StoreSubscriptionSnapshot.Status.REVOKED;
        } else if (status == Status.BILLING_GRACE_PERIOD && grace != null) {
            ours = StoreSubscriptionSnapshot.Status.GRACE;
        } else if (status == Status.BILLING_RETRY) {
            ours = StoreSubscriptionSnapshot.Status.BILLING_RETRY;
        } else if (status == Status.EXPIRED) {
            ours = StoreSubscriptionSnapshot.Status.EXPIRED;
        } else {
            ours = expires != null && expires.isAfter(now) ? StoreSubscriptionSnapshot.Status.ACTIVE
                    : StoreSubscriptionSnapshot.Status.EXPIRED;
        }
        Boolean autoRenew = renewal == null || renewal.getRawAutoRenewStatus() == null ? null
                : renewal.getRawAutoRenewStatus() == 1;
        boolean trial = tx.getOfferDiscountType() == OfferDiscountType.FREE_TRIAL;
        return new StoreSubscriptionSnapshot(tx.getOriginalTransactionId(), tx.getProductId(), ours,
                instant(tx.getPurchaseDate()), expires, grace, autoRenew, trial,
                stateAt != null ? stateAt : now);
    }

    private static StoreCharge charge(JWSTransactionDecodedPayload tx, String userId) {
        BigDecimal price = tx.getPrice() == null ? null : BigDecimal.valueOf(tx.getPrice(), 3).stripTrailingZeros();
        if (price != null && price.scale() < 2) {
            price = price.setScale(2);
        }
        String currency = tx.getCurrency() == null ? null : tx.getCurrency().toUpperCase(Locale.ROOT);
        boolean subscription = tx.getType() == Type.AUTO_RENEWABLE_SUBSCRIPTION;
        return new StoreCharge(PROVIDER, tx.getTransactionId(), userId, tx.getProductId(), price, currency,
                instant(tx.getPurchaseDate() != null ? tx.getPurchaseDate() : tx.getSignedDate()),
                instant(tx.getExpiresDate()), instant(tx.getRevocationDate()), tx.getRawEnvironment(),
                subscription ? tx.getOriginalTransactionId() : null, null);
    }

    /** The buyer: the appAccountToken, else whoever the store subscription already belongs to. */
    private Uni<String> ownerOf(JWSTransactionDecodedPayload tx) {
        String owner = owner(tx);
        if (owner != null || tx.getOriginalTransactionId() == null) {
            return Uni.createFrom().item(owner);
        }
        return billing.storeRow(PROVIDER, tx.getOriginalTransactionId()).map(row -> row == null ? null : row.userId());
    }

    private static String owner(JWSTransactionDecodedPayload tx) {
        UUID token = tx.getAppAccountToken();
        return token == null ? null : token.toString();
    }

    private static Instant instant(Long epochMillis) {
        return epochMillis == null ? null : Instant.ofEpochMilli(epochMillis);
    }

    static ProblemException notEnabled() {
        return ProblemException.notFound("store-not-enabled", "Store not enabled",
                "This service does not sell through the App Store (payment.app-store.bundle-id is not set)");
    }
}
