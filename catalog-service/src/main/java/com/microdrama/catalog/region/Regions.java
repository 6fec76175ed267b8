package com.microdrama.catalog.region;

import com.microdrama.events.pricing.RegionCodes;
import com.microdrama.events.viewer.ViewerRegion;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Region codes as catalog stores them: ISO 3166-1 alpha-2 (upper case); a series with no regions is available
 * everywhere. Which region a viewer is in is {@link ViewerRegion#resolve}'s decision, never the request's.
 */
public final class Regions {

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

    /** {@link ViewerRegion#isAvailable} for the series' region column; empty or null means everywhere. */
    public static boolean isAvailable(String[] allowed, String region) {
        return ViewerRegion.isAvailable(allowed == null ? List.of() : Arrays.asList(allowed), region);
    }
}
