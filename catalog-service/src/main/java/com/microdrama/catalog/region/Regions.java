package com.microdrama.catalog.region;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Region rules: codes are ISO 3166-1 alpha-2 (upper case), a series with no regions is available everywhere,
 * and a viewer whose region nobody told us is treated as US (the launch market, and what payment-service assumes).
 */
public final class Regions {
    public static final String DEFAULT = "US";

    // Locale knows the officially assigned alpha-2 codes; "XX" or "ZZ" must be refused, not stored
    private static final Set<String> ISO_CODES = Set.of(Locale.getISOCountries());

    private Regions() {
    }

    public static boolean isIsoCode(String code) {
        return code != null && code.length() == 2 && ISO_CODES.contains(code);
    }

    /** Upper-cased code when it is a valid region (case-insensitive input), otherwise empty. */
    public static Optional<String> normalize(String code) {
        if (code == null) {
            return Optional.empty();
        }
        String upper = code.trim().toUpperCase(Locale.ROOT);
        return isIsoCode(upper) ? Optional.of(upper) : Optional.empty();
    }

    /**
     * The region an answer is for: the request's {@code region} parameter (already validated), else the token's
     * region claim, else {@link #DEFAULT}.
     */
    public static String resolve(String requested, Optional<String> claimed) {
        return normalize(requested).or(() -> claimed.flatMap(Regions::normalize)).orElse(DEFAULT);
    }

    /** @param allowed the series' regions; empty or null means everywhere */
    public static boolean isAvailable(String[] allowed, String region) {
        if (allowed == null || allowed.length == 0) {
            return true;
        }
        for (String code : allowed) {
            if (code.equalsIgnoreCase(region)) {
                return true;
            }
        }
        return false;
    }
}
