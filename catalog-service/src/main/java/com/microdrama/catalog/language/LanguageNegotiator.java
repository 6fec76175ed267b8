package com.microdrama.catalog.language;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Picks the translation to answer with from an {@code Accept-Language} header (RFC 9110 quality values, RFC 4647
 * "lookup": es-MX falls back to es before the next range is tried) among the languages a series has text in.
 * When nothing matches, the series' original language answers.
 */
public final class LanguageNegotiator {

    private LanguageNegotiator() {
    }

    /**
     * @param acceptLanguage header value, may be null, blank or malformed (then ignored)
     * @param available      language tags the content exists in
     * @param original       the language the content was made in; the answer when nothing else matches
     */
    public static String negotiate(String acceptLanguage, Collection<String> available, String original) {
        for (Locale.LanguageRange range : parse(acceptLanguage)) {
            if (range.getWeight() <= 0) {
                continue;
            }
            String wanted = range.getRange();
            if ("*".equals(wanted)) {
                return original;
            }
            Optional<String> match = lookup(wanted, available);
            if (match.isPresent()) {
                return match.get();
            }
        }
        return original;
    }

    /**
     * The primary languages a browse request asks for (lower case, {@code es-MX} counts as {@code es}); empty when
     * it accepts anything ({@code *}) or says nothing usable, which means "do not filter".
     */
    public static Set<String> primaryLanguages(String languageList) {
        Set<String> languages = new LinkedHashSet<>();
        for (Locale.LanguageRange range : parse(languageList)) {
            if (range.getWeight() <= 0) {
                continue;
            }
            String tag = range.getRange();
            if ("*".equals(tag)) {
                return Set.of();
            }
            int dash = tag.indexOf('-');
            languages.add((dash < 0 ? tag : tag.substring(0, dash)).toLowerCase(Locale.ROOT));
        }
        return languages;
    }

    /** The available tag matching {@code wanted} or, dropping subtags from the right, its shortest prefix. */
    static Optional<String> lookup(String wanted, Collection<String> available) {
        String candidate = wanted.toLowerCase(Locale.ROOT);
        while (!candidate.isEmpty()) {
            for (String tag : available) {
                if (tag.equalsIgnoreCase(candidate)) {
                    return Optional.of(tag);
                }
            }
            int cut = candidate.lastIndexOf('-');
            if (cut < 0) {
                break;
            }
            candidate = candidate.substring(0, cut);
            // RFC 4647 3.4: a single-letter subtag left at the end is dropped with the one before it
            if (candidate.length() >= 2 && candidate.charAt(candidate.length() - 2) == '-') {
                candidate = candidate.substring(0, candidate.length() - 2);
            }
        }
        return Optional.empty();
    }

    private static List<Locale.LanguageRange> parse(String header) {
        if (header == null || header.isBlank()) {
            return List.of();
        }
        try {
            // sorted by descending weight; ranges with equal weight keep the client's order
            return Locale.LanguageRange.parse(header);
        } catch (IllegalArgumentException malformed) {
            // a broken header must not break browsing: treat it as absent
            return List.of();
        }
    }
}
