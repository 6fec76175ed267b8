package com.microdrama.stripeemulator;

import com.stripe.StripeClient;
import com.stripe.model.Customer;
import com.stripe.model.Price;
import com.stripe.model.Product;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.CustomerListParams;
import com.stripe.param.CustomerSearchParams;
import com.stripe.param.PriceCreateParams;
import com.stripe.param.PriceListParams;
import com.stripe.param.ProductCreateParams;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(WebhookReceiver.class)
class CatalogAndCustomerTests {

    @TestHTTPResource("/")
    URL base;

    @Test
    void productsAndRecurringPricesAreCreatedRetrievedAndListed() throws Exception {
        StripeClient stripe = Emulator.client(base);
        Product product = stripe.v1().products().create(ProductCreateParams.builder().setName("Coins 500").putMetadata("pack", "coins-500").build());
        assertTrue(product.getId().startsWith("prod_"));
        assertEquals("coins-500", product.getMetadata().get("pack"));
        Price oneTime = stripe.v1().prices().create(PriceCreateParams.builder().setProduct(product.getId()).setCurrency("usd").setUnitAmount(499L).build());
        assertEquals("one_time", oneTime.getType());
        assertEquals(499L, oneTime.getUnitAmount());

        Price monthly = Emulator.monthlyPrice(stripe, 1999);
        assertTrue(monthly.getId().startsWith("price_"));
        assertEquals("recurring", monthly.getType());
        assertEquals("month", monthly.getRecurring().getInterval());
        assertEquals(1L, monthly.getRecurring().getIntervalCount());
        assertEquals(monthly.getId(), stripe.v1().prices().retrieve(monthly.getId()).getId());
        assertEquals("Coins 500", stripe.v1().products().retrieve(product.getId()).getName());
        List<Price> prices = stripe.v1().prices().list(PriceListParams.builder().setProduct(product.getId()).build()).getData();
        assertEquals(List.of(oneTime.getId()), prices.stream().map(Price::getId).toList());
    }

    @Test
    void customersAreFoundByEmailAndByMetadata() throws Exception {
        StripeClient stripe = Emulator.client(base);
        Customer customer = stripe.v1().customers().create(CustomerCreateParams.builder().setEmail("ana@example.com").setName("Ana")
                .putMetadata("user_id", "user-ana").build());
        assertTrue(customer.getId().startsWith("cus_"));
        assertFalse(customer.getLivemode());
        assertNotNull(customer.getInvoiceSettings());
        assertEquals("user-ana", stripe.v1().customers().retrieve(customer.getId()).getMetadata().get("user_id"));

        List<Customer> byEmail = stripe.v1().customers().list(CustomerListParams.builder().setEmail("ana@example.com").build()).getData();
        assertEquals(List.of(customer.getId()), byEmail.stream().map(Customer::getId).toList());
        List<Customer> byMetadata = stripe.v1().customers().search(CustomerSearchParams.builder()
                .setQuery("metadata['user_id']:'user-ana'").build()).getData();
        assertEquals(List.of(customer.getId()), byMetadata.stream().map(Customer::getId).toList());
    }
}
