package com.microdrama.storeemulator.appstore;

import com.apple.itunes.storekit.model.NotificationTypeV2;
import com.apple.itunes.storekit.verification.SignedDataVerifier;
import com.apple.itunes.storekit.verification.VerificationException;
import com.apple.itunes.storekit.verification.VerificationStatus;
import com.fasterxml.jackson.databind.JsonNode;
import com.microdrama.storeemulator.delivery.NotificationReceiver;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.PKIXReason;
import java.time.Duration;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Forged signatures Apple's verifier must refuse, notifications kept for the caller, and delivery retries. */
@QuarkusTest
class AppStoreForgedAndDeliveryTest {

    @TestHTTPResource
    URL emulator;

    @Test
    void expiredAndUntrustedSigningAreRejected() throws Exception {
        AppStore store = AppStore.app(emulator, "forged");
        SignedDataVerifier verifier = store.verifier();
        String user = UUID.randomUUID().toString();
        for (String signing : new String[] {"expired", "untrusted"}) {
            JsonNode purchase = store.call("POST", store.appPath("/purchases?signing=" + signing),
                    "{\"productId\":\"coins.100\",\"appAccountToken\":\"" + user + "\"}", 200);
            VerificationException transaction = assertThrows(VerificationException.class,
                    () -> verifier.verifyAndDecodeTransaction(purchase.get("signedTransaction").asText()), signing);
            assertEquals(VerificationStatus.INVALID_CHAIN, transaction.getStatus(), signing);
            if (signing.equals("expired")) {
                assertInstanceOf(CertificateExpiredException.class, rootCause(transaction));
            } else {
                assertEquals(PKIXReason.NO_TRUST_ANCHOR, ((CertPathValidatorException) transaction.getCause()).getReason());
            }
            assertThrows(VerificationException.class,
                    () -> verifier.verifyAndDecodeNotification(purchase.at("/notification/signedPayload").asText()), signing);
            JsonNode test = store.call("POST", store.appPath("/test-notification?signing=" + signing), null, 200);
            assertThrows(VerificationException.class, () -> verifier.verifyAndDecodeNotification(test.get("signedPayload").asText()));
        }
        JsonNode valid = store.purchase("coins.100", user, false);
        verifier.verifyAndDecodeTransaction(valid.get("signedTransaction").asText());
        store.call("POST", store.appPath("/purchases?signing=forged"),
                "{\"productId\":\"coins.100\",\"appAccountToken\":\"" + user + "\"}", 400);
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    @Test
    void anotherAppsVerifierRejectsTheNotification() throws Exception {
        AppStore mine = AppStore.app(emulator, "mine");
        AppStore other = AppStore.app(emulator, "other");
        JsonNode test = mine.call("POST", mine.appPath("/test-notification"), null, 200);
        VerificationException wrongApp = assertThrows(VerificationException.class,
                () -> other.verifier().verifyAndDecodeNotification(test.get("signedPayload").asText()));
        assertEquals(VerificationStatus.INVALID_APP_IDENTIFIER, wrongApp.getStatus());
    }

    @Test
    void deliverFalseSignsWithoutSending() throws Exception {
        AppStore store = AppStore.app(emulator, "kept");
        JsonNode answer = store.call("POST", store.appPath("/test-notification?deliver=false"), null, 200);
        assertEquals("not-sent", answer.at("/delivery/status").asText());
        assertEquals(0, answer.at("/delivery/attempts").asInt());
        assertEquals(NotificationTypeV2.TEST,
                store.verifier().verifyAndDecodeNotification(answer.get("signedPayload").asText()).getNotificationType());
        assertEquals(0, NotificationReceiver.received("kept").size());
    }

    @Test
    void aNotificationAnswered500IsRetriedUntilDelivered() throws Exception {
        AppStore store = AppStore.app(emulator, "flaky");
        NotificationReceiver.failFirst("flaky", 2);
        JsonNode answer = store.purchase("coins.100", UUID.randomUUID().toString(), false).get("notification");
        assertEquals("retrying", answer.at("/delivery/status").asText());
        assertEquals(1, answer.at("/delivery/attempts").asInt());
        assertEquals(500, answer.at("/delivery/lastStatusCode").asInt());
        String uuid = answer.get("notificationUUID").asText();

        await().atMost(Duration.ofSeconds(10)).until(() -> {
            JsonNode listed = store.call("GET", "/_emulator/app-store/notifications?bundleId=" + store.bundleId, null, 200).get(0);
            return uuid.equals(listed.get("notificationUUID").asText()) && "delivered".equals(listed.at("/delivery/status").asText());
        });
        JsonNode listed = store.call("GET", "/_emulator/app-store/notifications?bundleId=" + store.bundleId, null, 200).get(0);
        assertEquals(3, listed.at("/delivery/attempts").asInt());
        assertEquals(200, listed.at("/delivery/lastStatusCode").asInt());
        assertEquals(3, NotificationReceiver.received("flaky").size());
        assertEquals(NotificationReceiver.received("flaky").get(0).body(), NotificationReceiver.received("flaky").get(2).body());
    }

    @Test
    void aNotificationNobodyTakesFailsAfterTheLastRetry() throws Exception {
        AppStore store = AppStore.app(emulator, "down");
        NotificationReceiver.failFirst("down", 100);
        JsonNode answer = store.call("POST", store.appPath("/test-notification"), null, 200);
        String uuid = answer.get("notificationUUID").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> "failed".equals(store.call("GET",
                "/_emulator/app-store/notifications?bundleId=" + store.bundleId, null, 200).get(0).at("/delivery/status").asText()));
        JsonNode listed = store.call("GET", "/_emulator/app-store/notifications?bundleId=" + store.bundleId, null, 200).get(0);
        assertEquals(uuid, listed.get("notificationUUID").asText());
        assertEquals(4, listed.at("/delivery/attempts").asInt());
    }
}
