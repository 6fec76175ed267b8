package com.microdrama.storeemulator.appstore;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * A subscription period or trial as ISO-8601: calendar periods ({@code P7D}, {@code P1M}, {@code P1Y}) as App Store
 * Connect offers them, and clock durations ({@code PT2M}) so that tests need not wait a week.
 */
record StoreDuration(String iso) {

    static StoreDuration parse(String iso, String field) {
        if (iso == null || iso.isBlank()) {
            throw AppStoreErrors.badRequest(field + " is required");
        }
        StoreDuration duration = new StoreDuration(iso.trim());
        try {
            if (duration.addTo(0) <= 0) {
                throw AppStoreErrors.badRequest(field + " must be positive: " + iso);
            }
        } catch (DateTimeParseException e) {
            throw AppStoreErrors.badRequest(field + " is not an ISO-8601 duration (P7D, P1M, PT2M): " + iso);
        }
        return duration;
    }

    /** The instant (ms epoch) this long after {@code epochMillis}, months and years by the UTC calendar. */
    long addTo(long epochMillis) {
        Instant start = Instant.ofEpochMilli(epochMillis);
        if (iso.contains("T")) {
            return start.plus(Duration.parse(iso)).toEpochMilli();
        }
        return start.atOffset(ZoneOffset.UTC).plus(Period.parse(iso)).toInstant().toEpochMilli();
    }
}
