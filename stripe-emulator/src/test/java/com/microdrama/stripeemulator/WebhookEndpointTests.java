package com.microdrama.stripeemulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.stripe.StripeClient;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.model.WebhookEndpoint;
import com.stripe.net.RequestOptions;
import com.stripe.net.Webhook;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.WebhookEndpointCreateParams;
import com.stripe.param.WebhookEndpointCreateParams.EnabledEvent;
import com.stripe.param.WebhookEndpointListParams;
import com.stripe.param.WebhookEndpointUpdateParams;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(WebhookReceiver.class)
class WebhookEndpointTests {

    @TestHTTPResource("/")
    URL base;

    /** Endpoints outlive a test otherwise, and every later event of every test class would go to them too. */
    @AfterEach
    void deleteEndpoints() throws Exception {
        StripeClient stripe = Emulator.client(base);
        for (WebhookEndpoint endpoint : stripe.v1().webhookEndpoints().list(WebhookEndpointListParams.builder().setLimit(100L).build()).getData()) {
            stripe.v1().webhookEndpoints().delete(endpoint.getId());
        }
    }

    private static WebhookEndpoint endpoint(StripeClient stripe, String name, EnabledEvent... events) throws Exception {
        return stripe.v1().webhookEndpoints().create(WebhookEndpointCreateParams.builder()
                .setUrl(WebhookReceiver.endpointUrl(name)).addAllEnabledEvent(List.of(events)).build());
    }

    private static String name() {
        return "we-" + UUID.randomUUID();
    }

    /** A customer whose {@code customer.created} carries the marker; its event as the configured URL got it. */
    private static Event customerCreated(StripeClient stripe, String marker) throws Exception {
        stripe.v1().customers().create(CustomerCreateParams.builder().setEmail("endpoint@example.com").putMetadata("marker", marker).build());
        await().atMost(Duration.ofSeconds(5)).until(() -> WebhookReceiver.RECEIVED.stream().anyMatch(r -> r.payload().contains(marker)));
        WebhookReceiver.Received received = WebhookReceiver.RECEIVED.stream().filter(r -> r.payload().contains(marker)).findFirst().orElseThrow();
        return Webhook.constructEvent(received.payload(), received.signature(), Emulator.WEBHOOK_SECRET);
    }

    private static List<WebhookReceiver.Received> receivedAt(String name, String marker) {
        return WebhookReceiver.receivedAt(name).stream().filter(r -> r.payload().contains(marker)).toList();
    }

    /** What the endpoint received with the marker, once it received anything. */
    private static List<WebhookReceiver.Received> awaitAt(String name, String marker) {
        await().atMost(Duration.ofSeconds(5)).until(() -> !receivedAt(name, marker).isEmpty());
        return receivedAt(name, marker);
    }

    /** Where the event's deliveries go: {@code configured} for the configured URL, else the endpoint's id. */
    private List<String> targets(Event event) throws Exception {
        return Emulator.deliveries(base, event.getId()).stream().map(d -> d.get("webhookEndpoint").asText("configured")).toList();
    }

    @Test
    void anEndpointIsStripeShapedAndItsSecretIsInTheCreateAnswerOnly() throws Exception {
        StripeClient stripe = Emulator.client(base);
        String name = name();
        WebhookEndpoint created = stripe.v1().webhookEndpoints().create(WebhookEndpointCreateParams.builder()
                .setUrl(WebhookReceiver.endpointUrl(name)).addEnabledEvent(EnabledEvent.CUSTOMER__CREATED)
                .addEnabledEvent(EnabledEvent.PAYMENT_INTENT__SUCCEEDED).setDescription("payments")
                .putMetadata("owner", "payment-service").setApiVersion(WebhookEndpointCreateParams.ApiVersion.VERSION_2025_11_17_CLOVER)
                .build());
        assertTrue(created.getId().matches("we_Emu\\d{10}"), created.getId());
        assertEquals("webhook_endpoint", created.getObject());
        assertEquals("enabled", created.getStatus());
        assertFalse(created.getLivemode());
        assertEquals(WebhookReceiver.endpointUrl(name), created.getUrl());
        assertEquals(List.of("customer.created", "payment_intent.succeeded"), created.getEnabledEvents());
        assertEquals("payments", created.getDescription());
        assertEquals(Map.of("owner", "payment-service"), created.getMetadata());
        assertEquals("2025-11-17.clover", created.getApiVersion());
        assertTrue(created.getCreated() > 0);
        assertTrue(created.getSecret().matches("whsec_[A-Za-z0-9]{32}"), created.getSecret());

        WebhookEndpoint retrieved = stripe.v1().webhookEndpoints().retrieve(created.getId());
        assertEquals(created.getUrl(), retrieved.getUrl());
        assertNull(retrieved.getSecret());
        WebhookEndpoint listed = stripe.v1().webhookEndpoints().list(WebhookEndpointListParams.builder().build()).getData().stream()
                .filter(e -> e.getId().equals(created.getId())).findFirst().orElseThrow();
        assertNull(listed.getSecret());
        assertNull(stripe.v1().webhookEndpoints().update(created.getId(), WebhookEndpointUpdateParams.builder().setDescription("x").build()).getSecret());
        assertNotEquals(created.getSecret(), endpoint(stripe, name(), EnabledEvent.ALL).getSecret());
    }

    @Test
    void endpointsAreUpdatedDisabledEnabledAndDeleted() throws Exception {
        StripeClient stripe = Emulator.client(base);
        WebhookEndpoint endpoint = endpoint(stripe, name(), EnabledEvent.ALL);
        String otherUrl = WebhookReceiver.endpointUrl(name());
        WebhookEndpoint updated = stripe.v1().webhookEndpoints().update(endpoint.getId(), WebhookEndpointUpdateParams.builder()
                .setUrl(otherUrl).addEnabledEvent(WebhookEndpointUpdateParams.EnabledEvent.CHARGE__REFUNDED)
                .setDescription("refunds").putMetadata("k", "v").build());
        assertEquals(otherUrl, updated.getUrl());
        assertEquals(List.of("charge.refunded"), updated.getEnabledEvents());
        assertEquals("refunds", updated.getDescription());
        assertEquals("v", updated.getMetadata().get("k"));

        WebhookEndpointUpdateParams disable = WebhookEndpointUpdateParams.builder().setDisabled(true).build();
        assertEquals("disabled", stripe.v1().webhookEndpoints().update(endpoint.getId(), disable).getStatus());
        assertEquals("disabled", stripe.v1().webhookEndpoints().retrieve(endpoint.getId()).getStatus());
        WebhookEndpointUpdateParams enable = WebhookEndpointUpdateParams.builder().setDisabled(false).build();
        assertEquals("enabled", stripe.v1().webhookEndpoints().update(endpoint.getId(), enable).getStatus());

        WebhookEndpoint deleted = stripe.v1().webhookEndpoints().delete(endpoint.getId());
        assertEquals(endpoint.getId(), deleted.getId());
        assertTrue(deleted.getDeleted());
        assertResourceMissing(() -> stripe.v1().webhookEndpoints().retrieve(endpoint.getId()));
        assertTrue(stripe.v1().webhookEndpoints().list(WebhookEndpointListParams.builder().setLimit(100L).build()).getData().stream()
                .noneMatch(e -> e.getId().equals(endpoint.getId())));
    }

    @Test
    void unknownEndpointsAre404ResourceMissing() {
        StripeClient stripe = Emulator.client(base);
        assertResourceMissing(() -> stripe.v1().webhookEndpoints().retrieve("we_missing"));
        assertResourceMissing(() -> stripe.v1().webhookEndpoints().update("we_missing",
                WebhookEndpointUpdateParams.builder().setDisabled(true).build()));
        assertResourceMissing(() -> stripe.v1().webhookEndpoints().delete("we_missing"));
    }

    private static void assertResourceMissing(Executable call) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, call);
        assertEquals(404, e.getStatusCode());
        assertEquals("resource_missing", e.getCode());
        assertEquals("id", e.getParam());
    }

    @Test
    void urlAndEnabledEventsAreRequired() {
        StripeClient stripe = Emulator.client(base);
        InvalidRequestException noEvents = assertThrows(InvalidRequestException.class, () -> stripe.v1().webhookEndpoints()
                .create(WebhookEndpointCreateParams.builder().setUrl(WebhookReceiver.endpointUrl(name())).build()));
        assertEquals("parameter_missing", noEvents.getCode());
        assertEquals("enabled_events", noEvents.getParam());
        InvalidRequestException noUrl = assertThrows(InvalidRequestException.class, () -> stripe.v1().webhookEndpoints()
                .create(WebhookEndpointCreateParams.builder().addEnabledEvent(EnabledEvent.ALL).build()));
        assertEquals("url", noUrl.getParam());
        InvalidRequestException badUrl = assertThrows(InvalidRequestException.class, () -> stripe.v1().webhookEndpoints()
                .create(WebhookEndpointCreateParams.builder().setUrl("not a url").addEnabledEvent(EnabledEvent.ALL).build()));
        assertEquals("url_invalid", badUrl.getCode());
    }

    @Test
    void aCreateRepeatedWithItsIdempotencyKeyIsTheSameEndpointAndSecret() throws Exception {
        StripeClient stripe = Emulator.client(base);
        RequestOptions key = RequestOptions.builder().setIdempotencyKey(UUID.randomUUID().toString()).build();
        WebhookEndpointCreateParams params = WebhookEndpointCreateParams.builder().setUrl(WebhookReceiver.endpointUrl(name()))
                .addEnabledEvent(EnabledEvent.ALL).build();
        WebhookEndpoint first = stripe.v1().webhookEndpoints().create(params, key);
        WebhookEndpoint again = stripe.v1().webhookEndpoints().create(params, key);
        assertEquals(first.getId(), again.getId());
        assertEquals(first.getSecret(), again.getSecret());
        assertEquals(1, stripe.v1().webhookEndpoints().list(WebhookEndpointListParams.builder().setLimit(100L).build()).getData().size());
        assertThrows(IdempotencyException.class, () -> stripe.v1().webhookEndpoints().create(WebhookEndpointCreateParams.builder()
                .setUrl(WebhookReceiver.endpointUrl(name())).addEnabledEvent(EnabledEvent.ALL).build(), key));
    }

    @Test
    void everyEventGoesToTheConfiguredUrlAndToEachEndpointSignedWithItsOwnSecret() throws Exception {
        StripeClient stripe = Emulator.client(base);
        String name = name();
        WebhookEndpoint endpoint = endpoint(stripe, name, EnabledEvent.ALL);
        String marker = UUID.randomUUID().toString();
        Event configured = customerCreated(stripe, marker);
        WebhookReceiver.Received received = awaitAt(name, marker).get(0);

        Event event = Webhook.constructEvent(received.payload(), received.signature(), endpoint.getSecret());
        assertEquals("customer.created", event.getType());
        assertEquals(configured.getId(), event.getId());
        assertEquals(2L, event.getPendingWebhooks());
        assertThrows(SignatureVerificationException.class,
                () -> Webhook.constructEvent(received.payload(), received.signature(), Emulator.WEBHOOK_SECRET));

        await().atMost(Duration.ofSeconds(5)).until(() -> Emulator.deliveries(base, event.getId()).stream()
                .allMatch(d -> "delivered".equals(d.get("status").asText())));
        assertEquals(List.of("configured", endpoint.getId()), targets(event));
        assertEquals(WebhookReceiver.endpointUrl(name), delivery(event, endpoint).get("url").asText());
    }

    @Test
    void anEndpointGetsOnlyTheEventTypesItIsEnabledFor() throws Exception {
        StripeClient stripe = Emulator.client(base);
        String name = name();
        WebhookEndpoint endpoint = endpoint(stripe, name, EnabledEvent.PAYMENT_INTENT__SUCCEEDED);
        String marker = UUID.randomUUID().toString();
        Event customerCreated = customerCreated(stripe, marker);
        PaymentIntent paid = stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder().setAmount(499L).setCurrency("usd")
                .setPaymentMethod("pm_card_visa").setConfirm(true).putMetadata("marker", marker).build());
        assertEquals("succeeded", paid.getStatus());

        List<String> types = awaitAt(name, marker).stream().map(r -> {
            try {
                return Webhook.constructEvent(r.payload(), r.signature(), endpoint.getSecret()).getType();
            } catch (SignatureVerificationException e) {
                throw new AssertionError(e);
            }
        }).toList();
        assertEquals(List.of("payment_intent.succeeded"), types);
        // Deliveries are recorded when the event is made, so none to this endpoint means none will come.
        assertEquals(List.of("configured"), targets(customerCreated));
    }

    @Test
    void aDisabledOrDeletedEndpointGetsNothingNew() throws Exception {
        StripeClient stripe = Emulator.client(base);
        String disabledName = name();
        String deletedName = name();
        WebhookEndpoint disabled = endpoint(stripe, disabledName, EnabledEvent.ALL);
        WebhookEndpoint deleted = endpoint(stripe, deletedName, EnabledEvent.ALL);
        stripe.v1().webhookEndpoints().update(disabled.getId(), WebhookEndpointUpdateParams.builder().setDisabled(true).build());
        stripe.v1().webhookEndpoints().delete(deleted.getId());

        String marker = UUID.randomUUID().toString();
        Event event = customerCreated(stripe, marker);
        assertEquals(1L, event.getPendingWebhooks());
        assertEquals(List.of("configured"), targets(event));
        assertTrue(receivedAt(disabledName, marker).isEmpty());
        assertTrue(receivedAt(deletedName, marker).isEmpty());

        stripe.v1().webhookEndpoints().update(disabled.getId(), WebhookEndpointUpdateParams.builder().setDisabled(false).build());
        String again = UUID.randomUUID().toString();
        customerCreated(stripe, again);
        awaitAt(disabledName, again);
        assertTrue(receivedAt(deletedName, again).isEmpty());
    }

    @Test
    void eachTargetRetriesOnItsOwnAndRetriesStopWhenTheEndpointIsDisabled() throws Exception {
        StripeClient stripe = Emulator.client(base);
        String flaky = name();
        String down = name();
        WebhookEndpoint flakyEndpoint = endpoint(stripe, flaky, EnabledEvent.CUSTOMER__CREATED);
        WebhookEndpoint downEndpoint = endpoint(stripe, down, EnabledEvent.CUSTOMER__CREATED);
        WebhookReceiver.failAtEndpoint(flaky, 1);
        WebhookReceiver.failAtEndpoint(down, 100);

        String marker = UUID.randomUUID().toString();
        Event event = customerCreated(stripe, marker);
        awaitAt(down, marker);
        stripe.v1().webhookEndpoints().update(downEndpoint.getId(), WebhookEndpointUpdateParams.builder().setDisabled(true).build());

        await().atMost(Duration.ofSeconds(10)).until(() -> "delivered".equals(delivery(event, flakyEndpoint).get("status").asText())
                && "canceled".equals(delivery(event, downEndpoint).get("status").asText()));
        assertEquals(List.of(500, 200), receivedAt(flaky, marker).stream().map(WebhookReceiver.Received::answered).toList());
        JsonNode configured = Emulator.deliveries(base, event.getId()).stream().filter(d -> d.get("webhookEndpoint").isNull()).findFirst().orElseThrow();
        assertEquals(1, configured.get("attempts").size());
        int attemptsToDown = delivery(event, downEndpoint).get("attempts").size();
        assertTrue(attemptsToDown < 4, "retries went on after the endpoint was disabled: " + attemptsToDown);
        assertEquals(attemptsToDown, receivedAt(down, marker).size());
    }

    private JsonNode delivery(Event event, WebhookEndpoint endpoint) throws Exception {
        return Emulator.deliveries(base, event.getId()).stream().filter(d -> endpoint.getId().equals(d.get("webhookEndpoint").asText(null)))
                .findFirst().orElseThrow();
    }
}
