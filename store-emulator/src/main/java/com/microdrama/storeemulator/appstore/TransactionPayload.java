package com.microdrama.storeemulator.appstore;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A transaction as Apple signs it (JWSTransactionDecodedPayload, field for field); absent fields are left out.
 * {@code signedDate} is set each time it is signed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TransactionPayload(
        String originalTransactionId,
        String transactionId,
        String webOrderLineItemId,
        String bundleId,
        String productId,
        String subscriptionGroupIdentifier,
        Long purchaseDate,
        Long originalPurchaseDate,
        Long expiresDate,
        Integer quantity,
        String type,
        String appAccountToken,
        String inAppOwnershipType,
        Long signedDate,
        Integer revocationReason,
        Long revocationDate,
        Boolean isUpgraded,
        Integer offerType,
        String offerDiscountType,
        String offerPeriod,
        String environment,
        String transactionReason,
        String storefront,
        String storefrontId,
        Long price,
        String currency,
        String appTransactionId) {

    /** Apple's offerType for an introductory offer (a free trial is one). */
    public static final int INTRODUCTORY_OFFER = 1;
    /** Apple's revocationReason when the refund was for another reason than an issue in the app. */
    public static final int REVOKED_OTHER = 0;

    public TransactionPayload signedAt(long at) {
        return new TransactionPayload(originalTransactionId, transactionId, webOrderLineItemId, bundleId, productId,
                subscriptionGroupIdentifier, purchaseDate, originalPurchaseDate, expiresDate, quantity, type, appAccountToken,
                inAppOwnershipType, at, revocationReason, revocationDate, isUpgraded, offerType, offerDiscountType, offerPeriod,
                environment, transactionReason, storefront, storefrontId, price, currency, appTransactionId);
    }

    public TransactionPayload revoked(Integer reason, Long at) {
        return new TransactionPayload(originalTransactionId, transactionId, webOrderLineItemId, bundleId, productId,
                subscriptionGroupIdentifier, purchaseDate, originalPurchaseDate, expiresDate, quantity, type, appAccountToken,
                inAppOwnershipType, signedDate, reason, at, isUpgraded, offerType, offerDiscountType, offerPeriod,
                environment, transactionReason, storefront, storefrontId, price, currency, appTransactionId);
    }

    public boolean isRevoked() {
        return revocationDate != null;
    }
}
