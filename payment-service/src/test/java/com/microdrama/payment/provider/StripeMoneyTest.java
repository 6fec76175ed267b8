package com.microdrama.payment.provider;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StripeMoneyTest {

    @Test
    void twoDecimalCurrenciesGoInCents() {
        assertEquals(499, StripeMoney.minorUnits(new BigDecimal("4.99"), "USD"));
        assertEquals(1000, StripeMoney.minorUnits(new BigDecimal("10"), "eur"));
        assertEquals(new BigDecimal("4.99"), StripeMoney.major(499, "USD"));
    }

    @Test
    void zeroDecimalCurrenciesGoAsTheyAre() {
        assertEquals(480, StripeMoney.minorUnits(new BigDecimal("480"), "JPY"));
        assertEquals(new BigDecimal("480"), StripeMoney.major(480, "JPY"));
        assertEquals(6500, StripeMoney.minorUnits(new BigDecimal("6500.00"), "KRW"));
    }

    @Test
    void threeDecimalCurrenciesGoInThousandthsThatAreMultiplesOfTen() {
        assertEquals(1990, StripeMoney.minorUnits(new BigDecimal("1.99"), "KWD"));
        assertThrows(ArithmeticException.class, () -> StripeMoney.minorUnits(new BigDecimal("1.995"), "KWD"));
    }

    @Test
    void aFractionTheCurrencyCannotCarryIsRefusedNotRounded() {
        assertThrows(ArithmeticException.class, () -> StripeMoney.minorUnits(new BigDecimal("4.995"), "USD"));
        assertThrows(ArithmeticException.class, () -> StripeMoney.minorUnits(new BigDecimal("480.5"), "JPY"));
    }

    @Test
    void currenciesAreLowerCaseForStripe() {
        assertEquals("usd", StripeMoney.stripeCurrency("USD"));
    }
}
