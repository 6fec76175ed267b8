package com.microdrama.payment.pack;

import com.microdrama.payment.wallet.WalletLedger;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * What the provider tells us later about a pack purchase's payment (webhooks). Runs in the caller's transaction,
 * holding the user's wallet lock and the purchase row lock, and answers with a short outcome for the event log.
 */
@ApplicationScoped
public class ProviderPaymentEvents {
    private final WalletLedger ledger;
    private final PurchaseCompletion completion;
    private final PurchaseMetrics metrics;

    public ProviderPaymentEvents(WalletLedger ledger, PurchaseCompletion completion, PurchaseMetrics metrics) {
        this.ledger = ledger;
        this.completion = completion;
        this.metrics = metrics;
    }

    /**
     * The payment succeeded: a PENDING (or FAILED, then retried) purchase completes and credits its coins, once.
     * {@code mismatch} compares the provider's payment with the purchase (amount, currency); a mismatch is answered
     * as the outcome and nothing is applied.
     */
    public Uni<String> succeeded(UUID purchaseId, String providerPaymentId,
                                 Function<PackPurchase, Optional<String>> mismatch) {
        return locked(purchaseId, providerPaymentId).chain(purchase -> {
            if (purchase == null) {
                return Uni.createFrom().item("ignored: no purchase for " + describe(purchaseId, providerPaymentId));
            }
            if (purchase.status == PackPurchase.Status.COMPLETED || purchase.status == PackPurchase.Status.REFUNDED) {
                return Uni.createFrom().item("ignored: purchase " + purchase.id + " is already " + purchase.status);
            }
            if (mismatch(purchase, providerPaymentId)) {
                // a signed payment naming our purchase that is not the one we created for it: never applied
                return Uni.createFrom().item("rejected: payment " + providerPaymentId + " is not the payment of purchase "
                        + purchase.id + " (" + purchase.providerPaymentId + ")");
            }
            Optional<String> disagreement = mismatch.apply(purchase);
            if (disagreement.isPresent()) {
                return Uni.createFrom().item("rejected: purchase " + purchase.id + ": " + disagreement.get());
            }
            if (purchase.providerPaymentId == null) {
                purchase.providerPaymentId = providerPaymentId;
            }
            return completion.complete(purchase).map(p -> "completed purchase " + p.id);
        });
    }

    /**
     * The payment failed (declined, or cancelled at the provider): a PENDING purchase becomes FAILED with the
     * provider's {@code code} and {@code message}; a completed one stays completed (events reorder).
     */
    public Uni<String> failed(UUID purchaseId, String providerPaymentId, String code, String message) {
        return locked(purchaseId, providerPaymentId).map(purchase -> {
            if (purchase == null) {
                return "ignored: no purchase for " + describe(purchaseId, providerPaymentId);
            }
            if (purchase.status != PackPurchase.Status.PENDING || mismatch(purchase, providerPaymentId)) {
                return "ignored: purchase " + purchase.id + " is " + purchase.status;
            }
            purchase.fail(code, message);
            metrics.failed(purchase.provider);
            return "purchase " + purchase.id + " failed: " + code;
        });
    }

    /** Finds the purchase by our id (metadata) or else by the provider's payment id, locking wallet then row. */
    private Uni<PackPurchase> locked(UUID purchaseId, String providerPaymentId) {
        String sql = purchaseId != null
                ? "select cast(id as text), user_id from pack_purchase where id = :key"
                : "select cast(id as text), user_id from pack_purchase where provider_payment_id = :key";
        if (purchaseId == null && providerPaymentId == null) {
            return Uni.createFrom().nullItem();
        }
        Object key = purchaseId != null ? purchaseId : providerPaymentId;
        return Panache.getSession()
                .chain(s -> s.createNativeQuery(sql).setParameter("key", key).getResultList())
                .chain((List<?> rows) -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom().nullItem();
                    }
                    Object[] row = (Object[]) rows.get(0);
                    UUID id = UUID.fromString(row[0].toString());
                    return ledger.lock(row[1].toString())
                            .chain(() -> PackPurchase.<PackPurchase>findById(id, LockModeType.PESSIMISTIC_WRITE));
                });
    }

    private static boolean mismatch(PackPurchase purchase, String providerPaymentId) {
        return providerPaymentId != null && purchase.providerPaymentId != null
                && !purchase.providerPaymentId.equals(providerPaymentId);
    }

    private static String describe(UUID purchaseId, String providerPaymentId) {
        return purchaseId != null ? "purchase " + purchaseId : "payment " + providerPaymentId;
    }
}
