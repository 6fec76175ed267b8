package com.microdrama.storeemulator.play;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.api.services.androidpublisher.AndroidPublisher;
import com.google.api.services.androidpublisher.model.SubscriptionPurchaseV2;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A subscription driven through Google's lifecycle: each step's RTDN type and what subscriptionsv2.get then says. */
@QuarkusTest
class SubscriptionLifecycleTest {

    @TestHTTPResource("/")
    URL base;

    private String app;
    private String token;
    private AndroidPublisher publisher;

    private JsonNode step(String action) throws Exception {
        JsonNode answer = PlayEmulator.control(base, "POST", "/_emulator/play/subscriptions/" + token + "/" + action, null);
        JsonNode notification = PlayEmulator.JSON.readTree(Base64.getDecoder().decode(
                PlayEmulator.JSON.readTree(answer.at("/notification/body").asText()).at("/message/data").asText()));
        assertEquals(token, notification.at("/subscriptionNotification/purchaseToken").asText());
        assertEquals("vip_weekly", notification.at("/subscriptionNotification/subscriptionId").asText());
        return notification.get("subscriptionNotification");
    }

    private SubscriptionPurchaseV2 read() throws Exception {
        return publisher.purchases().subscriptionsv2().get(app, token).execute();
    }

    private static Instant expiry(SubscriptionPurchaseV2 subscription) {
        return Instant.parse(subscription.getLineItems().get(0).getExpiryTime());
    }

    @Test
    void renewGraceRecoverCancelRestartPauseRevoke() throws Exception {
        app = PlayEmulator.newPackage();
        PlayEmulator.weeklySubscription(base, app, "vip_weekly");
        JsonNode bought = PlayEmulator.control(base, "POST", "/_emulator/play/apps/" + app + "/purchases",
                "{\"productId\":\"vip_weekly\",\"obfuscatedExternalAccountId\":\"user-7\",\"freeTrial\":true}");
        token = bought.get("purchaseToken").asText();
        String firstOrder = bought.get("orderId").asText();
        publisher = PlayEmulator.publisher(base);
        SubscriptionPurchaseV2 trial = read();
        assertEquals("US", trial.getRegionCode());
        assertEquals("free-trial", trial.getLineItems().get(0).getOfferDetails().getOfferId());
        assertEquals(Duration.ofDays(3), Duration.between(Instant.parse(trial.getStartTime()), expiry(trial)));

        assertEquals(2, step("renew").get("notificationType").asInt());
        SubscriptionPurchaseV2 renewed = read();
        assertEquals(firstOrder + "..0", renewed.getLatestOrderId());
        assertEquals(firstOrder + "..0", renewed.getLineItems().get(0).getLatestSuccessfulOrderId());
        assertEquals(expiry(trial).plus(Duration.ofDays(7)), expiry(renewed));

        assertEquals(6, step("grace").get("notificationType").asInt());
        SubscriptionPurchaseV2 grace = read();
        assertEquals("SUBSCRIPTION_STATE_IN_GRACE_PERIOD", grace.getSubscriptionState());
        assertTrue(expiry(grace).isAfter(Instant.now().plus(Duration.ofDays(2))), "access until the grace period ends");

        assertEquals(5, step("hold").get("notificationType").asInt());
        SubscriptionPurchaseV2 hold = read();
        assertEquals("SUBSCRIPTION_STATE_ON_HOLD", hold.getSubscriptionState());
        assertFalse(expiry(hold).isAfter(Instant.now()), "no access on hold");

        assertEquals(1, step("recover").get("notificationType").asInt());
        SubscriptionPurchaseV2 recovered = read();
        assertEquals("SUBSCRIPTION_STATE_ACTIVE", recovered.getSubscriptionState());
        assertEquals(firstOrder + "..1", recovered.getLatestOrderId());
        assertTrue(expiry(recovered).isAfter(Instant.now().plus(Duration.ofDays(6))));

        assertEquals(3, step("cancel").get("notificationType").asInt());
        SubscriptionPurchaseV2 canceled = read();
        assertEquals("SUBSCRIPTION_STATE_CANCELED", canceled.getSubscriptionState());
        assertFalse(canceled.getLineItems().get(0).getAutoRenewingPlan().getAutoRenewEnabled());
        assertNotNull(canceled.getCanceledStateContext().getUserInitiatedCancellation().getCancelTime());
        assertEquals(expiry(recovered), expiry(canceled), "access until the paid time ends");
        assertEquals(409, PlayEmulator.call(base, "POST", "/_emulator/play/subscriptions/" + token + "/renew", null).statusCode());

        assertEquals(7, step("restart").get("notificationType").asInt());
        SubscriptionPurchaseV2 restarted = read();
        assertEquals("SUBSCRIPTION_STATE_ACTIVE", restarted.getSubscriptionState());
        assertTrue(restarted.getLineItems().get(0).getAutoRenewingPlan().getAutoRenewEnabled());
        assertNull(restarted.getCanceledStateContext());

        assertEquals(10, step("pause").get("notificationType").asInt());
        SubscriptionPurchaseV2 paused = read();
        assertEquals("SUBSCRIPTION_STATE_PAUSED", paused.getSubscriptionState());
        assertNotNull(paused.getPausedStateContext().getAutoResumeTime());
        assertEquals(2, step("renew").get("notificationType").asInt());
        assertEquals("SUBSCRIPTION_STATE_ACTIVE", read().getSubscriptionState());

        assertEquals(12, step("revoke").get("notificationType").asInt());
        SubscriptionPurchaseV2 revoked = read();
        assertEquals("SUBSCRIPTION_STATE_EXPIRED", revoked.getSubscriptionState());
        assertFalse(expiry(revoked).isAfter(Instant.now()));
        assertEquals(revoked.getLatestOrderId(), publisher.purchases().voidedpurchases().list(app).setType(1).execute()
                .getVoidedPurchases().get(0).getOrderId());
        assertEquals(409, PlayEmulator.call(base, "POST", "/_emulator/play/subscriptions/" + token + "/expire", null).statusCode());
    }

    @Test
    void expireEndsTheSubscriptionAndUnknownActionsOrTokensAreRefused() throws Exception {
        app = PlayEmulator.newPackage();
        PlayEmulator.weeklySubscription(base, app, "vip_weekly");
        token = PlayEmulator.buy(base, app, "vip_weekly", "").get("purchaseToken").asText();
        publisher = PlayEmulator.publisher(base);
        assertEquals(13, step("expire").get("notificationType").asInt());
        assertEquals("SUBSCRIPTION_STATE_EXPIRED", read().getSubscriptionState());
        assertFalse(read().getLineItems().get(0).getAutoRenewingPlan().getAutoRenewEnabled());
        assertEquals(404, PlayEmulator.call(base, "POST", "/_emulator/play/subscriptions/" + token + "/explode", null).statusCode());
        assertEquals(404, PlayEmulator.call(base, "POST", "/_emulator/play/subscriptions/no-such-token/renew", null).statusCode());
    }
}
