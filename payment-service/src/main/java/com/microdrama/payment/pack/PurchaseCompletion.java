package com.microdrama.payment.pack;

import com.microdrama.events.EventEnvelope;
import com.microdrama.events.EventTypes;
import com.microdrama.events.Topics;
import com.microdrama.events.payload.CoinsPurchased;
import com.microdrama.events.payload.Money;
import com.microdrama.outbox.Outbox;
import com.microdrama.payment.config.PaymentConfig;
import com.microdrama.payment.wallet.WalletLedger;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Turns a paid purchase into coins: credits the wallet, marks the purchase COMPLETED and appends CoinsPurchased,
 * all in the caller's transaction. Completing an already completed purchase does nothing, so the synchronous path
 * and a provider webhook (payment_intent.succeeded) can both call it; the ledger's unique (reference, type) is the
 * last line of defence.
 */
@ApplicationScoped
public class PurchaseCompletion {
    public static final String SOURCE = "/payment-service";

    private final WalletLedger ledger;
    private final Outbox outbox;
    private final PaymentConfig.Bonus bonusPolicy;
    private final Clock clock;
    private final PurchaseMetrics metrics;

    public PurchaseCompletion(WalletLedger ledger, Outbox outbox, PaymentConfig config, Clock clock,
                              PurchaseMetrics metrics) {
        this.metrics = metrics;
        this.ledger = ledger;
        this.outbox = outbox;
        this.bonusPolicy = config.bonus();
        this.clock = clock;
    }

    /** The purchase must be managed by the current session and locked or freshly created by this transaction. */
    public Uni<PackPurchase> complete(PackPurchase purchase) {
        if (purchase.status == PackPurchase.Status.COMPLETED) {
            return Uni.createFrom().item(purchase);
        }
        // FAILED can still complete: the provider may report a failed attempt and later a successful retry
        if (purchase.status != PackPurchase.Status.PENDING && purchase.status != PackPurchase.Status.FAILED) {
            return Uni.createFrom().failure(new IllegalStateException(
                    "purchase " + purchase.id + " is " + purchase.status + " and cannot complete"));
        }
        // the pack's bonus coins start to age when they reach the wallet, not when the purchase was started
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return ledger.lock(purchase.userId)
                .chain(wallet -> ledger.credit(wallet, purchase.coins, purchase.bonusCoins, purchase.reference(),
                        bonusPolicy.expiresAt(purchase.packId, now)))
                .chain(after -> {
                    purchase.status = PackPurchase.Status.COMPLETED;
                    purchase.completedAt = now;
                    metrics.completed(purchase);
                    CoinsPurchased data = new CoinsPurchased(purchase.id.toString(), purchase.userId, purchase.packId,
                            purchase.coins, purchase.bonusCoins,
                            new Money(purchase.priceAmount.toPlainString(), purchase.currency), purchase.provider, now);
                    EventEnvelope event = EventEnvelope.of(SOURCE, EventTypes.COINS_PURCHASED, purchase.userId, data);
                    return outbox.append(Topics.PAYMENT_EVENTS, purchase.userId, event);
                })
                .replaceWith(purchase);
    }
}
