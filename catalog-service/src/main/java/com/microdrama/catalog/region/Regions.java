package com.microdrama.catalog.region;

import com.microdrama.events.pricing.RegionCodes;

import java.util.Optional;

/**
 * Region rules: codes are ISO 3166-1 alpha-2 (upper case), a series with no regions is available everywhere,
 * and a viewer whose region nobody told us is treated as US (the launch market, and what payment-service assumes).
 */
public final class Regions {
    public static final String DEFAULT = "US";

    private Regions() {
    }

    /** See {@link RegionCodes#isIsoCode}: "XX" or "ZZ" must be refused, not stored. */
    public static boolean isIsoCode(String code) {
        return RegionCodes.isIsoCode(code);
    }

    /** See {@link RegionCodes#normalize}. */
    public static Optional<String> normalize(String code) {
        return RegionCodes.normalize(code);
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
