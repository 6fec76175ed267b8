package com.microdrama.payment.webhook;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * A signed webhook is authentic, not necessarily about what we sold: a test-mode event reaching the live endpoint,
 * an intent of another amount or currency, an invoice for a longer period than the plan. Each check answers the
 * mismatch (empty when the event agrees with our records); a mismatching event is recorded and acknowledged, never
 * applied. Unit-tested in {@code WebhookChecksTest}.
 */
public final class WebhookChecks {

    private WebhookChecks() {
    }

    /** Stripe's {@code livemode} must be the mode this endpoint runs in; an event without it is not trusted. */
    public static Optional<String> mode(Boolean livemode, boolean expectedLive) {
        if (livemode == null) {
            return Optional.of("event without livemode");
        }
        return livemode == expectedLive ? Optional.empty()
                : Optional.of((livemode ? "live" : "test") + "-mode event on a " + (expectedLive ? "live" : "test") + " endpoint");
    }

    /**
     * An amount in minor units and a currency (any case) against our price: both must be present and equal.
     * All our prices have two decimals.
     */
    public static Optional<String> amount(Long amountMinor, String currency, BigDecimal price, String priceCurrency) {
        if (amountMinor == null || currency == null) {
            return Optional.of("no amount or currency");
        }
        long expected = price.movePointRight(2).longValueExact();
        if (amountMinor != expected || !currency.toUpperCase(Locale.ROOT).equals(priceCurrency.toUpperCase(Locale.ROOT))) {
            return Optional.of("amount " + amountMinor + " " + currency.toUpperCase(Locale.ROOT) + " is not the price "
                    + expected + " " + priceCurrency);
        }
        return Optional.empty();
    }

    /**
     * A renewal may extend access by at most the plan's length plus {@code slack} (clock skew, billing anchors): its
     * period must not be longer than that, and must not end later than that after the end we already grant.
     *
     * @param start     the invoice's period start, null when it names none
     * @param currentEnd the subscription's current period end
     */
    public static Optional<String> renewal(Instant start, Instant end, int planDays, Duration slack, Instant currentEnd) {
        Duration cap = Duration.ofDays(planDays).plus(slack);
        if (start != null && Duration.between(start, end).compareTo(cap) > 0) {
            return Optional.of("period of " + Duration.between(start, end).toDays() + " days exceeds the plan's "
                    + planDays + " days plus " + slack);
        }
        if (end.isAfter(currentEnd.plus(cap))) {
            return Optional.of("period end " + end + " is more than the plan's " + planDays + " days plus " + slack
                    + " after the current end " + currentEnd);
        }
        return Optional.empty();
    }
}
