package com.microdrama.payment.store.play;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.services.androidpublisher.model.InAppProduct;
import com.google.api.services.androidpublisher.model.Money;
import com.google.api.services.androidpublisher.model.Price;
import com.google.api.services.androidpublisher.model.ProductPurchase;
import com.google.api.services.androidpublisher.model.SubscriptionPurchaseLineItem;
import com.google.api.services.androidpublisher.model.SubscriptionPurchaseV2;
import com.microdrama.outbox.Outbox;
import com.microdrama.payment.pack.PackPurchase;
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

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * Google Play's word (decision 0020): purchases the app reports are read back from the Android Publisher API (the
 * buyer is the purchase's {@code obfuscatedExternalAccountId}, which the app sets to our user id), credited or synced
 * once, then acknowledged (and coin packs consumed). Real-time developer notifications only say that something
 * changed: the purchase is read back again, so late, repeated and reordered pushes all land on Google's current state.
 */
@ApplicationScoped
public class PlayService {
    static final String PROVIDER = StoreProducts.PLAY;
    private static final int PURCHASED = 0;
    private static final int PENDING = 2;
    /** subscriptionNotification.notificationType REVOKED: refunded and ended by Google or the developer. */
    private static final int SUBSCRIPTION_REVOKED = 12;
    /** voidedPurchaseNotification.productType of a one-time product. */
    private static final int VOIDED_ONE_TIME = 2;

    private final PlayDeveloperApi api;
    private final PubSubPushVerifier pushes;
    private final StoreProducts products;
    private final StoreBilling billing;
    private final ProviderEventLog events;
    private final Outbox outbox;
    private final ObjectMapper json;
    private final Clock clock;
    private final WebhookMetrics metrics;

    public PlayService(PlayDeveloperApi api, PubSubPushVerifier pushes, StoreProducts products, StoreBilling billing,
                       ProviderEventLog events, Outbox outbox, ObjectMapper json, Clock clock, WebhookMetrics metrics) {
        this.metrics = metrics;
        this.api = api;
        this.pushes = pushes;
        this.products = products;
        this.billing = billing;
        this.events = events;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
    }

    // ---- the app's report ---------------------------------------------------------------------------------------

    /** A purchase the app completed with Play Billing: verified with Google, then credited or synced once. */
    public Uni<StorePurchaseView> purchase(String userId, String productId, String purchaseToken) {
        if (!api.enabled()) {
            return Uni.createFrom().failure(notEnabled());
        }
        return Panache.withSession(() -> products.resolve(PROVIDER, productId)).chain(product -> product.pack() != null
                ? onePurchase(userId, product, purchaseToken)
                : subscription(userId, product, purchaseToken, false));
    }

    private Uni<StorePurchaseView> onePurchase(String userId, StoreProducts.Product product, String token) {
        return api.productPurchase(product.productId(), token).chain(purchase -> {
            requireBuyer(userId, purchase.getObfuscatedExternalAccountId(), purchase.getOrderId());
            if (purchase.getPurchaseState() != null && purchase.getPurchaseState() == PENDING) {
                return Uni.createFrom().failure(new ProblemException(409, "store-purchase-pending", "Payment pending",
                        "Google Play has not received the money yet (pending payment); the coins come when it has",
                        Map.of("orderId", String.valueOf(purchase.getOrderId()))));
            }
            return charge(userId, product.productId(), token, purchase).chain(charge -> AfterCommit.counting(() -> Panache.withTransaction(
                            () -> billing.creditPack(charge, product)))
                    .invoke(outbox::afterCommit)
                    .call(() -> settle(product.productId(), token, purchase))
                    .map(p -> StorePurchaseView.pack(PROVIDER, charge.transactionId(), product.productId(),
                            PackPurchaseView.of(p))));
        });
    }

    /** Acknowledged and consumed after our commit: a failure here is repaired by the next report or notification. */
    private Uni<Void> settle(String productId, String token, ProductPurchase purchase) {
        Uni<Void> acknowledged = Integer.valueOf(1).equals(purchase.getAcknowledgementState()) ? Uni.createFrom().voidItem()
                : api.acknowledgeProduct(productId, token);
        Uni<Void> consumed = Integer.valueOf(1).equals(purchase.getConsumptionState()) ? Uni.createFrom().voidItem()
                : api.consume(productId, token);
        return acknowledged.chain(() -> consumed)
                .onFailure().recoverWithUni(e -> {
                    Log.warnf("Play purchase %s credited but not acknowledged/consumed yet: %s", purchase.getOrderId(), e.toString());
                    return Uni.createFrom().voidItem();
                });
    }

    private Uni<StorePurchaseView> subscription(String userId, StoreProducts.Product product, String token,
                                                boolean revoked) {
        Instant readAt = now();
        return api.subscription(token).chain(theirs -> {
            String owner = theirs.getExternalAccountIdentifiers() == null ? null
                    : theirs.getExternalAccountIdentifiers().getObfuscatedExternalAccountId();
            requireBuyer(userId, owner, theirs.getLatestOrderId());
            return sync(userId, product, token, theirs, readAt, revoked)
                    .chain(() -> Panache.withSession(() -> billing.storeRow(PROVIDER, token)
                            .chain(row -> row == null || row.subscriptionId() == null ? Uni.createFrom().<Subscription>nullItem()
                                    : Subscription.<Subscription>findById(row.subscriptionId()))))
                    .map(s -> StorePurchaseView.subscription(PROVIDER, theirs.getLatestOrderId(), product.productId(),
                            s == null ? null : SubscriptionView.of(s)));
        });
    }

    /** Applies Google's state of a subscription, then acknowledges it (a new one must be, within three days). */
    private Uni<String> sync(String userId, StoreProducts.Product product, String token, SubscriptionPurchaseV2 theirs,
                             Instant readAt, boolean revoked) {
        StoreSubscriptionSnapshot snapshot = snapshot(token, product.productId(), theirs, readAt, revoked, now());
        StoreCharge charge = subscriptionCharge(userId, product.productId(), token, theirs);
        return AfterCommit.counting(() -> Panache.withTransaction(() -> billing.syncSubscription(PROVIDER, userId, product.plan(), snapshot, charge,
                        revoked ? "refunded by Google Play" : null)))
                .invoke(outbox::afterCommit)
                .call(() -> "ACKNOWLEDGEMENT_STATE_PENDING".equals(theirs.getAcknowledgementState())
                        && snapshot.status() != StoreSubscriptionSnapshot.Status.PENDING
                        ? api.acknowledgeSubscription(product.productId(), token)
                                .onFailure().recoverWithUni(e -> {
                                    Log.warnf("Play subscription %s not acknowledged yet: %s", token, e.toString());
                                    return Uni.createFrom().voidItem();
                                })
                        : Uni.createFrom().voidItem());
    }

    // ---- Real-time developer notifications ----------------------------------------------------------------------

    /** A Pub/Sub push: authenticated by its OIDC token, applied once per message id. */
    public Uni<ProviderEventLog.Result> notification(String authorization, PubSubPush push) {
        return pushes.verify(authorization).onFailure(ProblemException.class).invoke(refused -> {
            if ("invalid-push-token".equals(((ProblemException) refused).slug())) {
                metrics.invalidSignature(PROVIDER);
            }
        }).chain(() -> {
            PubSubPush.Message message = push == null ? null : push.message();
            String messageId = message == null || message.id() == null ? "" : message.id();
            JsonNode notification = decode(message);
            if (messageId.isBlank() || notification == null) {
                return Uni.createFrom().failure(ProblemException.badRequest("malformed-event", "Malformed push",
                        "A Pub/Sub push carries message.messageId and message.data (a developer notification)"));
            }
            String packageName = notification.path("packageName").asText("");
            if (!packageName.equals(api.packageName())) {
                return Uni.createFrom().item(new ProviderEventLog.Result(messageId, "other-package", false,
                        "ignored: notification for package " + packageName)).invoke(r -> metrics.delivered(PROVIDER, r));
            }
            String type = type(notification);
            // Google's state is read before the transaction (not while holding a wallet lock); a duplicate push reads
            // it too and then finds its message id recorded
            return apply(notification).chain(outcome -> events.once(PROVIDER, messageId, type, () -> Uni.createFrom().item(outcome)))
                    .invoke(result -> Log.infof("Play notification %s (%s): %s", result.eventId(), result.type(), result.outcome()));
        });
    }

    /** Applies the notification (each step in its own transaction, idempotent); the outcome is recorded after. */
    private Uni<String> apply(JsonNode n) {
        if (n.hasNonNull("testNotification")) {
            return Uni.createFrom().item("test notification received");
        }
        if (n.hasNonNull("subscriptionNotification")) {
            JsonNode s = n.path("subscriptionNotification");
            String token = s.path("purchaseToken").asText();
            return subscriptionChanged(token, s.path("notificationType").asInt() == SUBSCRIPTION_REVOKED);
        }
        if (n.hasNonNull("oneTimeProductNotification")) {
            JsonNode o = n.path("oneTimeProductNotification");
            return oneTimeChanged(o.path("sku").asText(), o.path("purchaseToken").asText());
        }
        if (n.hasNonNull("voidedPurchaseNotification")) {
            JsonNode v = n.path("voidedPurchaseNotification");
            String token = v.path("purchaseToken").asText();
            return v.path("productType").asInt() == VOIDED_ONE_TIME
                    ? voidedPack(token, v.path("orderId").asText())
                    : subscriptionChanged(token, true);
        }
        return Uni.createFrom().item("ignored: no notification this service handles");
    }

    private Uni<String> subscriptionChanged(String token, boolean revoked) {
        Instant readAt = now();
        return api.subscription(token).chain(theirs -> {
            SubscriptionPurchaseLineItem item = theirs.getLineItems() == null || theirs.getLineItems().isEmpty() ? null
                    : theirs.getLineItems().get(0);
            if (item == null) {
                return Uni.createFrom().item("ignored: subscription " + token + " has no line item");
            }
            String owner = theirs.getExternalAccountIdentifiers() == null ? null
                    : theirs.getExternalAccountIdentifiers().getObfuscatedExternalAccountId();
            return Panache.withSession(() -> billing.storeRow(PROVIDER, token)).chain(row -> {
                String userId = owner != null ? owner : row == null ? null : row.userId();
                if (userId == null) {
                    return Uni.createFrom().item("ignored: subscription " + token + " names no account");
                }
                return Panache.withSession(() -> products.resolve(PROVIDER, item.getProductId()))
                        .chain(product -> product.plan() == null
                                ? Uni.createFrom().item("ignored: " + item.getProductId() + " is not a VIP product")
                                : sync(userId, product, token, theirs, readAt, revoked))
                        .onFailure(ProblemException.class).recoverWithItem(e -> "ignored: " + e.getMessage());
            });
        });
    }

    private Uni<String> oneTimeChanged(String sku, String token) {
        return Panache.withSession(() -> products.resolve(PROVIDER, sku))
                .chain(product -> product.pack() == null ? Uni.createFrom().item("ignored: " + sku + " is not a coin pack")
                        : api.productPurchase(sku, token).chain(purchase -> {
                            if (purchase.getPurchaseState() == null || purchase.getPurchaseState() != PURCHASED
                                    || purchase.getObfuscatedExternalAccountId() == null) {
                                return Uni.createFrom().item("ignored: purchase " + purchase.getOrderId()
                                        + " is not paid or names no account");
                            }
                            String userId = purchase.getObfuscatedExternalAccountId();
                            return charge(userId, sku, token, purchase).chain(charge -> AfterCommit.counting(() -> Panache.withTransaction(
                                            () -> billing.creditPack(charge, product)))
                                    .invoke(outbox::afterCommit)
                                    .call(() -> settle(sku, token, purchase))
                                    .map(p -> "purchase " + p.id + " " + p.status + " (" + charge.transactionId() + ")"));
                        }))
                .onFailure(ProblemException.class).recoverWithItem(e -> "ignored: " + e.getMessage());
    }

    /**
     * Google's voided-purchase notice names the order, not our user: the purchase is read here only to learn whose
     * ledger to lock; StoreBilling reads it again under that lock, which is the read that decides.
     */
    private Uni<String> voidedPack(String token, String orderId) {
        return AfterCommit.counting(() -> Panache.withTransaction(() -> PackPurchase
                        .<PackPurchase>find("provider = ?1 and providerPaymentId = ?2", PROVIDER, orderId)
                        .firstResult()
                        .chain(purchase -> purchase == null
                                ? Uni.createFrom().item("ignored: no purchase for order " + orderId)
                                : billing.revokePack(new StoreCharge(PROVIDER, orderId, purchase.userId, purchase.packId,
                                        null, null, purchase.createdAt, null, now(), null, null, token), "refunded by Google Play"))))
                .invoke(outbox::afterCommit);
    }

    // ---- Google's shapes to ours ----------------------------------------------------------------------------------

    static StoreSubscriptionSnapshot snapshot(String token, String productId, SubscriptionPurchaseV2 theirs,
                                              Instant readAt, boolean revoked, Instant now) {
        SubscriptionPurchaseLineItem item = theirs.getLineItems() == null || theirs.getLineItems().isEmpty() ? null
                : theirs.getLineItems().get(0);
        Instant expires = item == null || item.getExpiryTime() == null ? null : Instant.parse(item.getExpiryTime());
        Boolean autoRenew = item == null || item.getAutoRenewingPlan() == null ? null
                : item.getAutoRenewingPlan().getAutoRenewEnabled();
        String state = theirs.getSubscriptionState() == null ? "" : theirs.getSubscriptionState();
        StoreSubscriptionSnapshot.Status status;
        Instant grace = null;
        if (revoked) {
            status = StoreSubscriptionSnapshot.Status.REVOKED;
        } else {
            switch (state) {
                case "SUBSCRIPTION_STATE_ACTIVE", "SUBSCRIPTION_STATE_CANCELED" -> status =
                        expires != null && expires.isAfter(now) ? StoreSubscriptionSnapshot.Status.ACTIVE
                                : StoreSubscriptionSnapshot.Status.EXPIRED;
                // during grace Google's expiryTime is the end of the grace period
                case "SUBSCRIPTION_STATE_IN_GRACE_PERIOD" -> {
                    status = expires != null ? StoreSubscriptionSnapshot.Status.GRACE : StoreSubscriptionSnapshot.Status.EXPIRED;
                    grace = expires;
                }
                case "SUBSCRIPTION_STATE_ON_HOLD" -> status = StoreSubscriptionSnapshot.Status.BILLING_RETRY;
                case "SUBSCRIPTION_STATE_PAUSED" -> status = StoreSubscriptionSnapshot.Status.PAUSED;
                case "SUBSCRIPTION_STATE_EXPIRED" -> status = StoreSubscriptionSnapshot.Status.EXPIRED;
                default -> status = StoreSubscriptionSnapshot.Status.PENDING;
            }
        }
        if ("SUBSCRIPTION_STATE_CANCELED".equals(state)) {
            autoRenew = false;
        }
        Instant start = theirs.getStartTime() == null ? null : Instant.parse(theirs.getStartTime());
        boolean trial = item != null && item.getOfferDetails() != null && item.getOfferDetails().getOfferTags() != null
                && item.getOfferDetails().getOfferTags().contains("free-trial");
        return new StoreSubscriptionSnapshot(token, productId, status,
                status == StoreSubscriptionSnapshot.Status.GRACE ? null : start,
                status == StoreSubscriptionSnapshot.Status.GRACE ? null : expires, grace, autoRenew, trial, readAt);
    }

    private StoreCharge subscriptionCharge(String userId, String productId, String token, SubscriptionPurchaseV2 theirs) {
        if (theirs.getLatestOrderId() == null) {
            return null;
        }
        SubscriptionPurchaseLineItem item = theirs.getLineItems() == null || theirs.getLineItems().isEmpty() ? null
                : theirs.getLineItems().get(0);
        Money price = item == null || item.getAutoRenewingPlan() == null ? null : item.getAutoRenewingPlan().getRecurringPrice();
        BigDecimal amount = price == null || price.getUnits() == null ? null
                : BigDecimal.valueOf(price.getUnits()).add(BigDecimal.valueOf(price.getNanos() == null ? 0 : price.getNanos(), 9))
                        .setScale(2, java.math.RoundingMode.HALF_UP);
        Instant start = theirs.getStartTime() == null ? now() : Instant.parse(theirs.getStartTime());
        Instant expires = item == null || item.getExpiryTime() == null ? null : Instant.parse(item.getExpiryTime());
        return new StoreCharge(PROVIDER, theirs.getLatestOrderId(), userId, productId, amount,
                price == null ? null : price.getCurrencyCode(), start, expires, null,
                theirs.getTestPurchase() != null ? "test" : "production", token, token);
    }

    /** The charge of a one-time purchase, priced by the product's price in the buyer's region (Play sets it). */
    private Uni<StoreCharge> charge(String userId, String productId, String token, ProductPurchase purchase) {
        return api.inAppProduct(productId)
                .onFailure().recoverWithNull()
                .map(product -> {
                    Price price = price(product, purchase.getRegionCode());
                    BigDecimal amount = price == null || price.getPriceMicros() == null ? null
                            : new BigDecimal(price.getPriceMicros()).movePointLeft(6).setScale(2, java.math.RoundingMode.HALF_UP);
                    Instant at = purchase.getPurchaseTimeMillis() == null ? now() : Instant.ofEpochMilli(purchase.getPurchaseTimeMillis());
                    Instant revoked = purchase.getPurchaseState() != null && purchase.getPurchaseState() == 1 ? now() : null;
                    return new StoreCharge(PROVIDER, purchase.getOrderId(), userId, productId, amount,
                            price == null ? null : price.getCurrency().toUpperCase(Locale.ROOT), at, null, revoked,
                            Integer.valueOf(0).equals(purchase.getPurchaseType()) ? "test" : "production", null, token);
                });
    }

    private static Price price(InAppProduct product, String region) {
        if (product == null) {
            return null;
        }
        if (region != null && product.getPrices() != null && product.getPrices().containsKey(region)) {
            return product.getPrices().get(region);
        }
        return product.getDefaultPrice();
    }

    private static void requireBuyer(String userId, String owner, String orderId) {
        if (owner == null || !owner.equals(userId)) {
            throw new ProblemException(403, "store-account-mismatch", "Bought by another account",
                    "The purchase's obfuscatedExternalAccountId is not this user's id: the app must set it to the"
                            + " signed-in user's id when it launches the billing flow",
                    Map.of("orderId", String.valueOf(orderId)));
        }
    }

    private JsonNode decode(PubSubPush.Message message) {
        if (message == null || message.data() == null) {
            return null;
        }
        try {
            return json.readTree(Base64.getDecoder().decode(message.data()));
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String type(JsonNode n) {
        for (String kind : new String[]{"subscriptionNotification", "oneTimeProductNotification"}) {
            if (n.hasNonNull(kind)) {
                return kind + "/" + n.path(kind).path("notificationType").asInt();
            }
        }
        if (n.hasNonNull("voidedPurchaseNotification")) {
            return "voidedPurchaseNotification/" + n.path("voidedPurchaseNotification").path("productType").asInt();
        }
        return n.hasNonNull("testNotification") ? "testNotification" : "unknown";
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    static ProblemException notEnabled() {
        return ProblemException.notFound("store-not-enabled", "Store not enabled",
                "This service does not sell through Google Play (payment.play.package-name is not set)");
    }
}
