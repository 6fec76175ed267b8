package com.microdrama.storeemulator.appstore;

import jakarta.enterprise.context.ApplicationScoped;

/** REFUND and REFUND_REVERSED: Apple's support refunds a transaction, or takes the refund back. */
@ApplicationScoped
public class Refunds {

    private final AppStoreCatalog catalog;
    private final AppStoreLedger ledger;

    public Refunds(AppStoreCatalog catalog, AppStoreLedger ledger) {
        this.catalog = catalog;
        this.ledger = ledger;
    }

    NotificationDraft refund(String transactionId) {
        return ledger.locked(() -> {
            TransactionPayload transaction = ledger.transaction(transactionId);
            if (transaction.isRevoked()) {
                throw AppStoreErrors.conflict("transaction " + transactionId + " is already refunded or revoked");
            }
            TransactionPayload refunded = transaction.revoked(TransactionPayload.REVOKED_OTHER, System.currentTimeMillis());
            ledger.put(refunded);
            return draft("REFUND", refunded, Subscription.REVOKED);
        });
    }

    NotificationDraft reverse(String transactionId) {
        return ledger.locked(() -> {
            TransactionPayload transaction = ledger.transaction(transactionId);
            if (!transaction.isRevoked()) {
                throw AppStoreErrors.conflict("transaction " + transactionId + " is not refunded");
            }
            TransactionPayload restored = transaction.revoked(null, null);
            ledger.put(restored);
            boolean running = restored.expiresDate() != null && restored.expiresDate() > System.currentTimeMillis();
            return draft("REFUND_REVERSED", restored, running ? Subscription.ACTIVE : Subscription.EXPIRED);
        });
    }

    /** A subscription's refund also changes its status when it is of the latest period, and carries renewal info. */
    private NotificationDraft draft(String type, TransactionPayload transaction, int latestStatus) {
        App app = catalog.app(transaction.bundleId());
        if (transaction.subscriptionGroupIdentifier() == null) {
            return new NotificationDraft(app, type, null, transaction, null, null);
        }
        Subscription s = ledger.subscription(transaction.originalTransactionId());
        if (transaction.transactionId().equals(s.latestTransactionId)) {
            s.status = latestStatus;
        }
        return new NotificationDraft(app, type, null, transaction, s.renewalInfo(app.environment()), s.status);
    }
}
