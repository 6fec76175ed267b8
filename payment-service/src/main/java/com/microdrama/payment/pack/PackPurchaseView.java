package com.microdrama.payment.pack;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.microdrama.events.payload.Money;

import java.time.Instant;

/**
 * {@code refundedAmount}: money refunded so far, absent when nothing was; a partially refunded purchase stays COMPLETED.
 * {@code failure}: why a FAILED purchase failed (the provider's decline code and message, or {@code abandoned}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PackPurchaseView(String purchaseId, PackPurchase.Status status, String packId, String provider,
                               String clientSecret, int coins, int bonusCoins, Money price, Instant createdAt,
                               Instant completedAt, Instant refundedAt, Money refundedAmount, PurchaseFailure failure) {

    /** {@code code}: Stripe's {@code decline_code}, else its error {@code code}, or {@code abandoned}. */
    public record PurchaseFailure(String code, String message) {
    }

    public static PackPurchaseView of(PackPurchase p) {
        // the client secret only matters while the app still has to finish the payment
        String secret = p.status == PackPurchase.Status.PENDING ? p.clientSecret : null;
        return new PackPurchaseView(p.id.toString(), p.status, p.packId, p.provider, secret, p.coins, p.bonusCoins,
                new Money(p.priceAmount.toPlainString(), p.currency), p.createdAt, p.completedAt, p.refundedAt,
                p.refundedAmount.signum() == 0 ? null : new Money(p.refundedAmount.toPlainString(), p.currency),
                p.status == PackPurchase.Status.FAILED && p.failureCode != null
                        ? new PurchaseFailure(p.failureCode, p.failureMessage) : null);
    }
}
