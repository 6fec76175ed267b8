package com.microdrama.storeemulator.appstore;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Transactions and subscriptions as Apple's servers hold them; read and changed only inside {@link #locked}. */
@ApplicationScoped
public class AppStoreLedger {

    private final Map<String, TransactionPayload> transactions = new HashMap<>();
    private final Map<String, Subscription> subscriptions = new HashMap<>();
    private final Map<String, String> appTransactionIds = new HashMap<>();
    private final AppStoreIds ids;

    public AppStoreLedger(AppStoreIds ids) {
        this.ids = ids;
    }

    public synchronized <T> T locked(Supplier<T> work) {
        return work.get();
    }

    void put(TransactionPayload transaction) {
        transactions.put(transaction.transactionId(), transaction);
    }

    TransactionPayload transaction(String transactionId) {
        TransactionPayload transaction = transactions.get(transactionId);
        if (transaction == null) {
            throw AppStoreErrors.notFound("no transaction " + transactionId);
        }
        return transaction;
    }

    void put(Subscription subscription) {
        subscriptions.put(subscription.originalTransactionId, subscription);
    }

    Subscription subscription(String originalTransactionId) {
        Subscription subscription = subscriptions.get(originalTransactionId);
        if (subscription == null) {
            throw AppStoreErrors.notFound("no subscription with originalTransactionId " + originalTransactionId);
        }
        return subscription;
    }

    Optional<Subscription> subscriptionOf(String bundleId, String appAccountToken, String group) {
        return subscriptions.values().stream().filter(s -> s.bundleId.equals(bundleId)
                && s.appAccountToken.equals(appAccountToken) && s.group.equals(group)).findFirst();
    }

    /** Apple's appTransactionId: one per app and account (one download of the app), here per app account token. */
    String appTransactionId(String bundleId, String appAccountToken) {
        return appTransactionIds.computeIfAbsent(bundleId + " " + appAccountToken, k -> ids.next());
    }

    String nextId() {
        return ids.next();
    }
}
