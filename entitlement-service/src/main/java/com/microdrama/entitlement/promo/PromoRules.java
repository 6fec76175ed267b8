package com.microdrama.entitlement.promo;

import com.microdrama.entitlement.access.Region;
import com.microdrama.support.problem.Violations;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What a region promo request must satisfy beyond single-field validation. */
public final class PromoRules {

    /** Every ISO 3166-1 country once; more than that can only be a mistake. */
    public static final int MAX_REGIONS = 250;

    private PromoRules() {
    }

    /**
     * Each region a real ISO 3166-1 alpha-2 country, named once; a non-empty window that has not already ended (a
     * promo in the past would be announced and then do nothing). Regions that are not two capitals are left to Bean
     * Validation, so a bad code is reported once.
     */
    public static List<Map<String, String>> check(List<String> regions, Instant validFrom, Instant validUntil,
                                                  Instant now) {
        List<Map<String, String>> violations = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; regions != null && i < regions.size(); i++) {
            String region = regions.get(i);
            if (region == null || !region.matches("[A-Z]{2}")) {
                continue;
            }
            if (!Region.isValid(region)) {
                violations.add(Violations.violation("regions[" + i + "]", "'" + region + "' is not an ISO 3166-1 country code"));
            } else if (!seen.add(region)) {
                violations.add(Violations.violation("regions[" + i + "]", "'" + region + "' is listed twice"));
            }
        }
        Instant from = validFrom != null ? validFrom : now;
        if (validUntil != null && !validUntil.isAfter(from)) {
            violations.add(Violations.violation("validUntil", "must be after validFrom (" + from + ")"));
        } else if (validUntil != null && !validUntil.isAfter(now)) {
            violations.add(Violations.violation("validUntil", "must be in the future"));
        }
        return violations;
    }
}
