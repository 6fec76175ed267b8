package com.microdrama.ops.reconcile;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Our decimal prices in Stripe's terms, by the rules payment-service charges with (its StripeMoney): zero-decimal
 * currencies as they are, three-decimal ones in thousandths, every other currency in cents. ops-cli cannot depend on
 * the service's jar, so the two currency lists (Stripe's "Supported currencies" page) live here too.
 */
final class StripeAmounts {
    private static final Set<String> NO_DECIMALS = Set.of("BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA",
            "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF");
    private static final Set<String> THOUSANDTHS = Set.of("BHD", "JOD", "KWD", "OMR", "TND");

    private StripeAmounts() {
    }

    /** The amount in minor units, or empty when the currency cannot carry it (such a price was never charged). */
    static Optional<Long> minor(BigDecimal amount, String currency) {
        BigDecimal scaled = amount.movePointRight(digits(code(currency))).stripTrailingZeros();
        if (scaled.scale() > 0) {
            return Optional.empty();
        }
        return Optional.of(scaled.longValueExact());
    }

    /** "4.99 USD" from Stripe's 499 and "usd", for reports. */
    static String display(long minor, String currency) {
        String code = currency == null ? "?" : code(currency);
        return BigDecimal.valueOf(minor).movePointLeft(digits(code)).toPlainString() + " " + code;
    }

    private static int digits(String code) {
        return NO_DECIMALS.contains(code) ? 0 : THOUSANDTHS.contains(code) ? 3 : 2;
    }

    private static String code(String currency) {
        return currency.trim().toUpperCase(Locale.ROOT);
    }

    static boolean sameCurrency(String ours, String stripe) {
        return stripe != null && ours.trim().equalsIgnoreCase(stripe.trim());
    }
}
