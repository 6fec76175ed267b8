package com.microdrama.storeemulator.appstore;

import com.apple.itunes.storekit.model.AutoRenewStatus;
import com.apple.itunes.storekit.model.Environment;
import com.apple.itunes.storekit.model.InAppOwnershipType;
import com.apple.itunes.storekit.model.JWSRenewalInfoDecodedPayload;
import com.apple.itunes.storekit.model.JWSTransactionDecodedPayload;
import com.apple.itunes.storekit.model.NotificationTypeV2;
import com.apple.itunes.storekit.model.OfferDiscountType;
import com.apple.itunes.storekit.model.OfferType;
import com.apple.itunes.storekit.model.ResponseBodyV2DecodedPayload;
import com.apple.itunes.storekit.model.Status;
import com.apple.itunes.storekit.model.Subtype;
import com.apple.itunes.storekit.model.TransactionReason;
import com.apple.itunes.storekit.model.Type;
import com.apple.itunes.storekit.verification.SignedDataVerifier;
import com.fasterxml.jackson.databind.JsonNode;
import com.microdrama.storeemulator.delivery.NotificationReceiver;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.net.URL;
import java.time.Duration;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Purchases as StoreKit 2 reports them, verified and decoded by Apple's own SignedDataVerifier. */
@QuarkusTest
class AppStorePurchaseTest {

    @TestHTTPResource
    URL emulator;

    @Test
    void rootCertificateIsServedAsPemAndDer() throws Exception {
        AppStore store = AppStore.app(emulator, "root");
        byte[] pem = store.rootCertificate("");
        byte[] der = store.rootCertificate("?format=der");
        assertTrue(new String(pem).startsWith("-----BEGIN CERTIFICATE-----"));
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        X509Certificate fromPem = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(pem));
        assertArrayEquals(der, fromPem.getEncoded());
        assertTrue(fromPem.getSubjectX500Principal().getName().contains("CN=Microdrama Local App Store Root CA"));
        assertEquals(fromPem.getSubjectX500Principal(), fromPem.getIssuerX500Principal());
    }

    @Test
    void consumableGivesATransactionAndAOneTimeChargeNotification() throws Exception {
        AppStore store = AppStore.app(emulator, "consumable");
        SignedDataVerifier verifier = store.verifier();
        String user = UUID.randomUUID().toString();

        JsonNode purchase = store.purchase("coins.100", user, false);

        JWSTransactionDecodedPayload transaction = verifier.verifyAndDecodeTransaction(purchase.get("signedTransaction").asText());
        assertEquals(purchase.get("transactionId").asText(), transaction.getTransactionId());
        assertEquals(transaction.getTransactionId(), transaction.getOriginalTransactionId());
        assertTrue(transaction.getTransactionId().matches("\\d{16,}"));
        assertEquals(store.bundleId, transaction.getBundleId());
        assertEquals("coins.100", transaction.getProductId());
        assertEquals(Type.CONSUMABLE, transaction.getType());
        assertEquals(UUID.fromString(user), transaction.getAppAccountToken());
        assertEquals(InAppOwnershipType.PURCHASED, transaction.getInAppOwnershipType());
        assertEquals(Environment.SANDBOX, transaction.getEnvironment());
        assertEquals(TransactionReason.PURCHASE, transaction.getTransactionReason());
        assertEquals(990L, transaction.getPrice());
        assertEquals("USD", transaction.getCurrency());
        assertEquals("USA", transaction.getStorefront());
        assertEquals("143441", transaction.getStorefrontId());
        assertEquals(1, transaction.getQuantity());
        assertNull(transaction.getExpiresDate());
        assertNull(transaction.getRevocationDate());
        assertTrue(transaction.getAppTransactionId() != null);
        assertTrue(purchase.get("signedRenewalInfo").isNull());

        JsonNode notification = purchase.get("notification");
        assertEquals("delivered", notification.at("/delivery/status").asText());
        assertEquals(1, notification.at("/delivery/attempts").asInt());
        assertEquals(200, notification.at("/delivery/lastStatusCode").asInt());
        NotificationReceiver.Received delivered = NotificationReceiver.received("consumable").get(0);
        assertTrue(delivered.contentType().startsWith("application/json"), delivered.contentType());
        JsonNode received = AppStore.JSON.readTree(delivered.body());
        assertEquals(notification.get("signedPayload").asText(), received.get("signedPayload").asText());

        ResponseBodyV2DecodedPayload payload = verifier.verifyAndDecodeNotification(received.get("signedPayload").asText());
        assertEquals(NotificationTypeV2.ONE_TIME_CHARGE, payload.getNotificationType());
        assertNull(payload.getSubtype());
        assertEquals(notification.get("notificationUUID").asText(), payload.getNotificationUUID());
        assertEquals("2.0", payload.getVersion());
        assertEquals(store.appAppleId, payload.getData().getAppAppleId());
        assertEquals(store.bundleId, payload.getData().getBundleId());
        assertEquals(Environment.SANDBOX, payload.getData().getEnvironment());
        assertNull(payload.getData().getSignedRenewalInfo());
        JWSTransactionDecodedPayload inNotification = verifier.verifyAndDecodeTransaction(payload.getData().getSignedTransactionInfo());
        assertEquals(transaction.getTransactionId(), inNotification.getTransactionId());
        assertTrue(inNotification.getSignedDate() > transaction.getSignedDate());
        assertTrue(payload.getSignedDate() > inNotification.getSignedDate());
    }

    @Test
    void subscriptionWithFreeTrialThenResubscribeAfterItExpired() throws Exception {
        AppStore store = AppStore.app(emulator, "trial");
        SignedDataVerifier verifier = store.verifier();
        String user = UUID.randomUUID().toString();

        JsonNode purchase = store.purchase("vip.weekly", user, true);

        JWSTransactionDecodedPayload transaction = verifier.verifyAndDecodeTransaction(purchase.get("signedTransaction").asText());
        assertEquals(Type.AUTO_RENEWABLE_SUBSCRIPTION, transaction.getType());
        assertEquals("vip", transaction.getSubscriptionGroupIdentifier());
        assertEquals(Duration.ofDays(3).toMillis(), transaction.getExpiresDate() - transaction.getPurchaseDate());
        assertEquals(OfferType.INTRODUCTORY_OFFER, transaction.getOfferType());
        assertEquals(OfferDiscountType.FREE_TRIAL, transaction.getOfferDiscountType());
        assertEquals(0L, transaction.getPrice());
        assertTrue(transaction.getWebOrderLineItemId() != null);
        assertEquals(transaction.getPurchaseDate(), transaction.getOriginalPurchaseDate());

        JWSRenewalInfoDecodedPayload renewal = verifier.verifyAndDecodeRenewalInfo(purchase.get("signedRenewalInfo").asText());
        assertEquals(transaction.getOriginalTransactionId(), renewal.getOriginalTransactionId());
        assertEquals("vip.weekly", renewal.getAutoRenewProductId());
        assertEquals(AutoRenewStatus.ON, renewal.getAutoRenewStatus());
        assertEquals(transaction.getExpiresDate(), renewal.getRenewalDate());
        assertEquals(4990L, renewal.getRenewalPrice());
        assertEquals(UUID.fromString(user), renewal.getAppAccountToken());
        assertEquals(Environment.SANDBOX, renewal.getEnvironment());

        ResponseBodyV2DecodedPayload subscribed = verifier.verifyAndDecodeNotification(purchase.at("/notification/signedPayload").asText());
        assertEquals(NotificationTypeV2.SUBSCRIBED, subscribed.getNotificationType());
        assertEquals(Subtype.INITIAL_BUY, subscribed.getSubtype());
        assertEquals(Status.ACTIVE, subscribed.getData().getStatus());
        assertEquals(renewal.getOriginalTransactionId(),
                verifier.verifyAndDecodeRenewalInfo(subscribed.getData().getSignedRenewalInfo()).getOriginalTransactionId());

        store.call("POST", store.appPath("/purchases"), "{\"productId\":\"vip.weekly\",\"appAccountToken\":\"" + user + "\"}", 409);
        String original = transaction.getOriginalTransactionId();
        store.call("POST", "/_emulator/app-store/subscriptions/" + original + "/expire", "{\"subtype\":\"VOLUNTARY\"}", 200);
        store.call("POST", store.appPath("/purchases"),
                "{\"productId\":\"vip.weekly\",\"appAccountToken\":\"" + user + "\",\"freeTrial\":true}", 400);

        JsonNode again = store.purchase("vip.weekly", user, false);
        ResponseBodyV2DecodedPayload resubscribed = verifier.verifyAndDecodeNotification(again.at("/notification/signedPayload").asText());
        assertEquals(Subtype.RESUBSCRIBE, resubscribed.getSubtype());
        JWSTransactionDecodedPayload second = verifier.verifyAndDecodeTransaction(again.get("signedTransaction").asText());
        assertEquals(original, second.getOriginalTransactionId());
        assertNotEquals(original, second.getTransactionId());
        assertEquals(transaction.getOriginalPurchaseDate(), second.getOriginalPurchaseDate());
        assertEquals(4990L, second.getPrice());
        assertNull(second.getOfferType());
        assertEquals(Duration.ofDays(7).toMillis(), second.getExpiresDate() - second.getPurchaseDate());
    }

    @Test
    void purchaseNeedsAnAppAccountTokenThatIsAUuid() throws Exception {
        AppStore store = AppStore.app(emulator, "token");
        store.call("POST", store.appPath("/purchases"), "{\"productId\":\"coins.100\"}", 400);
        store.call("POST", store.appPath("/purchases"), "{\"productId\":\"coins.100\",\"appAccountToken\":\"alice\"}", 400);
        store.call("POST", store.appPath("/purchases"),
                "{\"productId\":\"nope\",\"appAccountToken\":\"" + UUID.randomUUID() + "\"}", 404);
    }
}
