package com.microdrama.stripeemulator;

import com.stripe.StripeClient;
import com.stripe.model.Customer;
import com.stripe.model.Event;
import com.stripe.param.EventListParams;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A namespace per start (as the local platform sets) keeps ids from repeating after the emulator forgot everything. */
@QuarkusTest
@QuarkusTestResource(WebhookReceiver.class)
@TestProfile(IdNamespaceTests.Namespaced.class)
class IdNamespaceTests {

    public static class Namespaced implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("emulator.id-namespace", "Run7");
        }
    }

    @TestHTTPResource("/")
    URL base;

    @Test
    void everyIdCarriesTheNamespaceOfThisStart() throws Exception {
        StripeClient stripe = Emulator.client(base);
        Customer customer = Emulator.customer(stripe, "ns@example.com");
        assertTrue(customer.getId().matches("cus_EmuRun7\\d{10}"), customer.getId());
        Event created = stripe.v1().events().list(EventListParams.builder().setType("customer.created").build()).getData().get(0);
        assertTrue(created.getId().matches("evt_EmuRun7\\d{10}"), created.getId());
    }
}
