package com.microdrama.payment.provider;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Set;

/**
 * Amounts as Stripe wants them: an integer in the currency's smallest unit, the currency in lower case. Zero-decimal
 * currencies (JPY, KRW, ...) are sent as they are; three-decimal ones (BHD, JOD, KWD, OMR, TND) in thousandths, which
 * Stripe accepts only as multiples of ten. Lists: Stripe's "Supported currencies" page.
 */
public final class StripeMoney {
    private static final Set<String> ZERO_DECIMAL = Set.of("BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA",
            "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF");
    private static final Set<String> THREE_DECIMAL = Set.of("BHD", "JOD", "KWD", "OMR", "TND");

    private StripeMoney() {
    }

    /** {@code amount} in minor units; fails on a fraction the currency cannot carry (a pack priced 1.005 EUR). */
    public static long minorUnits(BigDecimal amount, String currency) {
        BigDecimal minor = amount.movePointRight(exponent(currency));
        long units = minor.setScale(0, RoundingMode.UNNECESSARY).longValueExact();
        if (THREE_DECIMAL.contains(code(currency)) && units % 10 != 0) {
            throw new ArithmeticException(amount + " " + currency + " is not a multiple of 0.010, as Stripe requires");
        }
        return units;
    }

    /** The inverse of {@link #minorUnits}: what a Stripe amount is in our decimal terms. */
    public static BigDecimal major(long minorUnits, String currency) {
        return BigDecimal.valueOf(minorUnits).movePointLeft(exponent(currency));
    }

    /** Stripe's spelling of a currency code. */
    public static String stripeCurrency(String currency) {
        return currency.toLowerCase(Locale.ROOT);
    }

    private static int exponent(String currency) {
        String code = code(currency);
        return ZERO_DECIMAL.contains(code) ? 0 : THREE_DECIMAL.contains(code) ? 3 : 2;
    }

    private static String code(String currency) {
        return currency.toUpperCase(Locale.ROOT);
    }
}
