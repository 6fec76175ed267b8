package com.microdrama.stripeemulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stripe.Stripe;
import com.stripe.StripeClient;
import com.stripe.model.Customer;
import com.stripe.model.Event;
import com.stripe.net.Webhook;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.EventListParams;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(WebhookReceiver.class)
class WebhookTests {

    @TestHTTPResource("/")
    URL base;

    private static List<WebhookReceiver.Received> receivedWith(String marker) {
        return WebhookReceiver.RECEIVED.stream().filter(r -> r.payload().contains(marker)).toList();
    }

    private Customer customer(StripeClient stripe, String marker) throws Exception {
        return stripe.v1().customers().create(CustomerCreateParams.builder().setEmail("hook@example.com").putMetadata("marker", marker).build());
    }

    @Test
    void eventsArriveSignedAsStripeSignsThemAndParseInStripeJava() throws Exception {
        StripeClient stripe = Emulator.client(base);
        String marker = UUID.randomUUID().toString();
        Customer customer = customer(stripe, marker);
        await().atMost(Duration.ofSeconds(5)).until(() -> !receivedWith(marker).isEmpty());
        WebhookReceiver.Received received = receivedWith(marker).get(0);
        assertTrue(received.signature().matches("t=\\d+,v1=[0-9a-f]{64}"));

        Event event = Webhook.constructEvent(received.payload(), received.signature(), Emulator.WEBHOOK_SECRET);
        assertEquals("customer.created", event.getType());
        assertEquals(Stripe.API_VERSION, event.getApiVersion());
        assertEquals(Boolean.FALSE, event.getLivemode());
        assertTrue(event.getId().startsWith("evt_"));
        assertTrue(event.getRequest().getId().startsWith("req_"));
        Customer inEvent = assertInstanceOf(Customer.class, event.getDataObjectDeserializer().getObject().orElseThrow());
        assertEquals(customer.getId(), inEvent.getId());

        Event viaApi = stripe.v1().events().retrieve(event.getId());
        assertEquals("customer.created", viaApi.getType());
        var listed = stripe.v1().events().list(EventListParams.builder().setType("customer.*").setLimit(100L).build());
        assertTrue(listed.getData().stream().anyMatch(e -> e.getId().equals(event.getId())));
    }

    @Test
    void aDeliveryAnswered500IsRetriedUntilTheEndpointTakesIt() throws Exception {
        String marker = UUID.randomUUID().toString();
        WebhookReceiver.failFirst(marker, 1);
        JsonNode delivery = deliveredSecondTime(marker);
        assertEquals(List.of(500, 200), receivedWith(marker).stream().map(WebhookReceiver.Received::answered).toList());
        assertEquals(500, delivery.get("attempts").get(0).get("httpStatus").asInt());
        assertEquals(200, delivery.get("attempts").get(1).get("httpStatus").asInt());
    }

    @Test
    void aDeliveryThatTimesOutIsRetried() throws Exception {
        String marker = UUID.randomUUID().toString();
        WebhookReceiver.stallFirst(marker, 1);
        JsonNode first = deliveredSecondTime(marker).get("attempts").get(0);
        assertTrue(first.get("httpStatus").isNull(), first.toString());
        assertTrue(first.get("error").asText().contains("Timeout"), first.toString());
    }

    /** Creates a customer whose event carries the marker; both attempts are the same signed event; its delivery record. */
    private JsonNode deliveredSecondTime(String marker) throws Exception {
        customer(Emulator.client(base), marker);
        await().atMost(Duration.ofSeconds(10)).until(() -> receivedWith(marker).size() == 2);
        List<String> ids = new java.util.ArrayList<>();
        for (WebhookReceiver.Received attempt : receivedWith(marker)) {
            ids.add(Webhook.constructEvent(attempt.payload(), attempt.signature(), Emulator.WEBHOOK_SECRET).getId());
        }
        assertEquals(ids.get(0), ids.get(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> "delivered".equals(delivery(ids.get(0)).path("status").asText()));
        return delivery(ids.get(0));
    }

    /** The delivery to the configured URL (webhook endpoints have their own). */
    private JsonNode delivery(String eventId) throws Exception {
        return Emulator.deliveries(base, eventId).stream().filter(d -> d.get("webhookEndpoint").isNull()).findFirst()
                .orElseGet(() -> new ObjectMapper().createObjectNode());
    }
}
