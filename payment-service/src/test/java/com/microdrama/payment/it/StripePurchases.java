package com.microdrama.payment.it;

import com.stripe.StripeClient;
import com.stripe.model.Event;
import com.stripe.param.EventListParams;
import com.stripe.param.PaymentIntentConfirmParams;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** Pack purchases paid at the local platform's Stripe emulator, as the app and the bank would pay them. */
final class StripePurchases {
    static final String PURCHASES = "/api/payments/pack-purchases";

    private final StripeClient stripe;

    StripePurchases(StripeClient stripe) {
        this.stripe = stripe;
    }

    record Started(String purchaseId, String paymentIntent) {
    }

    /** Starts a purchase through our API: PENDING with the intent's client secret. */
    static Started start(Api viewer, String packId) {
        var answer = viewer.post(PURCHASES, UUID.randomUUID().toString(), Map.of("packId", packId))
                .then().statusCode(201).body("status", equalTo("PENDING")).extract();
        String secret = answer.path("clientSecret");
        return new Started(answer.path("purchaseId"), secret.substring(0, secret.indexOf("_secret_")));
    }

    /** Starts a purchase and pays it with {@code paymentMethod}; a decline is the caller's to expect. */
    Started pay(Api viewer, String packId, String paymentMethod) throws Exception {
        Started started = start(viewer, packId);
        stripe.v1().paymentIntents().confirm(started.paymentIntent(),
                PaymentIntentConfirmParams.builder().setPaymentMethod(paymentMethod).build());
        return started;
    }

    static void awaitStatus(Api viewer, String purchaseId, String status) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                viewer.get(PURCHASES + "/" + purchaseId).then().statusCode(200).body("status", equalTo(status)));
    }

    /** A control of the emulator (3-D Secure, disputes): what the buyer or the bank does, not Stripe's API. */
    static void control(String path) {
        given().post(StripeBilling.EMULATOR + path).then().statusCode(200);
    }

    /** Stripe's events of {@code type} about {@code objectId}, newest first. */
    List<String> events(String type, String objectId) throws Exception {
        return stripe.v1().events().list(EventListParams.builder().setType(type).setLimit(100L).build())
                .getData().stream()
                .filter(e -> e.getDataObjectDeserializer().getRawJson().contains("\"" + objectId + "\""))
                .map(Event::getId).toList();
    }

    /** Waits until an event of {@code type} about {@code objectId} was applied here, and answers its recorded outcome. */
    String awaitOutcome(String type, String objectId) {
        String[] outcome = new String[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
            List<String> ids = events(type, objectId);
            if (ids.isEmpty()) {
                return false;
            }
            List<String> outcomes = TestDb.rows("select outcome from provider_event where provider = 'stripe'"
                    + " and event_id = ? and outcome <> 'processing'", ids.get(0));
            if (outcomes.isEmpty()) {
                return false;
            }
            outcome[0] = outcomes.get(0);
            return true;
        });
        return outcome[0];
    }
}
