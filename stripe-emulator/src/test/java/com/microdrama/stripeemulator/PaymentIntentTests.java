package com.microdrama.stripeemulator;

import com.stripe.StripeClient;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.model.Charge;
import com.stripe.model.PaymentIntent;
import com.stripe.net.RequestOptions;
import com.stripe.param.PaymentIntentConfirmParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentListParams;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(WebhookReceiver.class)
class PaymentIntentTests {

    @TestHTTPResource("/")
    URL base;

    private PaymentIntent intent(StripeClient stripe, long amount) throws Exception {
        return stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder().setAmount(amount).setCurrency("usd")
                .putMetadata("purchase_id", "p-1").putMetadata("user_id", "u-1")
                .setAutomaticPaymentMethods(PaymentIntentCreateParams.AutomaticPaymentMethods.builder().setEnabled(true).build())
                .build());
    }

    @Test
    void aCoinPackIntentIsCreatedWithAClientSecretAndSucceedsOnTheVisaTestCard() throws Exception {
        StripeClient stripe = Emulator.client(base);
        PaymentIntent pi = intent(stripe, 499);
        assertTrue(pi.getId().startsWith("pi_"));
        assertEquals("requires_payment_method", pi.getStatus());
        assertTrue(pi.getClientSecret().startsWith(pi.getId() + "_secret_"));
        assertEquals("u-1", pi.getMetadata().get("user_id"));
        assertFalse(pi.getLivemode());
        assertTrue(pi.getAutomaticPaymentMethods().getEnabled());

        PaymentIntent confirmed = stripe.v1().paymentIntents().confirm(pi.getId(),
                PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_visa").build());
        assertEquals("succeeded", confirmed.getStatus());
        assertEquals(499L, confirmed.getAmountReceived());
        Charge charge = stripe.v1().charges().retrieve(confirmed.getLatestCharge());
        assertEquals(pi.getId(), charge.getPaymentIntent());
        assertEquals("succeeded", charge.getStatus());
        assertEquals("4242", charge.getPaymentMethodDetails().getCard().getLast4());
        assertTrue(charge.getPaid());
        assertEquals(confirmed.getId(), stripe.v1().paymentIntents().retrieve(pi.getId()).getId());
        assertTrue(stripe.v1().charges().list(com.stripe.param.ChargeListParams.builder().setPaymentIntent(pi.getId()).build())
                .getData().stream().anyMatch(c -> c.getId().equals(charge.getId())));
    }

    @Test
    void aDeclinedCardIsA402CardErrorAndTheIntentWaitsForAnotherMethod() throws Exception {
        StripeClient stripe = Emulator.client(base);
        PaymentIntent pi = intent(stripe, 999);
        CardException e = assertThrows(CardException.class, () -> stripe.v1().paymentIntents().confirm(pi.getId(),
                PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_chargeDeclined").build()));
        assertEquals(402, e.getStatusCode());
        assertEquals("card_declined", e.getCode());
        assertEquals("generic_decline", e.getDeclineCode());
        assertNotNull(e.getRequestId());
        assertNotNull(e.getStripeError().getPaymentIntent());
        PaymentIntent after = stripe.v1().paymentIntents().retrieve(pi.getId());
        assertEquals("requires_payment_method", after.getStatus());
        assertEquals("generic_decline", after.getLastPaymentError().getDeclineCode());
        assertEquals("failed", stripe.v1().charges().retrieve(after.getLatestCharge()).getStatus());

        PaymentIntent byNumber = intent(stripe, 999);
        CardException byCardNumber = assertThrows(CardException.class, () -> stripe.v1().paymentIntents().confirm(byNumber.getId(),
                PaymentIntentConfirmParams.builder().putExtraParam("payment_method_data[type]", "card")
                        .putExtraParam("payment_method_data[card][number]", "4000000000000002").build()));
        assertEquals("generic_decline", byCardNumber.getDeclineCode());
    }

    @Test
    void theAuthenticationCardNeedsAnActionThenSucceedsOnceAuthenticated() throws Exception {
        StripeClient stripe = Emulator.client(base);
        PaymentIntent pi = stripe.v1().paymentIntents().confirm(intent(stripe, 300).getId(),
                PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_authenticationRequired").build());
        assertEquals("requires_action", pi.getStatus());
        assertEquals("use_stripe_sdk", pi.getNextAction().getType());

        HttpResponse<String> authenticated = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                base.toURI().resolve("/_emulator/payment_intents/" + pi.getId() + "/authenticate?outcome=succeed"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, authenticated.statusCode());
        PaymentIntent after = stripe.v1().paymentIntents().retrieve(pi.getId());
        assertEquals("succeeded", after.getStatus());
        assertNull(after.getNextAction());
    }

    @Test
    void anUnconfirmedIntentCanBeCanceledAndASucceededOneCannot() throws Exception {
        StripeClient stripe = Emulator.client(base);
        PaymentIntent canceled = stripe.v1().paymentIntents().cancel(intent(stripe, 100).getId());
        assertEquals("canceled", canceled.getStatus());
        assertNotNull(canceled.getCanceledAt());

        PaymentIntent paid = stripe.v1().paymentIntents().confirm(intent(stripe, 100).getId(),
                PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_visa").build());
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> stripe.v1().paymentIntents().cancel(paid.getId()));
        assertEquals("payment_intent_unexpected_state", e.getCode());
        assertEquals(400, e.getStatusCode());
        assertTrue(stripe.v1().paymentIntents().list(PaymentIntentListParams.builder().setLimit(100L).build()).getData().size() >= 2);
    }

    @Test
    void theSameIdempotencyKeyReplaysTheFirstAnswerAndRefusesOtherParameters() throws Exception {
        StripeClient stripe = Emulator.client(base);
        PaymentIntentCreateParams params = PaymentIntentCreateParams.builder().setAmount(700L).setCurrency("eur").build();
        RequestOptions key = RequestOptions.builder().setIdempotencyKey("purchase-42").build();
        PaymentIntent first = stripe.v1().paymentIntents().create(params, key);
        PaymentIntent replay = stripe.v1().paymentIntents().create(params, key);
        assertEquals(first.getId(), replay.getId());
        assertEquals("true", replay.getLastResponse().headers().firstValue("Idempotent-Replayed").orElse(null));

        IdempotencyException e = assertThrows(IdempotencyException.class, () -> stripe.v1().paymentIntents().create(
                PaymentIntentCreateParams.builder().setAmount(701L).setCurrency("eur").build(), key));
        assertEquals(400, e.getStatusCode());
        assertEquals("idempotency_error", e.getStripeError().getType());
    }

    @Test
    void aDeclineIsReplayedForItsIdempotencyKeyWithoutChargingAgain() throws Exception {
        StripeClient stripe = Emulator.client(base);
        PaymentIntent pi = intent(stripe, 650);
        PaymentIntentConfirmParams declined = PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_chargeDeclinedInsufficientFunds").build();
        RequestOptions key = RequestOptions.builder().setIdempotencyKey("confirm-" + pi.getId()).build();
        CardException first = assertThrows(CardException.class, () -> stripe.v1().paymentIntents().confirm(pi.getId(), declined, key));
        CardException replayed = assertThrows(CardException.class, () -> stripe.v1().paymentIntents().confirm(pi.getId(), declined, key));
        assertEquals("insufficient_funds", replayed.getDeclineCode());
        assertEquals(first.getCharge(), replayed.getCharge());
        assertEquals(1, stripe.v1().charges().list(com.stripe.param.ChargeListParams.builder().setPaymentIntent(pi.getId()).build()).getData().size());
    }

    @Test
    void aWrongKeyIs401AndAnUnknownIdIs404ResourceMissing() throws Exception {
        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> Emulator.client(base, "sk_test_wrong_key_1234").v1().paymentIntents().retrieve("pi_x"));
        assertEquals(401, e.getStatusCode());
        InvalidRequestException missing = assertThrows(InvalidRequestException.class,
                () -> Emulator.client(base).v1().paymentIntents().retrieve("pi_missing"));
        assertEquals(404, missing.getStatusCode());
        assertEquals("resource_missing", missing.getCode());
        assertEquals("intent", missing.getParam());
    }

    @Test
    void errorsAreStripesJsonWithARequestIdAndNestedParametersAreReadFromTheForm() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> noKey = http.send(HttpRequest.newBuilder(base.toURI().resolve("/v1/customers")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, noKey.statusCode());
        assertTrue(noKey.body().startsWith("{\"error\":{\"type\":\"invalid_request_error\""), noKey.body());

        String form = "amount=250&currency=usd&metadata%5Buser_id%5D=u-9&metadata%5Bpurchase_id%5D=p-9"
                + "&automatic_payment_methods%5Benabled%5D=true&expand%5B%5D=customer&customer=";
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(base.toURI().resolve("/v1/payment_intents"))
                .header("Authorization", "Bearer " + Emulator.API_KEY).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, created.statusCode(), created.body());
        assertTrue(created.headers().firstValue("Request-Id").orElseThrow().startsWith("req_"));
        PaymentIntent pi = PaymentIntent.GSON.fromJson(created.body(), PaymentIntent.class);
        assertEquals("u-9", pi.getMetadata().get("user_id"));
        assertEquals("p-9", pi.getMetadata().get("purchase_id"));
        assertEquals(250L, pi.getAmount());
    }
}
