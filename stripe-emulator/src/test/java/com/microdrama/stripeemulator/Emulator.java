package com.microdrama.stripeemulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.model.Price;
import com.stripe.model.Product;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.PriceCreateParams;
import com.stripe.param.ProductCreateParams;

import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** Stripe's own Java client pointed at the emulator under test: nothing but the API base differs from real Stripe. */
final class Emulator {

    static final String API_KEY = "sk_test_emulator_tests";
    static final String WEBHOOK_SECRET = "whsec_emulator_tests";

    private Emulator() {
    }

    static StripeClient client(URL base) {
        return client(base, API_KEY);
    }

    static StripeClient client(URL base, String apiKey) {
        return StripeClient.builder().setApiKey(apiKey).setApiBase(base.toString().replaceAll("/$", "")).build();
    }

    static Customer customer(StripeClient stripe, String email) throws StripeException {
        return stripe.v1().customers().create(CustomerCreateParams.builder().setEmail(email).build());
    }

    /** The emulator's own record of webhook deliveries of one event ({@code /_emulator/deliveries}, not Stripe's API). */
    static List<JsonNode> deliveries(URL base, String eventId) throws Exception {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.toURI().resolve("/_emulator/deliveries")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode delivery : new ObjectMapper().readTree(body)) {
            if (eventId.equals(delivery.get("eventId").asText())) {
                out.add(delivery);
            }
        }
        return out;
    }

    static Price monthlyPrice(StripeClient stripe, long amount) throws StripeException {
        Product product = stripe.v1().products().create(ProductCreateParams.builder().setName("VIP").build());
        return stripe.v1().prices().create(PriceCreateParams.builder().setProduct(product.getId()).setCurrency("usd")
                .setUnitAmount(amount).setRecurring(PriceCreateParams.Recurring.builder()
                        .setInterval(PriceCreateParams.Recurring.Interval.MONTH).build()).build());
    }
}
