package com.microdrama.payment.wallet;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WalletTest {

    @Test
    void spendsBonusCoinsBeforePaidCoins() {
        Wallet.Debit debit = new Wallet(500, 50).debit(120);

        assertEquals(50, debit.fromBonus());
        assertEquals(70, debit.fromPaid());
        assertEquals(new Wallet(430, 0), debit.after());
    }

    @Test
    void takesOnlyBonusCoinsWhenTheyCoverThePrice() {
        Wallet.Debit debit = new Wallet(100, 150).debit(60);

        assertEquals(60, debit.fromBonus());
        assertEquals(0, debit.fromPaid());
        assertEquals(new Wallet(100, 90), debit.after());
    }

    @Test
    void allowsSpendingTheExactBalanceDownToZero() {
        Wallet.Debit debit = new Wallet(30, 20).debit(50);

        assertEquals(Wallet.EMPTY, debit.after());
        assertEquals(0, debit.after().balance());
        assertEquals(50, debit.total());
    }

    @Test
    void refusesADebitThatWouldOverdrawAndReportsPriceAndBalance() {
        Wallet wallet = new Wallet(30, 20);

        InsufficientCoinsException e = assertThrows(InsufficientCoinsException.class, () -> wallet.debit(51));

        assertEquals(51, e.priceCoins());
        assertEquals(50, e.balance());
        assertEquals(402, e.status());
        assertEquals("insufficient-coins", e.slug());
        assertEquals(51L, e.extensions().get("priceCoins"));
        assertEquals(50L, e.extensions().get("balance"));
    }

    @Test
    void anEmptyWalletCannotPayAnything() {
        assertThrows(InsufficientCoinsException.class, () -> Wallet.EMPTY.debit(1));
    }

    @Test
    void creditsPaidAndBonusCoinsSeparately() {
        Wallet after = Wallet.EMPTY.credit(500, 50).credit(1000, 150);

        assertEquals(1500, after.paidCoins());
        assertEquals(200, after.bonusCoins());
        assertEquals(1700, after.balance());
    }

    @Test
    void rejectsNegativeAmountsAndBalances() {
        assertThrows(IllegalArgumentException.class, () -> Wallet.EMPTY.credit(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> Wallet.EMPTY.credit(0, -1));
        assertThrows(IllegalArgumentException.class, () -> new Wallet(10, 0).debit(-5));
        assertThrows(IllegalArgumentException.class, () -> new Wallet(0, -1));
        assertThrows(IllegalArgumentException.class, () -> Wallet.EMPTY.clawBack(-1, 0));
    }

    @Test
    void clawingBackASpentPackLeavesADebt() {
        // bought 500 + 50 bonus, spent 80 (50 bonus first, then 30 paid): 470 paid left
        Wallet.ClawBack clawBack = new Wallet(470, 0).clawBack(500, 50);

        assertEquals(500, clawBack.fromPaid());
        assertEquals(0, clawBack.fromBonus(), "spent bonus coins are not owed back");
        assertEquals(new Wallet(-30, 0), clawBack.after());
        assertTrue(clawBack.after().inDebt());
        assertEquals(-30, clawBack.after().balance());
    }

    @Test
    void clawBackTakesTheBonusCoinsThatRemain() {
        Wallet.ClawBack clawBack = new Wallet(600, 80).clawBack(500, 50);

        assertEquals(new Wallet(100, 30), clawBack.after());
        assertEquals(550, clawBack.total());
        assertFalse(clawBack.after().inDebt());
    }

    @Test
    void aWalletInDebtRefusesEverySpendWith402WalletInDebt() {
        Wallet inDebt = new Wallet(-30, 0);

        WalletInDebtException e = assertThrows(WalletInDebtException.class, () -> inDebt.debit(1));
        assertEquals(402, e.status());
        assertEquals("wallet-in-debt", e.slug());
        // a top-up smaller than the debt keeps it in debt; a larger one settles it
        assertThrows(WalletInDebtException.class, () -> inDebt.credit(20, 0).debit(1));
        assertEquals(new Wallet(20, 0), inDebt.credit(100, 0).debit(50).after());
    }

    @Test
    void adjustmentsCreditPaidCoinsAndNeverOverdraw() {
        Wallet.Adjustment credit = new Wallet(10, 5).adjust(100);
        assertEquals(new Wallet(110, 5), credit.after());
        assertEquals(100, credit.paidDelta());

        Wallet.Adjustment debit = new Wallet(10, 5).adjust(-8);
        assertEquals(new Wallet(7, 0), debit.after());
        assertEquals(-3, debit.paidDelta());
        assertEquals(-5, debit.bonusDelta());

        assertEquals(Wallet.EMPTY, new Wallet(10, 5).adjust(-15).after());
        assertThrows(IllegalArgumentException.class, () -> new Wallet(10, 5).adjust(-16));
        assertThrows(IllegalArgumentException.class, () -> new Wallet(-30, 0).adjust(-1));
        assertEquals(new Wallet(-10, 0), new Wallet(-30, 0).adjust(20).after(), "a credit may reduce a debt");
    }

    @Test
    void overflowFailsInsteadOfWrappingAround() {
        Wallet huge = new Wallet(Long.MAX_VALUE, 0);

        assertThrows(ArithmeticException.class, () -> huge.credit(1, 0));
        assertThrows(ArithmeticException.class, () -> new Wallet(Long.MAX_VALUE, 1).balance());
    }

    @Test
    void aSequenceOfSpendsKeepsExactArithmetic() {
        Wallet wallet = Wallet.EMPTY.credit(1000, 150);
        long spent = 0;
        for (int i = 0; i < 11; i++) {
            Wallet.Debit d = wallet.debit(100);
            spent += d.total();
            wallet = d.after();
        }
        assertEquals(1100, spent);
        assertEquals(new Wallet(50, 0), wallet);
        Wallet last = wallet;
        assertThrows(InsufficientCoinsException.class, () -> last.debit(100));
    }

    @Test
    void expiringBonusTakesOnlyBonusCoinsAndNeverMoreThanThereAre() {
        assertEquals(new Wallet(-30, 5), new Wallet(-30, 25).expireBonus(20));
        assertEquals(new Wallet(100, 0), new Wallet(100, 20).expireBonus(20));
        assertThrows(IllegalArgumentException.class, () -> new Wallet(100, 20).expireBonus(21));
        assertThrows(IllegalArgumentException.class, () -> new Wallet(100, 20).expireBonus(-1));
    }
}
