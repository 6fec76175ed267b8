package com.microdrama.storeemulator.appstore;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An App Store Server Notification V2 as Apple signs it (ResponseBodyV2DecodedPayload). */
@JsonInclude(JsonInclude.Include.NON_NULL)
record NotificationPayload(String notificationType, String subtype, String notificationUUID, Data data, String version,
                           Long signedDate) {

    /** The notification's app and, for purchases, the signed transaction and renewal info and the status. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Data(Long appAppleId, String bundleId, String bundleVersion, String environment, String signedTransactionInfo,
                String signedRenewalInfo, Integer status) {
    }
}
