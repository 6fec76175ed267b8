package com.microdrama.payment.pack;

import com.microdrama.payment.config.PaymentConfig;
import com.microdrama.payment.provider.PaymentCancellation;
import com.microdrama.payment.provider.PaymentProvider;
import com.microdrama.payment.provider.SandboxPaymentProvider;
import com.microdrama.support.metrics.AfterCommit;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Pack purchases still PENDING {@code payment.purchase.abandon-after} after they started (decision 0019): the buyer
 * left, or 3-D Secure was never finished. Each is cancelled at the provider first, so it can no longer be paid, and
 * only then FAILED here ({@code abandoned}). When the provider refuses because the payment already succeeded or is
 * being processed, the purchase stays PENDING: that payment's own event completes or fails it.
 *
 * <p>One session to select, then per purchase the provider call without a session and a transaction of its own
 * (docs/conventions.md: batch jobs; no session held across an outbound call).
 */
@ApplicationScoped
public class AbandonedPurchases {
    static final String ABANDONED = "abandoned";

    private final PaymentProvider provider;
    private final ProviderPaymentEvents payments;
    private final Clock clock;
    private final Duration abandonAfter;
    private final int batchSize;

    public AbandonedPurchases(PaymentProvider provider, ProviderPaymentEvents payments, Clock clock,
                              PaymentConfig config) {
        this.provider = provider;
        this.payments = payments;
        this.clock = clock;
        this.abandonAfter = config.purchase().abandonAfter();
        this.batchSize = config.purchase().abandonBatchSize();
    }

    /** Returns how many purchases were cancelled. */
    public Uni<Integer> cancelDue() {
        // the sandbox's pending purchases wait for a hand-sent webhook (dev, tests); nobody is charged for them
        if (SandboxPaymentProvider.NAME.equals(provider.name())) {
            return Uni.createFrom().item(0);
        }
        return Panache.withSession(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                                "select cast(id as text), provider_payment_id from pack_purchase where status = 'PENDING'"
                                        + " and provider = :provider and provider_payment_id is not null"
                                        + " and created_at <= :cutoff order by created_at limit :limit", Object[].class)
                        .setParameter("provider", provider.name())
                        .setParameter("cutoff", clock.instant().minus(abandonAfter))
                        .setParameter("limit", batchSize)
                        .getResultList()))
                .chain((List<Object[]> rows) -> Multi.createFrom().iterable(rows)
                        .onItem().transformToUniAndConcatenate(row -> cancel(UUID.fromString(row[0].toString()),
                                        row[1].toString())
                                .onFailure().recoverWithItem(e -> {
                                    Log.warnf("Could not cancel abandoned purchase %s: %s", row[0], e.toString());
                                    return false;
                                }))
                        .collect().asList())
                .map(results -> (int) results.stream().filter(Boolean::booleanValue).count())
                .invoke(cancelled -> {
                    if (cancelled > 0) {
                        Log.infof("Cancelled %d abandoned pack purchases", cancelled);
                    }
                });
    }

    private Uni<Boolean> cancel(UUID purchaseId, String providerPaymentId) {
        return provider.cancelPayment(providerPaymentId).chain(result -> {
            if (result == PaymentCancellation.ALREADY_PAID) {
                Log.infof("Purchase %s is older than %s but its payment %s already succeeded or is processing:"
                        + " its event decides", purchaseId, abandonAfter, providerPaymentId);
                return Uni.createFrom().item(false);
            }
            return AfterCommit.counting(() -> Panache.withTransaction(() -> payments.failed(purchaseId, providerPaymentId, ABANDONED,
                            "Not paid within " + abandonAfter + "; cancelled at the provider")))
                    .map(outcome -> outcome.startsWith("purchase "));
        });
    }
}
