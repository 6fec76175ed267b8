package com.microdrama.stripeemulator;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.model.Customer;
import com.stripe.model.Price;
import com.stripe.model.Product;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.CustomerListParams;
import com.stripe.param.CustomerSearchParams;
import com.stripe.param.PriceCreateParams;
import com.stripe.param.PriceListParams;
import com.stripe.param.PriceUpdateParams;
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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
    void aProductTakesTheIdItsCreatorChoseOnce() throws Exception {
        StripeClient stripe = Emulator.client(base);
        Product vip = stripe.v1().products().create(ProductCreateParams.builder().setId("prod_tests_vip").setName("VIP").build());
        assertEquals("prod_tests_vip", vip.getId());
        assertEquals("VIP", stripe.v1().products().retrieve("prod_tests_vip").getName());

        InvalidRequestException again = assertThrows(InvalidRequestException.class, () -> stripe.v1().products()
                .create(ProductCreateParams.builder().setId("prod_tests_vip").setName("VIP again").build()));
        assertEquals(400, again.getStatusCode());
        assertEquals("resource_already_exists", again.getCode());
        assertEquals("VIP", stripe.v1().products().retrieve("prod_tests_vip").getName());
    }

    @Test
    void aLookupKeyNamesOnePriceAndMovesOnlyWhenTransferred() throws Exception {
        StripeClient stripe = Emulator.client(base);
        Product product = stripe.v1().products().create(ProductCreateParams.builder().setName("VIP weekly").build());
        Price first = stripe.v1().prices().create(weekly(product, 1999).setLookupKey("tests-vip-weekly").build());
        assertEquals("tests-vip-weekly", first.getLookupKey());
        assertEquals(List.of(first.getId()), idsByLookupKey(stripe, "tests-vip-weekly"));

        InvalidRequestException taken = assertThrows(InvalidRequestException.class, () -> stripe.v1().prices()
                .create(weekly(product, 2499).setLookupKey("tests-vip-weekly").build()));
        assertEquals(400, taken.getStatusCode());
        assertEquals("lookup_key", taken.getParam());
        assertTrue(taken.getStripeError().getMessage().contains(first.getId()), taken.getMessage());
        assertEquals(List.of(first.getId()), idsByLookupKey(stripe, "tests-vip-weekly"), "a refused price is not created");

        Price second = stripe.v1().prices().create(weekly(product, 2499).setLookupKey("tests-vip-weekly").setTransferLookupKey(true).build());
        assertEquals("tests-vip-weekly", second.getLookupKey());
        assertNull(stripe.v1().prices().retrieve(first.getId()).getLookupKey(), "the key moved away from the first price");
        assertEquals(List.of(second.getId()), idsByLookupKey(stripe, "tests-vip-weekly"));

        // on update: taking a key another price has is refused the same way, unless transferred
        assertThrows(InvalidRequestException.class, () -> stripe.v1().prices()
                .update(first.getId(), PriceUpdateParams.builder().setLookupKey("tests-vip-weekly").build()));
        Price back = stripe.v1().prices().update(first.getId(), PriceUpdateParams.builder().setLookupKey("tests-vip-weekly")
                .setTransferLookupKey(true).setNickname("weekly, old price").build());
        assertEquals("tests-vip-weekly", back.getLookupKey());
        assertEquals("weekly, old price", back.getNickname());
        assertNull(stripe.v1().prices().retrieve(second.getId()).getLookupKey());

        // several keys at once, and archived prices left out by active=true
        Price other = stripe.v1().prices().create(weekly(product, 999).setLookupKey("tests-vip-other").build());
        assertEquals(List.of(other.getId(), first.getId()), stripe.v1().prices().list(PriceListParams.builder()
                .addLookupKey("tests-vip-weekly").addLookupKey("tests-vip-other").build()).getData().stream().map(Price::getId).toList());
        Price archived = stripe.v1().prices().update(other.getId(), PriceUpdateParams.builder().setActive(false).build());
        assertFalse(archived.getActive());
        assertEquals(List.of(), stripe.v1().prices().list(PriceListParams.builder().addLookupKey("tests-vip-other").setActive(true).build())
                .getData().stream().map(Price::getId).toList());
        assertEquals(List.of(first.getId()), stripe.v1().prices().list(PriceListParams.builder().addLookupKey("tests-vip-weekly").setActive(true).build())
                .getData().stream().map(Price::getId).toList());
    }

    private static PriceCreateParams.Builder weekly(Product product, long amount) {
        return PriceCreateParams.builder().setProduct(product.getId()).setCurrency("usd").setUnitAmount(amount)
                .setRecurring(PriceCreateParams.Recurring.builder().setInterval(PriceCreateParams.Recurring.Interval.WEEK).build());
    }

    private static List<String> idsByLookupKey(StripeClient stripe, String key) throws Exception {
        return stripe.v1().prices().list(PriceListParams.builder().addLookupKey(key).build()).getData().stream().map(Price::getId).toList();
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
