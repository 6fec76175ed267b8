package com.microdrama.stripeemulator.billing;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** Billing periods: a price's interval added to a moment, in UTC as Stripe bills (month ends clamp: Jan 31 + 1 month = Feb 28). */
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

    /** The end of the price's interval that starts at {@code from}. */
    static long next(ObjectNode price, long from) {
        ObjectNode recurring = (ObjectNode) price.get("recurring");
        return add(from, recurring.get("interval").asText(), recurring.get("interval_count").asLong());
    }

    /** The end of the subscription's current period (on its one item, as in API version 2025-11-17.clover). */
    static long end(ObjectNode sub) {
        return sub.get("items").get("data").get(0).get("current_period_end").asLong();
    }

    static void set(ObjectNode sub, long start, long end) {
        ObjectNode item = (ObjectNode) sub.get("items").get("data").get(0);
        item.put("current_period_start", start);
        item.put("current_period_end", end);
    }
}
