package com.microdrama.stripeemulator.billing;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** A price's billing interval added to a moment, in UTC as Stripe bills (month ends clamp: Jan 31 + 1 month = Feb 28). */
final class Periods {

    private Periods() {
    }

    static long add(long epochSecond, String interval, long count) {
        ZonedDateTime at = Instant.ofEpochSecond(epochSecond).atZone(ZoneOffset.UTC);
        ZonedDateTime next = switch (interval) {
            case "day" -> at.plusDays(count);
            case "week" -> at.plusWeeks(count);
            case "month" -> at.plusMonths(count);
            case "year" -> at.plusYears(count);
            default -> throw new IllegalArgumentException("interval " + interval);
        };
        return next.toEpochSecond();
    }
}
