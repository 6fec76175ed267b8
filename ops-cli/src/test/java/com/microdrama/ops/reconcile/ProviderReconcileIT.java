package com.microdrama.ops.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microdrama.ops.Cli;
import com.microdrama.testsupport.LocalSecrets;
import com.stripe.StripeClient;
import com.stripe.model.Customer;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Price;
import com.stripe.model.Product;
import com.stripe.model.Subscription;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PriceCreateParams;
import com.stripe.param.ProductCreateParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.SubscriptionCreateParams;
import com.stripe.param.SubscriptionUpdateParams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * reconcile-provider against the local platform's Stripe emulator (objects made through stripe-java, as payment-service
 * makes them) and a private schema in {@code payments_test}: exactly the differences put in are reported, with both
 * sides' ids, and once our rows are set right the command exits 0. Other tests create objects in the same emulator at
 * the same time; {@code --since} and {@code --user} keep this test to its own.
 */
class ProviderReconcileIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER = "ops-it-stripe-" + UUID.randomUUID();
    /** One open subscription per user (payment-service's rule), so each subscription has a viewer of its own. */
    private static final String VIP_USER_1 = USER + "-vip1";
    private static final String VIP_USER_2 = USER + "-vip2";
    private static final String VIP_USER_3 = USER + "-vip3";
    private static final Set<String> USERS = Set.of(USER, VIP_USER_1, VIP_USER_2, VIP_USER_3);
    private static final String OTHER_USER = "ops-it-stripe-other-" + UUID.randomUUID();
    private static final Instant SINCE = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(2);

    private static final UUID UNRECORDED = UUID.randomUUID();
    private static final UUID AGREES = UUID.randomUUID();
    private static final UUID UNPAID = UUID.randomUUID();
    private static final UUID WRONG_AMOUNT = UUID.randomUUID();
    private static final UUID GHOST = UUID.randomUUID();
    private static final UUID REFUNDED_THERE = UUID.randomUUID();
    private static final UUID CANCELLING = UUID.randomUUID();
    private static final UUID TRIAL = UUID.randomUUID();
    private static final UUID WRONG_STATUS = UUID.randomUUID();

    private static ScratchSchemas payments;
    private static StripeClient stripe;
    private static Path keyFile;
    private static final List<String> EXPECTED = new ArrayList<>();
    private static String refundedIntent;
    private static String ghostIntent;

    @BeforeAll
    static void putDifferencesIn() throws Exception {
        payments = new ScratchSchemas("payments_test", "payment-service");
        String key = LocalSecrets.get("STRIPE_API_KEY");
        keyFile = Files.createTempFile("ops-it-stripe-key", ".txt");
        Files.writeString(keyFile, key);
        stripe = StripeClient.builder().setApiKey(key).setApiBase(apiBase()).build();

        // paid at Stripe, still PENDING here (the webhook never arrived)
        purchase(UNRECORDED, "PENDING", "4.99", intent(UNRECORDED, USER, 499, true).getId());
        EXPECTED.add("PAYMENT_NOT_RECORDED " + UNRECORDED);
        // both sides agree
        purchase(AGREES, "COMPLETED", "4.99", intent(AGREES, USER, 499, true).getId());
        // COMPLETED here, never confirmed at Stripe
        purchase(UNPAID, "COMPLETED", "4.99", intent(UNPAID, USER, 499, false).getId());
        EXPECTED.add("PAYMENT_NOT_AT_PROVIDER " + UNPAID);
        // Stripe charged 9.99 for a 4.99 pack
        purchase(WRONG_AMOUNT, "COMPLETED", "4.99", intent(WRONG_AMOUNT, USER, 999, true).getId());
        EXPECTED.add("AMOUNT_MISMATCH " + WRONG_AMOUNT);
        // an intent with our metadata whose purchase does not exist here
        ghostIntent = intent(GHOST, USER, 499, true).getId();
        EXPECTED.add("PURCHASE_MISSING " + GHOST);
        // refunded in part at Stripe, no refund recorded here
        refundedIntent = intent(REFUNDED_THERE, USER, 499, true).getId();
        purchase(REFUNDED_THERE, "COMPLETED", "4.99", refundedIntent);
        stripe.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(refundedIntent).setAmount(200L).build());
        EXPECTED.add("REFUND_MISMATCH " + REFUNDED_THERE);
        // another user's intent in the same window: outside --user, never reported
        intent(UUID.randomUUID(), OTHER_USER, 499, true);

        Price price = stripe.v1().prices().create(PriceCreateParams.builder().setCurrency("usd").setUnitAmount(3999L)
                .setProduct(stripe.v1().products().create(ProductCreateParams.builder().setName("VIP monthly (ops IT)").build()).getId())
                .setRecurring(PriceCreateParams.Recurring.builder().setInterval(PriceCreateParams.Recurring.Interval.MONTH).build())
                .build());
        Customer customer = stripe.v1().customers().create(CustomerCreateParams.builder().setEmail(USER + "@example.com")
                .setPaymentMethod("pm_card_visa").setInvoiceSettings(CustomerCreateParams.InvoiceSettings.builder()
                        .setDefaultPaymentMethod("pm_card_visa").build()).putMetadata("userId", USER).build());
        // active and cancelling at the period end at Stripe, plain ACTIVE here
        Subscription cancelling = subscription(CANCELLING, VIP_USER_1, customer, price, null);
        assertEquals("active", cancelling.getStatus());
        stripe.v1().subscriptions().update(cancelling.getId(),
                SubscriptionUpdateParams.builder().setCancelAtPeriodEnd(true).build());
        subscriptionRow(CANCELLING, VIP_USER_1, "ACTIVE", cancelling.getId());
        EXPECTED.add("CANCEL_AT_PERIOD_END " + CANCELLING);
        // trialing on both sides
        Subscription trial = subscription(TRIAL, VIP_USER_2, customer, price, 3L);
        assertEquals("trialing", trial.getStatus());
        subscriptionRow(TRIAL, VIP_USER_2, "TRIALING", trial.getId());
        // trialing at Stripe, PAST_DUE here
        Subscription wrong = subscription(WRONG_STATUS, VIP_USER_3, customer, price, 3L);
        subscriptionRow(WRONG_STATUS, VIP_USER_3, "PAST_DUE", wrong.getId());
        EXPECTED.add("SUBSCRIPTION_STATUS " + WRONG_STATUS);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        payments.close();
        Files.deleteIfExists(keyFile);
    }

    private static String apiBase() {
        return System.getenv().getOrDefault("STRIPE_API_BASE", "http://127.0.0.1:12111");
    }

    /** A coin pack's PaymentIntent as payment-service creates it; confirmed with the test Visa card when {@code pay}. */
    private static PaymentIntent intent(UUID purchase, String user, long amount, boolean pay) throws Exception {
        PaymentIntentCreateParams.Builder p = PaymentIntentCreateParams.builder().setAmount(amount).setCurrency("usd")
                .putMetadata("purchaseId", purchase.toString()).putMetadata("userId", user);
        if (pay) {
            p.setPaymentMethod("pm_card_visa").setConfirm(true);
        }
        PaymentIntent pi = stripe.v1().paymentIntents().create(p.build());
        assertEquals(pay ? "succeeded" : "requires_payment_method", pi.getStatus());
        return pi;
    }

    private static Subscription subscription(UUID ours, String user, Customer customer, Price price, Long trialDays)
            throws Exception {
        SubscriptionCreateParams.Builder p = SubscriptionCreateParams.builder().setCustomer(customer.getId())
                .addItem(SubscriptionCreateParams.Item.builder().setPrice(price.getId()).build())
                .putMetadata("subscriptionId", ours.toString()).putMetadata("userId", user);
        if (trialDays != null) {
            p.setTrialPeriodDays(trialDays);
        }
        return stripe.v1().subscriptions().create(p.build());
    }

    private static void purchase(UUID id, String status, String price, String intent) throws Exception {
        payments.exec("insert into pack_purchase (id, user_id, pack_id, coins, bonus_coins, price_amount, currency, provider, "
                        + "provider_payment_id, status, created_at) values (?, ?, 'coins-500', 500, 50, ?, 'USD', 'stripe', ?, ?, ?)",
                id, USER, new BigDecimal(price), intent, status, Timestamp.from(Instant.now()));
    }

    private static void subscriptionRow(UUID id, String user, String status, String providerId) throws Exception {
        Instant now = Instant.now();
        payments.exec("insert into subscription (id, user_id, plan_id, status, provider, provider_subscription_id, started_at, "
                        + "current_period_start, current_period_end, created_at, updated_at) "
                        + "values (?, ?, 'vip-monthly', ?, 'stripe', ?, ?, ?, ?, ?, ?)", id, user, status, providerId,
                Timestamp.from(now), Timestamp.from(now), Timestamp.from(now.plus(30, ChronoUnit.DAYS)), Timestamp.from(now),
                Timestamp.from(now));
    }

    private static Cli.Result reconcileProvider(String... extra) {
        List<String> args = new ArrayList<>(List.of("reconcile-provider", "--provider", "stripe",
                "--payments-db-url", payments.jdbcUrl(), "--stripe-api-base", apiBase(),
                "--stripe-api-key-file", keyFile.toString(), "--since", SINCE.toString(),
                "--user", String.join(",", USERS)));
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void reportsExactlyTheDifferencesPutInThenExitsZeroOnceOurRowsAgree() throws Exception {
        Cli.Result result = reconcileProvider("--json");
        assertEquals(3, result.exitCode(), result.out() + result.err());
        JsonNode report = JSON.readTree(result.out());
        Set<String> found = new TreeSet<>();
        for (JsonNode m : report.get("mismatches")) {
            found.add(m.get("kind").asText() + " " + m.get("ourId").asText());
            assertTrue(USERS.contains(m.get("userId").asText()), m.toString());
            assertTrue(m.get("providerId").asText().startsWith("pi_") || m.get("providerId").asText().startsWith("sub_"),
                    m.toString());
        }
        assertEquals(new TreeSet<>(EXPECTED), found, result.out());
        assertEquals(EXPECTED.size(), report.get("mismatchCount").asInt());
        // five purchase rows (the ghost has none) against six intents: the other user's intent is out of scope
        assertEquals(5, report.get("scanned").get("purchases").asInt(), result.out());
        assertEquals(6, report.get("scanned").get("providerPayments").asInt(), result.out());
        for (JsonNode m : report.get("mismatches")) {
            if (m.get("kind").asText().equals("REFUND_MISMATCH")) {
                assertEquals(refundedIntent, m.get("providerId").asText());
                assertTrue(m.get("provider").asText().startsWith("2.00 USD [re_"), m.toString());
            }
            if (m.get("kind").asText().equals("PURCHASE_MISSING")) {
                assertEquals(ghostIntent, m.get("providerId").asText());
            }
        }

        Cli.Result table = reconcileProvider();
        assertEquals(3, table.exitCode(), table.err());
        assertTrue(table.out().contains("KIND") && table.out().contains(UNRECORDED.toString()), table.out());

        // set our side right: now both agree
        payments.exec("update pack_purchase set status = 'COMPLETED' where id = ?", UNRECORDED);
        payments.exec("update pack_purchase set status = 'PENDING' where id = ?", UNPAID);
        payments.exec("update pack_purchase set price_amount = 9.99 where id = ?", WRONG_AMOUNT);
        purchase(GHOST, "COMPLETED", "4.99", ghostIntent);
        payments.exec("insert into refund (id, user_id, kind, target_id, reason, source, created_by, created_at, amount, "
                        + "currency, partial) values (?, ?, 'coin-pack', ?, 'refunded at the provider', 'stripe:charge.refunded', "
                        + "'stripe', ?, 2.00, 'USD', true)", UUID.randomUUID(), USER, REFUNDED_THERE.toString(),
                Timestamp.from(Instant.now()));
        payments.exec("update pack_purchase set refunded_amount = 2.00 where id = ?", REFUNDED_THERE);
        payments.exec("update subscription set status = 'CANCELLED' where id = ?", CANCELLING);
        payments.exec("update subscription set status = 'TRIALING' where id = ?", WRONG_STATUS);

        Cli.Result clean = reconcileProvider("--json");
        assertEquals(0, clean.exitCode(), clean.out() + clean.err());
        JsonNode cleanReport = JSON.readTree(clean.out());
        assertTrue(cleanReport.get("clean").asBoolean());
        assertEquals(3, cleanReport.get("scanned").get("providerSubscriptions").asInt(), clean.out());
    }

    @Test
    void aMissingKeyIsAUsageErrorAndAWrongKeyAFailure() throws Exception {
        Path empty = Files.createTempFile("ops-it-stripe-key-empty", ".txt");
        try {
            Cli.Result none = Cli.run("reconcile-provider", "--payments-db-url", payments.jdbcUrl(), "--stripe-api-base", apiBase(),
                    "--stripe-api-key-file", empty.toString());
            assertEquals(2, none.exitCode(), none.err());
            assertTrue(none.err().contains("no Stripe API key"), none.err());
            Files.writeString(empty, "sk_test_wrong");
            Cli.Result wrong = Cli.run("reconcile-provider", "--payments-db-url", payments.jdbcUrl(), "--stripe-api-base", apiBase(),
                    "--stripe-api-key-file", empty.toString(), "--since", SINCE.toString());
            assertEquals(1, wrong.exitCode(), wrong.err());
            assertTrue(wrong.err().contains("refused the API key"), wrong.err());
        } finally {
            Files.deleteIfExists(empty);
        }
    }
}
