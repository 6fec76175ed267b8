package com.microdrama.entitlement.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The rules a promo grant request must follow beyond single-field validation. */
public final class GrantRules {

    public record Violation(String field, String message) {
    }

    private GrantRules() {
    }

    /**
     * An episode grant names an episode and no series, a series grant a series and no episode (a grant that named
     * both would be ambiguous about what it covers); a validity window must not be empty.
     */
    public static List<Violation> check(String kind, String episodeId, String seriesId,
                                        Instant validFrom, Instant validUntil, Instant now) {
        List<Violation> violations = new ArrayList<>();
        if ("episode".equals(kind)) {
            if (blank(episodeId)) {
                violations.add(new Violation("episodeId", "is required for an episode grant"));
            }
            if (!blank(seriesId)) {
                violations.add(new Violation("seriesId", "must not be given for an episode grant"));
            }
        } else if ("series".equals(kind)) {
            if (blank(seriesId)) {
                violations.add(new Violation("seriesId", "is required for a series grant"));
            }
            if (!blank(episodeId)) {
                violations.add(new Violation("episodeId", "must not be given for a series grant"));
            }
        }
        Instant from = validFrom != null ? validFrom : now;
        if (validUntil != null && !validUntil.isAfter(from)) {
            violations.add(new Violation("validUntil", "must be after validFrom (" + from + ")"));
        }
        return violations;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
