package com.microdrama.storeemulator.appstore;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A subscription's renewal info as Apple signs it (JWSRenewalInfoDecodedPayload); absent fields are left out. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RenewalInfoPayload(
        String originalTransactionId,
        String autoRenewProductId,
        String productId,
        Integer autoRenewStatus,
        Boolean isInBillingRetryPeriod,
        Long gracePeriodExpiresDate,
        Integer expirationIntent,
        Long signedDate,
        String environment,
        Long recentSubscriptionStartDate,
        Long renewalDate,
        String currency,
        Long renewalPrice,
        String appAccountToken,
        String appTransactionId) {

    public RenewalInfoPayload signedAt(long at) {
        return new RenewalInfoPayload(originalTransactionId, autoRenewProductId, productId, autoRenewStatus,
                isInBillingRetryPeriod, gracePeriodExpiresDate, expirationIntent, at, environment, recentSubscriptionStartDate,
                renewalDate, currency, renewalPrice, appAccountToken, appTransactionId);
    }
}
