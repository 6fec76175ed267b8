package com.microdrama.payment.refund;

import com.microdrama.events.payload.Money;
import com.microdrama.support.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PackRefundsTest {
    private static final long PRICE = 499; // coins-500: 4.99 USD, 500 coins + 50 bonus

    @Test
    void aPartialRefundTakesBackItsShareOfPaidAndBonusCoinsRoundedUp() {
        PackRefunds.Plan plan = PackRefunds.plan(PRICE, 0, 500, 50, new PackRefunds.Exact(100), "USD");

        assertEquals(100, plan.cents());
        assertEquals(100, plan.refundedAfterCents());
        assertEquals(101, plan.paidCoins());  // 500 × 1.00 / 4.99 = 100.2 → 101
        assertEquals(11, plan.bonusCoins());  // 50 × 1.00 / 4.99 = 10.02 → 11
        assertTrue(plan.partial());
    }

    @Test
    void theRestAfterAPartialRefundTakesExactlyWhatIsLeftOfThePack() {
        PackRefunds.Plan rest = PackRefunds.plan(PRICE, 100, 500, 50, new PackRefunds.Rest(), "USD");

        assertEquals(399, rest.cents());
        assertEquals(399, rest.paidCoins());
        assertEquals(39, rest.bonusCoins());
        assertFalse(rest.partial());
    }

    @Test
    void partsAddingUpToThePriceTakeBackThePacksCoinsAndNeverLessThanTheirShareOnTheWay() {
        long refunded = 0;
        long paid = 0;
        long bonus = 0;
        for (long part : new long[]{1, 7, 33, 100, 58, 300}) {
            PackRefunds.Plan plan = PackRefunds.plan(PRICE, refunded, 500, 50, new PackRefunds.Exact(part), "USD");
            refunded = plan.refundedAfterCents();
            paid += plan.paidCoins();
            bonus += plan.bonusCoins();
            // the user never keeps a coin of what was paid back: clawed ≥ coins × refunded / price
            assertTrue(paid * PRICE >= 500 * refunded, "paid " + paid + " after " + refunded);
            assertTrue(bonus * PRICE >= 50 * refunded, "bonus " + bonus + " after " + refunded);
            assertTrue(paid <= 500 && bonus <= 50);
        }
        assertEquals(PRICE, refunded);
        assertEquals(500, paid);
        assertEquals(50, bonus);
    }

    @Test
    void moreThanIsLeftIsRefusedWithWhatCanStillBeRefunded() {
        ProblemException e = assertThrows(ProblemException.class,
                () -> PackRefunds.plan(PRICE, 400, 500, 50, new PackRefunds.Exact(100), "USD"));

        assertEquals(422, e.status());
        assertEquals("refund-exceeds-payment", e.slug());
        assertEquals(new Money("0.99", "USD"), e.extensions().get("refundableAmount"));
        assertEquals(new Money("4.00", "USD"), e.extensions().get("refundedAmount"));
    }

    @Test
    void nothingLeftIsAlreadyRefundedAndAZeroAmountIsInvalid() {
        ProblemException full = assertThrows(ProblemException.class,
                () -> PackRefunds.plan(PRICE, PRICE, 500, 50, new PackRefunds.Rest(), "USD"));
        assertEquals(409, full.status());
        assertEquals("already-refunded", full.slug());

        ProblemException zero = assertThrows(ProblemException.class,
                () -> PackRefunds.plan(PRICE, 0, 500, 50, new PackRefunds.Exact(0), "USD"));
        assertEquals(400, zero.status());
        assertEquals("validation-failed", zero.slug());
    }

    @Test
    void aProviderTotalAppliesOnlyWhatIsNewAndAnOlderOrRepeatedTotalNothing() {
        PackRefunds.Plan plan = PackRefunds.plan(PRICE, 100, 500, 50, new PackRefunds.UpTo(250), "USD");
        assertEquals(150, plan.cents());
        assertEquals(250, plan.refundedAfterCents());
        assertEquals(share(500, 250) - share(500, 100), plan.paidCoins());

        ProblemException same = assertThrows(ProblemException.class,
                () -> PackRefunds.plan(PRICE, 250, 500, 50, new PackRefunds.UpTo(250), "USD"));
        assertEquals("already-refunded", same.slug());
        assertThrows(ProblemException.class, () -> PackRefunds.plan(PRICE, 250, 500, 50, new PackRefunds.UpTo(100), "USD"));

        // a total above the price (another currency's rounding, a fee) completes the refund and no more
        PackRefunds.Plan capped = PackRefunds.plan(PRICE, 250, 500, 50, new PackRefunds.UpTo(10_000), "USD");
        assertEquals(PRICE - 250, capped.cents());
        assertFalse(capped.partial());
    }

    @Test
    void convertsDecimalAmountsToCentsAndBack() {
        assertEquals(499, PackRefunds.cents(new BigDecimal("4.99")));
        assertEquals(100, PackRefunds.cents(new BigDecimal("1")));
        assertEquals(new BigDecimal("19.90"), PackRefunds.amount(1990));
        assertThrows(ArithmeticException.class, () -> PackRefunds.cents(new BigDecimal("0.001")));
    }

    private static long share(long coins, long refunded) {
        return PackRefunds.share(coins, refunded, PRICE);
    }

    @Test
    void aReversalLowersTheRefundedTotalByWhatItsRefundReturned() {
        assertEquals(0, PackRefunds.afterReversal(PRICE, PRICE));
        assertEquals(100, PackRefunds.afterReversal(300, 200));
        // after a reversal the purchase can be refunded again, by the same rule
        PackRefunds.Plan again = PackRefunds.plan(PRICE, PackRefunds.afterReversal(PRICE, PRICE), 500, 50,
                new PackRefunds.Rest(), "USD");
        assertEquals(PRICE, again.cents());
        assertEquals(500, again.paidCoins());
    }

    @Test
    void aReversalOfMoreThanWasRefundedIsRefused() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> PackRefunds.afterReversal(100, 101));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> PackRefunds.afterReversal(100, -1));
    }
}
