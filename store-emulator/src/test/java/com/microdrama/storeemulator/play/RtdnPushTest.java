package com.microdrama.storeemulator.play;

import com.fasterxml.jackson.databind.JsonNode;
import com.microdrama.storeemulator.delivery.NotificationReceiver;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RTDN as Cloud Pub/Sub pushes it: the envelope, the OIDC token a receiver verifies against Google's certs, retries. */
@QuarkusTest
class RtdnPushTest {

    @TestHTTPResource("/")
    URL base;

    private String appWithEndpoint(String receiverName, String extra) throws Exception {
        String app = PlayEmulator.newPackage();
        PlayEmulator.control(base, "PUT", "/_emulator/play/apps/" + app,
                "{\"pushEndpoint\":\"" + NotificationReceiver.url(receiverName) + "\"" + extra + "}");
        PlayEmulator.inAppProduct(base, app, "coins_100");
        PlayEmulator.weeklySubscription(base, app, "vip_weekly");
        return app;
    }

    private static JsonNode developerNotification(String body) throws Exception {
        JsonNode message = PlayEmulator.JSON.readTree(body).get("message");
        return PlayEmulator.JSON.readTree(Base64.getDecoder().decode(message.get("data").asText()));
    }

    @Test
    void aPurchasePushesTheEnvelopeWithATokenThatVerifiesAgainstGooglesCerts() throws Exception {
        String app = appWithEndpoint("purchase", "");
        JsonNode bought = PlayEmulator.buy(base, app, "coins_100", "");
        JsonNode push = bought.get("notification");
        assertEquals("delivered", push.at("/delivery/status").asText());
        assertEquals(1, push.at("/delivery/attempts").asInt());
        assertEquals(200, push.at("/delivery/lastStatusCode").asInt());

        NotificationReceiver.Received received = NotificationReceiver.received("purchase").get(0);
        assertTrue(received.contentType().startsWith("application/json"), received.contentType());
        assertTrue(received.userAgent().startsWith("APIs-Google"), received.userAgent());
        JsonNode envelope = PlayEmulator.JSON.readTree(received.body());
        JsonNode message = envelope.get("message");
        assertEquals("projects/local-project/subscriptions/play-rtdn", envelope.get("subscription").asText());
        assertEquals(push.get("messageId").asText(), message.get("messageId").asText());
        assertEquals(message.get("messageId").asText(), message.get("message_id").asText());
        assertTrue(message.get("messageId").asText().matches("\\d+"));
        assertEquals(message.get("publishTime").asText(), message.get("publish_time").asText());
        Instant.parse(message.get("publishTime").asText());
        assertTrue(message.get("attributes").isObject());

        JsonNode notification = developerNotification(received.body());
        assertEquals(push.get("notification"), notification);
        assertEquals("1.0", notification.get("version").asText());
        assertEquals(app, notification.get("packageName").asText());
        assertTrue(notification.get("eventTimeMillis").isTextual());
        JsonNode oneTime = notification.get("oneTimeProductNotification");
        assertEquals(1, oneTime.get("notificationType").asInt());
        assertEquals("coins_100", oneTime.get("sku").asText());
        assertEquals(bought.get("purchaseToken").asText(), oneTime.get("purchaseToken").asText());

        GoogleIdTokens.Token token = GoogleIdTokens.read(base, received.authorization());
        assertTrue(token.signatureValid());
        assertEquals("RS256", token.header().get("alg").asText());
        JsonNode claims = token.claims();
        assertEquals("https://accounts.google.com", claims.get("iss").asText());
        assertEquals(NotificationReceiver.url("purchase"), claims.get("aud").asText());
        assertEquals("play-rtdn-push@local-project.iam.gserviceaccount.com", claims.get("email").asText());
        assertTrue(claims.get("email_verified").asBoolean());
        assertTrue(claims.get("sub").asText().matches("\\d+"));
        assertEquals(claims.get("sub").asText(), claims.get("azp").asText());
        assertEquals(claims.get("iat").asLong() + 3600, claims.get("exp").asLong());
        assertTrue(claims.get("exp").asLong() > Instant.now().getEpochSecond());
    }

    @Test
    void spoiledTokensAreWhatTheySay() throws Exception {
        String app = appWithEndpoint("spoiled", ",\"audience\":\"https://api.example.com/rtdn\",\"pushServiceAccount\":\"rtdn@example.iam.gserviceaccount.com\"");
        String path = "/_emulator/play/apps/" + app + "/test-notification";

        GoogleIdTokens.Token valid = GoogleIdTokens.read(base, PlayEmulator.control(base, "POST", path, null).at("/headers/Authorization").asText());
        assertTrue(valid.signatureValid());
        assertEquals("https://api.example.com/rtdn", valid.claims().get("aud").asText());
        assertEquals("rtdn@example.iam.gserviceaccount.com", valid.claims().get("email").asText());

        GoogleIdTokens.Token wrongKey = GoogleIdTokens.read(base, PlayEmulator.control(base, "POST", path + "?auth=wrong-key", null)
                .at("/headers/Authorization").asText());
        assertFalse(wrongKey.signatureValid());
        assertEquals("https://api.example.com/rtdn", wrongKey.claims().get("aud").asText());

        GoogleIdTokens.Token expired = GoogleIdTokens.read(base, PlayEmulator.control(base, "POST", path + "?auth=expired", null)
                .at("/headers/Authorization").asText());
        assertTrue(expired.signatureValid());
        assertTrue(expired.claims().get("exp").asLong() < Instant.now().getEpochSecond());

        GoogleIdTokens.Token wrongAudience = GoogleIdTokens.read(base, PlayEmulator.control(base, "POST", path + "?auth=wrong-audience", null)
                .at("/headers/Authorization").asText());
        assertTrue(wrongAudience.signatureValid());
        assertFalse(wrongAudience.claims().get("aud").asText().equals("https://api.example.com/rtdn"));
        assertTrue(wrongAudience.claims().get("exp").asLong() > Instant.now().getEpochSecond());

        JsonNode none = PlayEmulator.control(base, "POST", path + "?auth=none", null);
        assertTrue(none.at("/headers/Authorization").isMissingNode());
        assertEquals(5, NotificationReceiver.received("spoiled").size());
        assertNull(NotificationReceiver.received("spoiled").get(4).authorization());
        // what was received is what the answers said: the wrong-key token reached the receiver too
        assertEquals(wrongKey.claims(), GoogleIdTokens.read(base, NotificationReceiver.received("spoiled").get(1).authorization()).claims());
        assertFalse(GoogleIdTokens.read(base, NotificationReceiver.received("spoiled").get(1).authorization()).signatureValid());

        assertEquals(400, PlayEmulator.call(base, "POST", path + "?auth=bogus", null).statusCode());
    }

    @Test
    void aPushAnswered500IsRetried() throws Exception {
        String app = appWithEndpoint("retry", "");
        NotificationReceiver.failFirst("retry", 1);
        JsonNode push = PlayEmulator.control(base, "POST", "/_emulator/play/apps/" + app + "/test-notification", null);
        assertEquals("retrying", push.at("/delivery/status").asText());
        assertEquals(500, push.at("/delivery/lastStatusCode").asInt());
        await().atMost(Duration.ofSeconds(15)).until(() -> NotificationReceiver.received("retry").size() == 2);
        assertEquals(NotificationReceiver.received("retry").get(0).body(), NotificationReceiver.received("retry").get(1).body());
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode listed = PlayEmulator.control(base, "GET", "/_emulator/play/notifications?packageName=" + app, null).get(0);
            assertEquals("delivered", listed.at("/delivery/status").asText());
            assertEquals(2, listed.at("/delivery/attempts").asInt());
        });
        assertEquals("1.0", developerNotification(NotificationReceiver.received("retry").get(1).body()).at("/testNotification/version").asText());
    }

    @Test
    void deliverFalseBuildsThePushForTheCallerToPost() throws Exception {
        String app = appWithEndpoint("undelivered", "");
        JsonNode push = PlayEmulator.buy(base, app, "vip_weekly", "?deliver=false").get("notification");
        assertEquals("not-sent", push.at("/delivery/status").asText());
        assertEquals(0, push.at("/delivery/attempts").asInt());
        assertTrue(push.at("/headers/Authorization").asText().startsWith("Bearer "));
        assertEquals(4, developerNotification(push.get("body").asText()).at("/subscriptionNotification/notificationType").asInt());
        Thread.sleep(300);
        assertTrue(NotificationReceiver.received("undelivered").isEmpty());
        assertEquals("not-sent", PlayEmulator.control(base, "GET", "/_emulator/play/notifications?packageName=" + app, null)
                .get(0).at("/delivery/status").asText());
    }

    @Test
    void voidingAPurchasePushesAVoidedPurchaseNotification() throws Exception {
        String app = appWithEndpoint("voided", "");
        JsonNode bought = PlayEmulator.buy(base, app, "coins_100", "");
        String token = bought.get("purchaseToken").asText();
        JsonNode voided = PlayEmulator.control(base, "POST", "/_emulator/play/purchases/" + token + "/void", null);
        JsonNode notification = developerNotification(NotificationReceiver.received("voided").get(1).body()).get("voidedPurchaseNotification");
        assertEquals(token, notification.get("purchaseToken").asText());
        assertEquals(bought.get("orderId").asText(), notification.get("orderId").asText());
        assertEquals(2, notification.get("productType").asInt());
        assertEquals(1, notification.get("refundType").asInt());
        assertEquals(voided.get("notification").get("notification"), developerNotification(NotificationReceiver.received("voided").get(1).body()));
        assertEquals(409, PlayEmulator.call(base, "POST", "/_emulator/play/purchases/" + token + "/void", null).statusCode());
    }

    @Test
    void messageIdsAndTokensDoNotRepeat() throws Exception {
        String app = appWithEndpoint("unique", "");
        Set<String> ids = new HashSet<>();
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            JsonNode bought = PlayEmulator.buy(base, app, "coins_100", "?deliver=false");
            ids.add(bought.at("/notification/messageId").asText());
            tokens.add(bought.get("purchaseToken").asText());
        }
        assertEquals(5, ids.size());
        assertEquals(5, tokens.size());
    }
}
