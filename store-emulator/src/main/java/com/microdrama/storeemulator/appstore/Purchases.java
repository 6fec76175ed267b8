package com.microdrama.storeemulator.appstore;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/**
 * What StoreKit 2 hands the app after a purchase, and the notification Apple's servers send for it: ONE_TIME_CHARGE
 * for a consumable or non-consumable, SUBSCRIBED (INITIAL_BUY, or RESUBSCRIBE in a group the account left) for a
 * subscription.
 */
@ApplicationScoped
public class Purchases {

    public record PurchaseRequest(String productId, String appAccountToken, String storefront, Boolean freeTrial) {
    }

    record Purchase(TransactionPayload transaction, RenewalInfoPayload renewalInfo, NotificationDraft notification) {
    }

    private final AppStoreCatalog catalog;
    private final AppStoreLedger ledger;

    public Purchases(AppStoreCatalog catalog, AppStoreLedger ledger) {
        this.catalog = catalog;
        this.ledger = ledger;
    }

    Purchase purchase(String bundleId, PurchaseRequest request) {
        if (request == null || request.productId() == null) {
            throw AppStoreErrors.badRequest("productId is required");
        }
        App app = catalog.app(bundleId);
        Product product = catalog.product(bundleId, request.productId());
        String token = accountToken(request.appAccountToken());
        String storefront = Storefronts.normalize(request.storefront());
        boolean trial = Boolean.TRUE.equals(request.freeTrial());
        if (trial && product.freeTrial() == null) {
            throw AppStoreErrors.badRequest("product " + product.productId() + " has no free trial");
        }
        return ledger.locked(() -> product.subscription()
                ? subscribe(app, product, token, storefront, trial)
                : buyOnce(app, product, token, storefront));
    }

    private Purchase buyOnce(App app, Product product, String token, String storefront) {
        long now = System.currentTimeMillis();
        String id = ledger.nextId();
        TransactionPayload transaction = new TransactionPayload(id, id, null, app.bundleId(), product.productId(), null,
                now, now, null, 1, product.type(), token, "PURCHASED", null, null, null, null, null, null, null,
                app.environment(), "PURCHASE", storefront, Storefronts.id(storefront), product.priceMilliunits(),
                product.currency(), ledger.appTransactionId(app.bundleId(), token));
        ledger.put(transaction);
        return new Purchase(transaction, null,
                new NotificationDraft(app, "ONE_TIME_CHARGE", null, transaction, null, null));
    }

    private Purchase subscribe(App app, Product product, String token, String storefront, boolean trial) {
        long now = System.currentTimeMillis();
        Subscription earlier = ledger.subscriptionOf(app.bundleId(), token, product.subscriptionGroupIdentifier()).orElse(null);
        if (earlier != null && !earlier.ended()) {
            throw AppStoreErrors.conflict("app account " + token + " is already subscribed in group "
                    + product.subscriptionGroupIdentifier() + " (originalTransactionId " + earlier.originalTransactionId + ")");
        }
        if (trial && earlier != null && earlier.trialUsed) {
            throw AppStoreErrors.badRequest("app account " + token + " already had the introductory offer of group "
                    + product.subscriptionGroupIdentifier());
        }
        String id = ledger.nextId();
        Subscription subscription = earlier != null ? earlier : new Subscription(id, app.bundleId(),
                product.subscriptionGroupIdentifier(), token, now, ledger.appTransactionId(app.bundleId(), token), product);
        StoreDuration length = trial ? product.trialDuration() : product.periodDuration();
        subscription.product = product;
        subscription.expiresDate = length.addTo(now);
        subscription.recentStartDate = now;
        subscription.autoRenew = true;
        subscription.billingRetry = false;
        subscription.gracePeriodExpiresDate = null;
        subscription.expirationIntent = null;
        subscription.status = Subscription.ACTIVE;
        subscription.trialUsed |= trial;
        TransactionPayload transaction = SubscriptionTransactions.next(subscription, id, ledger.nextId(), now,
                app.environment(), "PURCHASE", storefront, trial);
        subscription.latestTransactionId = id;
        ledger.put(subscription);
        ledger.put(transaction);
        RenewalInfoPayload renewalInfo = subscription.renewalInfo(app.environment());
        return new Purchase(transaction, renewalInfo, new NotificationDraft(app, "SUBSCRIBED",
                earlier != null ? "RESUBSCRIBE" : "INITIAL_BUY", transaction, renewalInfo, subscription.status));
    }

    private static String accountToken(String value) {
        if (value == null || value.isBlank()) {
            throw AppStoreErrors.badRequest("appAccountToken is required (the app sets it to the user's id, a UUID)");
        }
        try {
            return UUID.fromString(value.trim()).toString();
        } catch (IllegalArgumentException e) {
            throw AppStoreErrors.badRequest("appAccountToken must be a UUID: " + value);
        }
    }
}
