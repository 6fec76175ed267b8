package com.microdrama.stripeemulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stripe.StripeClient;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.CardException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.model.Event;
import com.stripe.model.Invoice;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Subscription;
import com.stripe.param.EventListParams;
import com.stripe.param.PaymentIntentConfirmParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentRetrieveParams;
import com.stripe.param.PaymentIntentUpdateParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.SubscriptionCreateParams;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a browser may do with the publishable key (Stripe.js's calls), and everything it may not. */
@QuarkusTest
@QuarkusTestResource(WebhookReceiver.class)
class PublishableKeyTests {

    static final String PUBLISHABLE_KEY = "pk_test_emulator_tests";

    @TestHTTPResource("/")
    URL base;

    private PaymentIntent intent(StripeClient stripe, String customer) throws StripeException {
        return stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder().setAmount(499L).setCurrency("usd")
                .setCustomer(customer).putMetadata("purchase_id", "p-9").build());
    }

    private static PaymentIntentConfirmParams confirm(String clientSecret, String paymentMethod) {
        return PaymentIntentConfirmParams.builder().setPaymentMethod(paymentMethod).putExtraParam("client_secret", clientSecret).build();
    }

    private static PaymentIntentRetrieveParams withSecret(String clientSecret) {
        return PaymentIntentRetrieveParams.builder().setClientSecret(clientSecret).build();
    }

    @Test
    void theBrowserConfirmsWithTheClientSecretAndTheServerSeesTheSameOutcome() throws Exception {
        StripeClient server = Emulator.client(base);
        StripeClient browser = Emulator.client(base, PUBLISHABLE_KEY);
        Customer customer = Emulator.customer(server, "browser@example.com");
        PaymentIntent pi = intent(server, customer.getId());

        PaymentIntent confirmed = browser.v1().paymentIntents().confirm(pi.getId(), confirm(pi.getClientSecret(), "pm_card_visa"));
        assertEquals("succeeded", confirmed.getStatus());
        assertEquals(pi.getClientSecret(), confirmed.getClientSecret());
        // The client view: what only the secret key may read is not there.
        assertNull(confirmed.getCustomer());
        assertNull(confirmed.getMetadata());
        assertNull(confirmed.getLatestCharge());

        PaymentIntent seen = browser.v1().paymentIntents().retrieve(pi.getId(), withSecret(pi.getClientSecret()), null);
        assertEquals("succeeded", seen.getStatus());
        assertNull(seen.getCustomer());

        PaymentIntent onServer = server.v1().paymentIntents().retrieve(pi.getId());
        assertEquals("succeeded", onServer.getStatus());
        assertEquals(499L, onServer.getAmountReceived());
        assertEquals(customer.getId(), onServer.getCustomer());
        assertEquals("p-9", onServer.getMetadata().get("purchase_id"));
        assertEquals("succeeded", server.v1().charges().retrieve(onServer.getLatestCharge()).getStatus());
        List<Event> succeeded = server.v1().events().list(EventListParams.builder().setType("payment_intent.succeeded").setLimit(100L).build()).getData();
        assertTrue(succeeded.stream().anyMatch(e -> e.getDataObjectDeserializer().getRawJson().contains(pi.getId())));
    }

    @Test
    void aDeclinedCardIsTheSame402CardErrorWithTheClientViewInside() throws Exception {
        StripeClient server = Emulator.client(base);
        StripeClient browser = Emulator.client(base, PUBLISHABLE_KEY);
        PaymentIntent pi = intent(server, Emulator.customer(server, "declined@example.com").getId());

        CardException e = assertThrows(CardException.class, () -> browser.v1().paymentIntents().confirm(pi.getId(),
                confirm(pi.getClientSecret(), "pm_card_chargeDeclined")));
        assertEquals(402, e.getStatusCode());
        assertEquals("card_declined", e.getCode());
        assertEquals("generic_decline", e.getDeclineCode());
        assertEquals("requires_payment_method", e.getStripeError().getPaymentIntent().getStatus());
        assertNull(e.getStripeError().getPaymentIntent().getCustomer());
        assertEquals("generic_decline", server.v1().paymentIntents().retrieve(pi.getId()).getLastPaymentError().getDeclineCode());

        // Declined, then paid with another card: the browser may try again with the same secret.
        assertEquals("succeeded", browser.v1().paymentIntents().confirm(pi.getId(), confirm(pi.getClientSecret(), "pm_card_visa")).getStatus());
    }

    @Test
    void theAuthenticationCardNeedsAnActionFromTheBrowserToo() throws Exception {
        StripeClient server = Emulator.client(base);
        PaymentIntent pi = intent(server, null);
        PaymentIntent confirmed = Emulator.client(base, PUBLISHABLE_KEY).v1().paymentIntents().confirm(pi.getId(),
                confirm(pi.getClientSecret(), "pm_card_authenticationRequired"));
        assertEquals("requires_action", confirmed.getStatus());
        assertEquals("use_stripe_sdk", confirmed.getNextAction().getType());
    }

    @Test
    void theWebAppsOwnRequestShapeConfirms() throws Exception {
        PaymentIntent pi = intent(Emulator.client(base), null);
        // As web-app/src/payments/stripeConfirm.ts sends it: Bearer publishable key, form client_secret and payment_method.
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        base.toURI().resolve("/v1/payment_intents/" + pi.getId() + "/confirm"))
                .header("Authorization", "Bearer " + PUBLISHABLE_KEY)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("client_secret=" + URLEncoder.encode(pi.getClientSecret(), StandardCharsets.UTF_8)
                        + "&payment_method=pm_card_visa")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode body = new ObjectMapper().readTree(answer.body());
        assertEquals("succeeded", body.get("status").asText());
        assertTrue(body.path("metadata").isMissingNode());
    }

    @Test
    void aVipSubscriptionsFirstInvoiceIsPaidFromTheBrowser() throws Exception {
        StripeClient server = Emulator.client(base);
        Customer customer = Emulator.customer(server, "vip-browser@example.com");
        Subscription sub = server.v1().subscriptions().create(SubscriptionCreateParams.builder().setCustomer(customer.getId())
                .addItem(SubscriptionCreateParams.Item.builder().setPrice(Emulator.monthlyPrice(server, 999).getId()).build())
                .setPaymentBehavior(SubscriptionCreateParams.PaymentBehavior.DEFAULT_INCOMPLETE)
                .addExpand("latest_invoice.confirmation_secret").build());
        assertEquals("incomplete", sub.getStatus());
        Invoice invoice = sub.getLatestInvoiceObject();
        String clientSecret = invoice.getConfirmationSecret().getClientSecret();
        String intentId = clientSecret.substring(0, clientSecret.indexOf("_secret_"));

        PaymentIntent pi = Emulator.client(base, PUBLISHABLE_KEY).v1().paymentIntents().confirm(intentId, confirm(clientSecret, "pm_card_visa"));
        assertEquals("succeeded", pi.getStatus());
        assertEquals("active", server.v1().subscriptions().retrieve(sub.getId()).getStatus());
        assertEquals("paid", server.v1().invoices().retrieve(invoice.getId()).getStatus());
    }

    @Test
    void anotherMissingOrWrongClientSecretIsRefusedAndTheIntentIsUntouched() throws Exception {
        StripeClient server = Emulator.client(base);
        StripeClient browser = Emulator.client(base, PUBLISHABLE_KEY);
        PaymentIntent pi = intent(server, null);
        PaymentIntent other = intent(server, null);

        InvalidRequestException wrong = assertThrows(InvalidRequestException.class, () -> browser.v1().paymentIntents().confirm(pi.getId(),
                confirm(other.getClientSecret(), "pm_card_visa")));
        assertEquals(400, wrong.getStatusCode());
        assertEquals("payment_intent_invalid_parameter", wrong.getCode());
        assertEquals("client_secret", wrong.getParam());
        InvalidRequestException missing = assertThrows(InvalidRequestException.class, () -> browser.v1().paymentIntents().confirm(pi.getId(),
                PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_visa").build()));
        assertEquals("parameter_missing", missing.getCode());
        assertEquals("requires_payment_method", server.v1().paymentIntents().retrieve(pi.getId()).getStatus());

        assertEquals("payment_intent_invalid_parameter", assertThrows(InvalidRequestException.class,
                () -> browser.v1().paymentIntents().retrieve(pi.getId(), withSecret(other.getClientSecret()), null)).getCode());
        assertEquals("parameter_missing", assertThrows(InvalidRequestException.class,
                () -> browser.v1().paymentIntents().retrieve(pi.getId())).getCode());
        assertEquals(404, assertThrows(InvalidRequestException.class,
                () -> browser.v1().paymentIntents().retrieve("pi_unknown", withSecret(pi.getClientSecret()), null)).getStatusCode());
    }

    @Test
    void everyOtherCallWithThePublishableKeyNeedsTheSecretKey() throws Exception {
        StripeClient server = Emulator.client(base);
        StripeClient browser = Emulator.client(base, PUBLISHABLE_KEY);
        PaymentIntent pi = server.v1().paymentIntents().confirm(intent(server, null).getId(),
                PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_visa").build());
        String secret = pi.getClientSecret();
        Map<String, Executable> calls = Map.of(
                "create an intent", () -> browser.v1().paymentIntents().create(PaymentIntentCreateParams.builder().setAmount(100L).setCurrency("usd").build()),
                "update an intent", () -> browser.v1().paymentIntents().update(pi.getId(), PaymentIntentUpdateParams.builder()
                        .putExtraParam("client_secret", secret).setDescription("mine").build()),
                "cancel an intent", () -> browser.v1().paymentIntents().cancel(pi.getId()),
                "list intents", () -> browser.v1().paymentIntents().list(),
                "create a customer", () -> Emulator.customer(browser, "x@example.com"),
                "read a charge", () -> browser.v1().charges().retrieve(pi.getLatestCharge()),
                "refund", () -> browser.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(pi.getId()).build()),
                "list events", () -> browser.v1().events().list(),
                "list webhook endpoints", () -> browser.v1().webhookEndpoints().list(),
                "read a payment method", () -> browser.v1().paymentMethods().retrieve("pm_card_visa"));
        for (Map.Entry<String, Executable> call : calls.entrySet()) {
            AuthenticationException e = assertThrows(AuthenticationException.class, call.getValue(), call.getKey());
            assertEquals(401, e.getStatusCode(), call.getKey());
            assertEquals("secret_key_required", e.getCode(), call.getKey());
            assertEquals("invalid_request_error", e.getStripeError().getType(), call.getKey());
        }
        assertEquals(0L, server.v1().refunds().list().getData().stream().filter(r -> pi.getId().equals(r.getPaymentIntent())).count());
        assertNull(server.v1().paymentIntents().retrieve(pi.getId()).getDescription());

        // Another publishable key is no key of this account at all.
        AuthenticationException foreign = assertThrows(AuthenticationException.class, () -> Emulator.client(base, "pk_test_someone_else")
                .v1().paymentIntents().retrieve(pi.getId(), withSecret(secret), null));
        assertTrue(foreign.getMessage().contains("Invalid API Key provided"));
        // The secret key sees the whole object, client_secret or not.
        assertEquals("p-9", server.v1().paymentIntents().retrieve(pi.getId(), withSecret(secret), null).getMetadata().get("purchase_id"));
    }
}
