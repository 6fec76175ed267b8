package com.microdrama.ops.reconcile;

import com.microdrama.ops.reconcile.ProviderMismatch.Kind;
import com.microdrama.ops.reconcile.ProviderRows.Intent;
import com.microdrama.ops.reconcile.ProviderRows.ProviderSubscription;
import com.microdrama.ops.reconcile.ProviderRows.Purchase;
import com.microdrama.ops.reconcile.ProviderRows.Snapshot;
import com.microdrama.ops.reconcile.ProviderRows.Subscription;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The provider reconciliation rules on hand-made rows and Stripe objects: no database, no network. */
class ProviderReconcilerTest {

    private static Purchase purchase(String id, String status, String pi, String price, String currency, String refunded,
                                     String... refundIds) {
        return new Purchase(id, "u", status, pi, new BigDecimal(price), currency, new BigDecimal(refunded), List.of(refundIds));
    }

    private static Purchase purchase(String id, String status, String pi) {
        return purchase(id, status, pi, "4.99", "USD", "0.00");
    }

    private static Intent intent(String pi, String status, String purchaseId, long amount, String currency, long refunded,
                                 String... refundIds) {
        return new Intent(pi, status, amount, currency, purchaseId, "u", refunded, List.of(refundIds));
    }

    private static Intent intent(String pi, String status, String purchaseId) {
        return intent(pi, status, purchaseId, 499, "usd", 0);
    }

    private static Subscription sub(String id, String status, String providerId, String... refundIds) {
        return new Subscription(id, "u", status, providerId, List.of(refundIds));
    }

    private static ProviderSubscription stripeSub(String id, String status, boolean cancelAtPeriodEnd, String ours,
                                                  long refunded, String... refundIds) {
        return new ProviderSubscription(id, status, cancelAtPeriodEnd, ours, "u", refunded, List.of(refundIds));
    }

    private static List<ProviderMismatch> payments(List<Purchase> purchases, List<Intent> intents) {
        return ProviderReconciler.find(new Snapshot(purchases, List.of(), intents, List.of()));
    }

    private static List<ProviderMismatch> subscriptions(List<Subscription> ours, List<ProviderSubscription> theirs) {
        return ProviderReconciler.find(new Snapshot(List.of(), ours, List.of(), theirs));
    }

    /** The one mismatch found, of this kind; shared with the store rules' test. */
    static ProviderMismatch only(List<ProviderMismatch> found, Kind kind) {
        assertEquals(1, found.size(), found.toString());
        assertEquals(kind, found.get(0).kind(), found.toString());
        return found.get(0);
    }

    @Test
    void agreeingPaymentsAreClean() {
        assertEquals(List.of(), payments(
                List.of(purchase("p1", "COMPLETED", "pi_1"), purchase("p2", "PENDING", "pi_2"), purchase("p3", "FAILED", "pi_3"),
                        purchase("p4", "REFUNDED", "pi_4", "4.99", "USD", "4.99", "r4"),
                        purchase("p5", "COMPLETED", "pi_5", "1.50", "USD", "0.50", "r5")),
                List.of(intent("pi_1", "succeeded", "p1"), intent("pi_2", "requires_payment_method", "p2"),
                        intent("pi_3", "canceled", "p3"), intent("pi_4", "succeeded", "p4", 499, "usd", 499, "re_4"),
                        intent("pi_5", "succeeded", "p5", 150, "usd", 50, "re_5"))));
    }

    @Test
    void moneyTakenAtStripeButNotCompletedHere() {
        for (String ours : List.of("PENDING", "FAILED")) {
            ProviderMismatch m = only(payments(List.of(purchase("p1", ours, "pi_1")), List.of(intent("pi_1", "succeeded", "p1"))),
                    Kind.PAYMENT_NOT_RECORDED);
            assertEquals("p1", m.ourId());
            assertEquals("pi_1", m.providerId());
            assertEquals(ours, m.ours());
            assertEquals("succeeded", m.provider());
        }
    }

    @Test
    void completedHereButNotSucceededAtStripe() {
        for (String stripe : List.of("requires_payment_method", "requires_action", "processing", "canceled")) {
            ProviderMismatch m = only(payments(List.of(purchase("p1", "COMPLETED", "pi_1")), List.of(intent("pi_1", stripe, "p1"))),
                    Kind.PAYMENT_NOT_AT_PROVIDER);
            assertEquals(stripe, m.provider());
        }
        only(payments(List.of(purchase("p1", "REFUNDED", "pi_1", "4.99", "USD", "4.99", "r1")),
                List.of(intent("pi_1", "canceled", "p1"))), Kind.PAYMENT_NOT_AT_PROVIDER).toString();
    }

    @Test
    void anIntentWithOurMetadataButNoPurchase() {
        ProviderMismatch m = only(payments(List.of(), List.of(intent("pi_9", "succeeded", "p9"))), Kind.PURCHASE_MISSING);
        assertEquals("p9", m.ourId());
        assertEquals("pi_9", m.providerId());
    }

    @Test
    void aPurchaseNamingAnIntentStripeDoesNotHave() {
        ProviderMismatch m = only(payments(List.of(purchase("p1", "PENDING", "pi_gone")), List.of()), Kind.PROVIDER_OBJECT_MISSING);
        assertEquals("pi_gone", m.providerId());
        // a paid purchase naming no intent at all is one too; an unpaid one without an intent took no money
        only(payments(List.of(purchase("p2", "COMPLETED", null)), List.of()), Kind.PROVIDER_OBJECT_MISSING);
        assertEquals(List.of(), payments(List.of(purchase("p3", "FAILED", null)), List.of()));
    }

    @Test
    void amountsInMinorUnitsByCurrency() {
        // JPY has no decimals, KWD three, USD two: what payment-service charges for each
        assertEquals(List.of(), payments(List.of(purchase("p1", "COMPLETED", "pi_1", "500", "JPY", "0"),
                        purchase("p2", "COMPLETED", "pi_2", "1.250", "KWD", "0")),
                List.of(intent("pi_1", "succeeded", "p1", 500, "jpy", 0), intent("pi_2", "succeeded", "p2", 1250, "kwd", 0))));
        ProviderMismatch m = only(payments(List.of(purchase("p1", "COMPLETED", "pi_1")),
                List.of(intent("pi_1", "succeeded", "p1", 999, "usd", 0))), Kind.AMOUNT_MISMATCH);
        assertEquals("4.99 USD", m.ours());
        assertEquals("9.99 USD", m.provider());
        only(payments(List.of(purchase("p1", "COMPLETED", "pi_1")), List.of(intent("pi_1", "succeeded", "p1", 499, "eur", 0))),
                Kind.AMOUNT_MISMATCH);
        // 4.99 JPY cannot be charged at all: never equal to whatever Stripe holds
        only(payments(List.of(purchase("p1", "PENDING", "pi_1", "4.99", "JPY", "0")),
                List.of(intent("pi_1", "requires_payment_method", "p1", 5, "jpy", 0))), Kind.AMOUNT_MISMATCH);
    }

    @Test
    void refundedAmountsMustAgree() {
        ProviderMismatch m = only(payments(List.of(purchase("p1", "COMPLETED", "pi_1")),
                List.of(intent("pi_1", "succeeded", "p1", 499, "usd", 200, "re_1"))), Kind.REFUND_MISMATCH);
        assertEquals("0.00 USD", m.ours());
        assertEquals("2.00 USD [re_1]", m.provider());
        ProviderMismatch hereOnly = only(payments(List.of(purchase("p1", "REFUNDED", "pi_1", "4.99", "USD", "4.99", "r1")),
                List.of(intent("pi_1", "succeeded", "p1"))), Kind.REFUND_MISMATCH);
        assertEquals("4.99 USD [r1]", hereOnly.ours());
    }

    @Test
    void metadataThatPointsElsewhere() {
        // the purchase names pi_1, but pi_2 also carries its id (a second intent for one purchase)
        List<ProviderMismatch> found = payments(List.of(purchase("p1", "COMPLETED", "pi_1")),
                List.of(intent("pi_1", "succeeded", "p1"), intent("pi_2", "succeeded", "p1")));
        ProviderMismatch m = only(found, Kind.IDS_DISAGREE);
        assertEquals("pi_2", m.providerId());
        // the named intent carries another purchase's id or another user's
        only(payments(List.of(purchase("p1", "COMPLETED", "pi_1")),
                List.of(new Intent("pi_1", "succeeded", 499, "usd", "p1", "someone-else", 0, List.of()))), Kind.IDS_DISAGREE);
        // an intent a purchase names but without our metadata
        only(payments(List.of(purchase("p1", "COMPLETED", "pi_1")),
                List.of(new Intent("pi_1", "succeeded", 499, "usd", null, null, 0, List.of()))), Kind.IDS_DISAGREE);
    }

    @Test
    void subscriptionStatusesMap() {
        assertEquals(List.of(), subscriptions(
                List.of(sub("s1", "TRIALING", "sub_1"), sub("s2", "ACTIVE", "sub_2"), sub("s3", "CANCELLED", "sub_3"),
                        sub("s4", "PAST_DUE", "sub_4"), sub("s5", "PAST_DUE", "sub_5"), sub("s6", "EXPIRED", "sub_6"),
                        sub("s7", "REFUNDED", "sub_7", "r7"), sub("s8", "EXPIRED", "sub_8"), sub("s9", "INCOMPLETE", "sub_9"),
                        sub("s10", "CANCELLED", "sub_10")),
                List.of(stripeSub("sub_1", "trialing", false, "s1", 0), stripeSub("sub_2", "active", false, "s2", 0),
                        stripeSub("sub_3", "active", true, "s3", 0), stripeSub("sub_4", "past_due", false, "s4", 0),
                        stripeSub("sub_5", "unpaid", false, "s5", 0), stripeSub("sub_6", "canceled", false, "s6", 0),
                        stripeSub("sub_7", "canceled", false, "s7", 3999, "re_7"),
                        stripeSub("sub_8", "incomplete_expired", false, "s8", 0),
                        stripeSub("sub_9", "incomplete", false, "s9", 0), stripeSub("sub_10", "trialing", true, "s10", 0))));
    }

    @Test
    void subscriptionStatusDifferences() {
        ProviderMismatch m = only(subscriptions(List.of(sub("s1", "ACTIVE", "sub_1")),
                List.of(stripeSub("sub_1", "past_due", false, "s1", 0))), Kind.SUBSCRIPTION_STATUS);
        assertEquals("ACTIVE", m.ours());
        assertEquals("past_due", m.provider());
        assertEquals("sub_1", m.providerId());
        only(subscriptions(List.of(sub("s1", "ACTIVE", "sub_1")), List.of(stripeSub("sub_1", "canceled", false, "s1", 0))),
                Kind.SUBSCRIPTION_STATUS);
        only(subscriptions(List.of(sub("s1", "TRIALING", "sub_1")), List.of(stripeSub("sub_1", "incomplete", false, "s1", 0))),
                Kind.SUBSCRIPTION_STATUS);
        only(subscriptions(List.of(sub("s1", "INCOMPLETE", "sub_1")), List.of(stripeSub("sub_1", "active", false, "s1", 0))),
                Kind.SUBSCRIPTION_STATUS);
        // a status we never create matches nothing of ours
        only(subscriptions(List.of(sub("s1", "ACTIVE", "sub_1")), List.of(stripeSub("sub_1", "paused", false, "s1", 0))),
                Kind.SUBSCRIPTION_STATUS);
    }

    @Test
    void cancelAtPeriodEndAgainstOurCancelled() {
        ProviderMismatch stripeCancels = only(subscriptions(List.of(sub("s1", "ACTIVE", "sub_1")),
                List.of(stripeSub("sub_1", "active", true, "s1", 0))), Kind.CANCEL_AT_PERIOD_END);
        assertEquals("active (cancel_at_period_end)", stripeCancels.provider());
        only(subscriptions(List.of(sub("s1", "CANCELLED", "sub_1")), List.of(stripeSub("sub_1", "active", false, "s1", 0))),
                Kind.CANCEL_AT_PERIOD_END);
        only(subscriptions(List.of(sub("s1", "TRIALING", "sub_1")), List.of(stripeSub("sub_1", "trialing", true, "s1", 0))),
                Kind.CANCEL_AT_PERIOD_END);
    }

    @Test
    void subscriptionPresenceIdsAndRefunds() {
        only(subscriptions(List.of(), List.of(stripeSub("sub_1", "active", false, "s1", 0))), Kind.SUBSCRIPTION_MISSING);
        only(subscriptions(List.of(sub("s1", "ACTIVE", "sub_gone")), List.of()), Kind.PROVIDER_OBJECT_MISSING);
        // INCOMPLETE before Stripe answered: nothing exists there yet, nothing to compare
        assertEquals(List.of(), subscriptions(List.of(sub("s1", "INCOMPLETE", null)), List.of()));
        only(subscriptions(List.of(sub("s1", "ACTIVE", "sub_1")), List.of(stripeSub("sub_1", "active", false, "s2", 0))),
                Kind.IDS_DISAGREE);
        ProviderMismatch refunded = only(subscriptions(List.of(sub("s1", "ACTIVE", "sub_1")),
                List.of(stripeSub("sub_1", "active", false, "s1", 1999, "re_1"))), Kind.REFUND_MISMATCH);
        assertTrue(refunded.provider().contains("re_1"), refunded.provider());
        only(subscriptions(List.of(sub("s1", "REFUNDED", "sub_1", "r1")), List.of(stripeSub("sub_1", "canceled", false, "s1", 0))),
                Kind.REFUND_MISMATCH);
    }

    @Test
    void differencesAreSortedByKindThenUser() {
        List<ProviderMismatch> found = payments(List.of(purchase("p1", "PENDING", "pi_1"), purchase("p2", "COMPLETED", "pi_2")),
                List.of(intent("pi_1", "succeeded", "p1"), intent("pi_2", "canceled", "p2"), intent("pi_3", "succeeded", "p3")));
        assertEquals(List.of(Kind.PAYMENT_NOT_RECORDED, Kind.PAYMENT_NOT_AT_PROVIDER, Kind.PURCHASE_MISSING),
                found.stream().map(ProviderMismatch::kind).toList());
    }
}
