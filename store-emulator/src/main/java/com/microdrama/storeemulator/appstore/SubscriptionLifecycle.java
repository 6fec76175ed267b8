package com.microdrama.storeemulator.appstore;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;

/** What happens to a subscription after its purchase, each change with the notification Apple sends for it. */
@ApplicationScoped
public class SubscriptionLifecycle {

    public record FailRequest(Boolean gracePeriod, String graceDuration) {
    }

    public record ExpireRequest(String subtype) {
    }

    public record AutoRenewRequest(Boolean enabled) {
    }

    /** EXPIRED subtypes and the expirationIntent Apple gives each. */
    private static final Map<String, Integer> EXPIRATION_INTENTS = Map.of(
            "VOLUNTARY", 1, "BILLING_RETRY", 2, "PRICE_INCREASE", 3, "PRODUCT_NOT_FOR_SALE", 4);

    private final AppStoreCatalog catalog;
    private final AppStoreLedger ledger;

    public SubscriptionLifecycle(AppStoreCatalog catalog, AppStoreLedger ledger) {
        this.catalog = catalog;
        this.ledger = ledger;
    }

    /** DID_RENEW: the next period is paid; BILLING_RECOVERY when it had failed before. */
    NotificationDraft renew(String originalTransactionId) {
        return ledger.locked(() -> {
            Subscription s = running(originalTransactionId);
            if (!s.autoRenew) {
                throw AppStoreErrors.conflict("auto-renew is off for " + originalTransactionId + "; it can only expire");
            }
            App app = catalog.app(s.bundleId);
            boolean recovery = s.billingRetry;
            long start = Math.max(s.expiresDate, System.currentTimeMillis());
            s.expiresDate = s.product.periodDuration().addTo(start);
            s.billingRetry = false;
            s.gracePeriodExpiresDate = null;
            s.expirationIntent = null;
            s.status = Subscription.ACTIVE;
            String storefront = ledger.transaction(s.latestTransactionId).storefront();
            TransactionPayload transaction = SubscriptionTransactions.next(s, ledger.nextId(), ledger.nextId(), start,
                    app.environment(), "RENEWAL", storefront, false);
            s.latestTransactionId = transaction.transactionId();
            ledger.put(transaction);
            return draft(app, s, "DID_RENEW", recovery ? "BILLING_RECOVERY" : null);
        });
    }

    /** DID_FAIL_TO_RENEW: billing retry, with a grace period (access kept, subtype GRACE_PERIOD) or without. */
    NotificationDraft failRenewal(String originalTransactionId, FailRequest request) {
        boolean grace = request != null && Boolean.TRUE.equals(request.gracePeriod());
        StoreDuration graceLength = grace ? StoreDuration.parse(
                request.graceDuration() == null ? "P6D" : request.graceDuration(), "graceDuration") : null;
        return ledger.locked(() -> {
            Subscription s = running(originalTransactionId);
            if (s.status != Subscription.ACTIVE) {
                throw AppStoreErrors.conflict(originalTransactionId + " is already in billing retry");
            }
            s.billingRetry = true;
            s.gracePeriodExpiresDate = grace ? graceLength.addTo(s.expiresDate) : null;
            s.status = grace ? Subscription.GRACE_PERIOD : Subscription.BILLING_RETRY;
            return draft(catalog.app(s.bundleId), s, "DID_FAIL_TO_RENEW", grace ? "GRACE_PERIOD" : null);
        });
    }

    /** GRACE_PERIOD_EXPIRED: billing retry goes on, without access. */
    NotificationDraft graceExpired(String originalTransactionId) {
        return ledger.locked(() -> {
            Subscription s = running(originalTransactionId);
            if (s.status != Subscription.GRACE_PERIOD) {
                throw AppStoreErrors.conflict(originalTransactionId + " is not in a grace period");
            }
            s.status = Subscription.BILLING_RETRY;
            return draft(catalog.app(s.bundleId), s, "GRACE_PERIOD_EXPIRED", null);
        });
    }

    /** EXPIRED with the reason as subtype and as the renewal info's expirationIntent. */
    NotificationDraft expire(String originalTransactionId, ExpireRequest request) {
        String subtype = request == null || request.subtype() == null ? "VOLUNTARY" : request.subtype();
        Integer intent = EXPIRATION_INTENTS.get(subtype);
        if (intent == null) {
            throw AppStoreErrors.badRequest("subtype must be one of " + EXPIRATION_INTENTS.keySet());
        }
        return ledger.locked(() -> {
            Subscription s = running(originalTransactionId);
            s.status = Subscription.EXPIRED;
            s.autoRenew = false;
            s.billingRetry = false;
            s.expirationIntent = intent;
            return draft(catalog.app(s.bundleId), s, "EXPIRED", subtype);
        });
    }

    /** DID_CHANGE_RENEWAL_STATUS: the user turned auto-renew off or on again. */
    NotificationDraft autoRenew(String originalTransactionId, AutoRenewRequest request) {
        if (request == null || request.enabled() == null) {
            throw AppStoreErrors.badRequest("enabled (true or false) is required");
        }
        boolean enabled = request.enabled();
        return ledger.locked(() -> {
            Subscription s = running(originalTransactionId);
            if (s.autoRenew == enabled) {
                throw AppStoreErrors.conflict("auto-renew of " + originalTransactionId + " is already " + (enabled ? "on" : "off"));
            }
            s.autoRenew = enabled;
            return draft(catalog.app(s.bundleId), s, "DID_CHANGE_RENEWAL_STATUS",
                    enabled ? "AUTO_RENEW_ENABLED" : "AUTO_RENEW_DISABLED");
        });
    }

    /** REVOKE: access through Family Sharing ends; the latest transaction carries the revocation. */
    NotificationDraft revoke(String originalTransactionId) {
        return ledger.locked(() -> {
            Subscription s = running(originalTransactionId);
            ledger.put(ledger.transaction(s.latestTransactionId)
                    .revoked(TransactionPayload.REVOKED_OTHER, System.currentTimeMillis()));
            s.status = Subscription.REVOKED;
            return draft(catalog.app(s.bundleId), s, "REVOKE", null);
        });
    }

    private Subscription running(String originalTransactionId) {
        Subscription s = ledger.subscription(originalTransactionId);
        if (s.ended()) {
            throw AppStoreErrors.conflict(originalTransactionId + " has ended (status " + s.status
                    + "); the account may buy the group again (RESUBSCRIBE)");
        }
        return s;
    }

    private NotificationDraft draft(App app, Subscription s, String type, String subtype) {
        return new NotificationDraft(app, type, subtype, ledger.transaction(s.latestTransactionId),
                s.renewalInfo(app.environment()), s.status);
    }
}
