package com.microdrama.events.pricing;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Region codes as every service reads them: ISO 3166-1 alpha-2 in capitals ("BR"), the keys of
 * {@code SeriesUpdated.regionalPricePercent} and the value of the token's {@code region} claim. One rule, so catalog
 * shows, payment charges and entitlement grants promos for the same region.
 */
public final class RegionCodes {
    private static final Set<String> ISO_CODES = Set.of(Locale.getISOCountries());

    private RegionCodes() {
    }

    /** Exactly a known code in capitals. */
    public static boolean isIsoCode(String code) {
        return code != null && code.length() == 2 && ISO_CODES.contains(code);
    }

    /** The code in capitals when the input names a known region in any case (surrounding blanks ignored). */
    public static Optional<String> normalize(String code) {
        if (code == null) {
            return Optional.empty();
        }
        String upper = code.trim().toUpperCase(Locale.ROOT);
        return isIsoCode(upper) ? Optional.of(upper) : Optional.empty();
    }
}
