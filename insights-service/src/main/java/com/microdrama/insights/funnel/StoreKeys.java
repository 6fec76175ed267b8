package com.microdrama.insights.funnel;

import java.time.LocalDate;

/**
 * Keys of the funnel's and the experiments' stores, series first so one series' rows are one range, the ISO day next
 * (funnel, episodes) so a date range is a sub-range, the experiment next (experiments) so an experiment's arms are one
 * prefix. Series ids are catalog slugs (no '|'); experiment ids and arm names are free text, so they are escaped
 * ({@link #part}).
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

    /** Store {@code experiment-viewers}: series|experiment|viewer (docs/decisions/0036-paywall-experiments.md). */
    public static String experimentViewer(String seriesId, String experimentId, String viewerId) {
        return experimentPrefix(seriesId, experimentId) + viewerId;
    }

    /** Store {@code experiments}: series|experiment|variant. */
    public static String arm(String seriesId, String experimentId, String variant) {
        return experimentPrefix(seriesId, experimentId) + part(variant);
    }

    /** What every key of one experiment of a series starts with, in either experiment store. */
    public static String experimentPrefix(String seriesId, String experimentId) {
        return seriesId + SEP + part(experimentId) + SEP;
    }

    /** A free-text key part with '%' and '|' escaped, so it can neither split a key nor extend another's prefix. */
    static String part(String text) {
        return text.replace("%", "%25").replace("|", "%7C");
    }

    /** The text of a key part escaped by {@link #part}. */
    public static String unpart(String part) {
        return part.replace("%7C", "|").replace("%25", "%");
    }

    /** The first key of {@code seriesId}'s rows on {@code from}. */
    public static String rangeStart(String seriesId, LocalDate from) {
        return seriesId + SEP + from;
    }

    /** After the last key of {@code seriesId}'s rows on {@code to} ('}' sorts after every character of a key). */
    public static String rangeEnd(String seriesId, LocalDate to) {
        return seriesId + SEP + to + SEP + '}';
    }

    /**
     * The parts of a key: series, day, then region and language (funnel) or the episode number (episodes); series,
     * experiment and variant, escaped (experiments).
     */
    public static String[] parts(String key) {
        return key.split("\\|");
    }
}
