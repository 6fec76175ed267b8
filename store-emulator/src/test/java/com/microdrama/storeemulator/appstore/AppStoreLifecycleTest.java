package com.microdrama.storeemulator.appstore;

import com.apple.itunes.storekit.model.AutoRenewStatus;
import com.apple.itunes.storekit.model.Environment;
import com.apple.itunes.storekit.model.ExpirationIntent;
import com.apple.itunes.storekit.model.JWSRenewalInfoDecodedPayload;
import com.apple.itunes.storekit.model.JWSTransactionDecodedPayload;
import com.apple.itunes.storekit.model.NotificationTypeV2;
import com.apple.itunes.storekit.model.ResponseBodyV2DecodedPayload;
import com.apple.itunes.storekit.model.RevocationReason;
import com.apple.itunes.storekit.model.Status;
import com.apple.itunes.storekit.model.Subtype;
import com.apple.itunes.storekit.model.TransactionReason;
import com.apple.itunes.storekit.verification.SignedDataVerifier;
import com.fasterxml.jackson.databind.JsonNode;
import com.microdrama.storeemulator.delivery.NotificationReceiver;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every notification a subscription's life and a refund make, as Apple's SignedDataVerifier reads it. */
@QuarkusTest
class AppStoreLifecycleTest {

    @TestHTTPResource
    URL emulator;

    private AppStore store;
    private SignedDataVerifier verifier;

    private ResponseBodyV2DecodedPayload act(String path, String body) throws Exception {
        JsonNode answer = store.call("POST", "/_emulator/app-store" + path, body, 200);
        assertEquals("delivered", answer.at("/delivery/status").asText(), answer.toString());
        ResponseBodyV2DecodedPayload payload = verifier.verifyAndDecodeNotification(answer.get("signedPayload").asText());
        assertEquals(answer.get("notificationUUID").asText(), payload.getNotificationUUID());
        assertEquals(answer.get("signedDate").asLong(), payload.getSignedDate());
        assertEquals(payload.getNotificationType().toString(), answer.get("notificationType").asText());
        return payload;
    }

    private JWSTransactionDecodedPayload transaction(ResponseBodyV2DecodedPayload payload) throws Exception {
        return verifier.verifyAndDecodeTransaction(payload.getData().getSignedTransactionInfo());
    }

    private JWSRenewalInfoDecodedPayload renewal(ResponseBodyV2DecodedPayload payload) throws Exception {
        return verifier.verifyAndDecodeRenewalInfo(payload.getData().getSignedRenewalInfo());
    }

    @Test
    void aSubscriptionRenewsFailsRecoversAndExpires() throws Exception {
        store = AppStore.app(emulator, "lifecycle");
        verifier = store.verifier();
        JsonNode purchase = store.purchase("vip.weekly", UUID.randomUUID().toString(), false);
        String original = purchase.get("originalTransactionId").asText();
        JWSTransactionDecodedPayload first = verifier.verifyAndDecodeTransaction(purchase.get("signedTransaction").asText());
        String subscription = "/subscriptions/" + original;

        ResponseBodyV2DecodedPayload renewed = act(subscription + "/renew", null);
        assertEquals(NotificationTypeV2.DID_RENEW, renewed.getNotificationType());
        assertNull(renewed.getSubtype());
        assertEquals(Status.ACTIVE, renewed.getData().getStatus());
        JWSTransactionDecodedPayload second = transaction(renewed);
        assertEquals(original, second.getOriginalTransactionId());
        assertNotEquals(first.getTransactionId(), second.getTransactionId());
        assertNotEquals(first.getWebOrderLineItemId(), second.getWebOrderLineItemId());
        assertEquals(TransactionReason.RENEWAL, second.getTransactionReason());
        assertEquals(first.getExpiresDate(), second.getPurchaseDate());
        assertEquals(Duration.ofDays(7).toMillis(), second.getExpiresDate() - second.getPurchaseDate());
        assertEquals(4990L, second.getPrice());

        ResponseBodyV2DecodedPayload grace = act(subscription + "/fail-renewal", "{\"gracePeriod\":true}");
        assertEquals(NotificationTypeV2.DID_FAIL_TO_RENEW, grace.getNotificationType());
        assertEquals(Subtype.GRACE_PERIOD, grace.getSubtype());
        assertEquals(Status.BILLING_GRACE_PERIOD, grace.getData().getStatus());
        assertTrue(renewal(grace).getIsInBillingRetryPeriod());
        assertEquals(second.getExpiresDate() + Duration.ofDays(6).toMillis(), renewal(grace).getGracePeriodExpiresDate());
        assertEquals(second.getTransactionId(), transaction(grace).getTransactionId());

        ResponseBodyV2DecodedPayload graceOver = act(subscription + "/grace-expired", null);
        assertEquals(NotificationTypeV2.GRACE_PERIOD_EXPIRED, graceOver.getNotificationType());
        assertEquals(Status.BILLING_RETRY, graceOver.getData().getStatus());

        ResponseBodyV2DecodedPayload recovered = act(subscription + "/renew", null);
        assertEquals(NotificationTypeV2.DID_RENEW, recovered.getNotificationType());
        assertEquals(Subtype.BILLING_RECOVERY, recovered.getSubtype());
        assertFalse(renewal(recovered).getIsInBillingRetryPeriod());
        assertNull(renewal(recovered).getGracePeriodExpiresDate());

        ResponseBodyV2DecodedPayload retry = act(subscription + "/fail-renewal", "{\"gracePeriod\":false}");
        assertNull(retry.getSubtype());
        assertEquals(Status.BILLING_RETRY, retry.getData().getStatus());
        assertTrue(renewal(retry).getIsInBillingRetryPeriod());
        act(subscription + "/renew", null);

        ResponseBodyV2DecodedPayload off = act(subscription + "/auto-renew", "{\"enabled\":false}");
        assertEquals(NotificationTypeV2.DID_CHANGE_RENEWAL_STATUS, off.getNotificationType());
        assertEquals(Subtype.AUTO_RENEW_DISABLED, off.getSubtype());
        assertEquals(AutoRenewStatus.OFF, renewal(off).getAutoRenewStatus());
        store.call("POST", "/_emulator/app-store" + subscription + "/renew", null, 409);
        ResponseBodyV2DecodedPayload on = act(subscription + "/auto-renew", "{\"enabled\":true}");
        assertEquals(Subtype.AUTO_RENEW_ENABLED, on.getSubtype());
        assertEquals(AutoRenewStatus.ON, renewal(on).getAutoRenewStatus());

        ResponseBodyV2DecodedPayload expired = act(subscription + "/expire", "{\"subtype\":\"BILLING_RETRY\"}");
        assertEquals(NotificationTypeV2.EXPIRED, expired.getNotificationType());
        assertEquals(Subtype.BILLING_RETRY, expired.getSubtype());
        assertEquals(Status.EXPIRED, expired.getData().getStatus());
        assertEquals(ExpirationIntent.BILLING_ERROR, renewal(expired).getExpirationIntent());
        store.call("POST", "/_emulator/app-store" + subscription + "/renew", null, 409);

        List<Long> signedDates = new ArrayList<>();
        for (JsonNode n : store.call("GET", "/_emulator/app-store/notifications?bundleId=" + store.bundleId, null, 200)) {
            signedDates.add(n.get("signedDate").asLong());
            assertEquals("delivered", n.at("/delivery/status").asText());
        }
        assertEquals(10, signedDates.size());
        for (int i = 1; i < signedDates.size(); i++) {
            assertTrue(signedDates.get(i) > signedDates.get(i - 1), "signedDate strictly increasing: " + signedDates);
        }
        assertEquals(10, NotificationReceiver.received("lifecycle").size());
    }

    @Test
    void revokeRefundAndRefundReversed() throws Exception {
        store = AppStore.app(emulator, "refunds");
        verifier = store.verifier();
        String user = UUID.randomUUID().toString();
        JsonNode coins = store.purchase("coins.100", user, false);

        ResponseBodyV2DecodedPayload refund = act("/transactions/" + coins.get("transactionId").asText() + "/refund", null);
        assertEquals(NotificationTypeV2.REFUND, refund.getNotificationType());
        assertNull(refund.getData().getSignedRenewalInfo());
        assertNull(refund.getData().getStatus());
        JWSTransactionDecodedPayload refunded = transaction(refund);
        assertEquals(RevocationReason.REFUNDED_FOR_OTHER_REASON, refunded.getRevocationReason());
        assertTrue(refunded.getRevocationDate() != null);
        store.call("POST", "/_emulator/app-store/transactions/" + coins.get("transactionId").asText() + "/refund", null, 409);

        ResponseBodyV2DecodedPayload reversed = act("/transactions/" + coins.get("transactionId").asText() + "/refund-reversed", null);
        assertEquals(NotificationTypeV2.REFUND_REVERSED, reversed.getNotificationType());
        assertNull(transaction(reversed).getRevocationDate());
        assertNull(transaction(reversed).getRevocationReason());

        JsonNode vip = store.purchase("vip.weekly", user, false);
        ResponseBodyV2DecodedPayload subscriptionRefund = act("/transactions/" + vip.get("transactionId").asText() + "/refund", null);
        assertEquals(Status.REVOKED, subscriptionRefund.getData().getStatus());
        assertEquals(vip.get("originalTransactionId").asText(), renewal(subscriptionRefund).getOriginalTransactionId());
        ResponseBodyV2DecodedPayload subscriptionBack = act("/transactions/" + vip.get("transactionId").asText() + "/refund-reversed", null);
        assertEquals(Status.ACTIVE, subscriptionBack.getData().getStatus());

        ResponseBodyV2DecodedPayload revoke = act("/subscriptions/" + vip.get("originalTransactionId").asText() + "/revoke", null);
        assertEquals(NotificationTypeV2.REVOKE, revoke.getNotificationType());
        assertEquals(Status.REVOKED, revoke.getData().getStatus());
        assertEquals(RevocationReason.REFUNDED_FOR_OTHER_REASON, transaction(revoke).getRevocationReason());
    }

    @Test
    void testNotificationCarriesOnlyTheApp() throws Exception {
        store = AppStore.app(emulator, "test-notification");
        verifier = store.verifier();
        JsonNode answer = store.call("POST", store.appPath("/test-notification"), null, 200);
        ResponseBodyV2DecodedPayload test = verifier.verifyAndDecodeNotification(answer.get("signedPayload").asText());
        assertEquals(NotificationTypeV2.TEST, test.getNotificationType());
        assertEquals(store.bundleId, test.getData().getBundleId());
        assertEquals(store.appAppleId, test.getData().getAppAppleId());
        assertEquals(Environment.SANDBOX, test.getData().getEnvironment());
        assertNull(test.getData().getSignedTransactionInfo());
        assertNull(test.getData().getStatus());
        assertTrue(answer.get("transactionId").isNull());
    }
}
