package com.microdrama.catalog.validation;

/** Input formats of the admin API, as regular expressions for {@code @Pattern}. */
public final class Formats {
    /** Ids are URL path segments and Kafka keys: lower-case words joined by single dashes. */
    public static final String SLUG = "^[a-z0-9]+(-[a-z0-9]+)*$";
    public static final String SLUG_MESSAGE = "must be a slug: lower-case letters and digits joined by single dashes";

    /** Genres are slugs too, but any case is accepted (stored lower case). */
    public static final String GENRE = "^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$";
    public static final String GENRE_MESSAGE = "must be a word or words joined by single dashes";

    /** BCP 47, the part we use: a 2-3 letter language with an optional 2-letter region (en, pt-BR, fil). */
    public static final String LANGUAGE = "^[A-Za-z]{2,3}(-[A-Za-z]{2})?$";
    public static final String LANGUAGE_MESSAGE = "must be a language code like 'en' or 'pt-BR'";

    /** A path below the CDN base; no scheme, no "..", no query. */
    public static final String VIDEO_ASSET = "^(?!.*\\.\\.)[A-Za-z0-9][A-Za-z0-9._/-]*$";
    public static final String VIDEO_ASSET_MESSAGE = "must be a relative CDN path like 'series/ep-01.m3u8'";

    private Formats() {
    }

    /** Stored form of a language tag: language lower case, region upper case (es-mx -> es-MX). */
    public static String normalizeLanguage(String tag) {
        String[] parts = tag.trim().split("-", 2);
        String language = parts[0].toLowerCase(java.util.Locale.ROOT);
        return parts.length == 1 ? language : language + "-" + parts[1].toUpperCase(java.util.Locale.ROOT);
    }
}
