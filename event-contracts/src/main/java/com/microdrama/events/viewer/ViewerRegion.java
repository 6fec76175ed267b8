package com.microdrama.events.viewer;

import com.microdrama.events.pricing.RegionCodes;

import java.util.Collection;
import java.util.Optional;

/**
 * Where a viewer is, from trusted sources only, the same in every service: the token's {@code region} claim (a user
 * attribute only admins may edit), else the country the gateway put in {@value #COUNTRY_HEADER} (the gateway drops
 * any copy a client sends and sets it from its GeoIP lookup), else {@value #DEFAULT}. A client's {@code ?region=}
 * parameter is never one of them: it cannot lift a region block or change a price that is charged.
 */
public final class ViewerRegion {
    /** Set by the gateway only (local nginx: its geo table; Kubernetes: the edge's GeoIP header). */
    public static final String COUNTRY_HEADER = "X-Viewer-Country";
    /** The launch market, for a viewer nobody located. */
    public static final String DEFAULT = "US";

    private ViewerRegion() {
    }

    /**
     * @param tokenClaim    the token's {@code region} claim (any JSON/text form), null when anonymous or absent
     * @param gatewayHeader the value of {@value #COUNTRY_HEADER}, null when absent
     */
    public static String resolve(Object tokenClaim, String gatewayHeader) {
        return fromToken(tokenClaim).or(() -> RegionCodes.normalize(gatewayHeader)).orElse(DEFAULT);
    }

    public static Optional<String> fromToken(Object tokenClaim) {
        return RegionCodes.normalize(ClaimText.of(tokenClaim));
    }

    /** @param allowed a series' licensed regions; null or empty means everywhere */
    public static boolean isAvailable(Collection<String> allowed, String region) {
        if (allowed == null || allowed.isEmpty()) {
            return true;
        }
        return region != null && allowed.stream().anyMatch(code -> code.equalsIgnoreCase(region));
    }
}
