package com.microdrama.insights.funnel;

import java.time.LocalDate;

/**
 * Keys of the funnel's stores, series first so one series' rows are one range, the ISO day next so a date range is a
 * sub-range. Series ids are catalog slugs (no '|').
 */
public final class StoreKeys {
    static final char SEP = '|';
    /** ISO 3166 user-assigned code: a purchase by a viewer never seen playing. */
    public static final String UNKNOWN_REGION = "ZZ";
    /** BCP 47 "undetermined". */
    public static final String UNKNOWN_LANGUAGE = "und";

    private StoreKeys() {
    }

    static String viewer(String seriesId, String viewerId) {
        return seriesId + SEP + viewerId;
    }

    static String funnel(String seriesId, LocalDate day, String region, String language) {
        return seriesId + SEP + day + SEP + region + SEP + language;
    }

    static String episode(String seriesId, LocalDate day, int number) {
        return seriesId + SEP + day + SEP + "%04d".formatted(number);
    }

    /** The first key of {@code seriesId}'s rows on {@code from}. */
    public static String rangeStart(String seriesId, LocalDate from) {
        return seriesId + SEP + from;
    }

    /** After the last key of {@code seriesId}'s rows on {@code to} ('}' sorts after every character of a key). */
    public static String rangeEnd(String seriesId, LocalDate to) {
        return seriesId + SEP + to + SEP + '}';
    }

    /** The parts of a key: series, day, then region and language (funnel) or the episode number (episodes). */
    public static String[] parts(String key) {
        return key.split("\\|");
    }
}
