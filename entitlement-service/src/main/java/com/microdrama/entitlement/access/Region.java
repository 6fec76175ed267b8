package com.microdrama.entitlement.access;

import com.microdrama.events.pricing.RegionCodes;
import com.microdrama.support.problem.ProblemException;
import com.microdrama.support.problem.Problems;
import jakarta.json.JsonString;


/**
 * A viewer's region: an ISO 3166-1 alpha-2 code in capitals ("BR"), as the realm's user profile stores it and
 * region promos name it.
 */
public final class Region {

    private Region() {
    }

    public static boolean isValid(String code) {
        return RegionCodes.isIsoCode(code);
    }

    /**
     * The region claim of an access token; null when the user has none or it is not a valid code. A viewer without a
     * known region simply gets no regional promos: the claim is the only source, a client never names its region.
     */
    public static String fromClaim(Object claim) {
        String value = claim instanceof JsonString json ? json.getString() : claim instanceof String s ? s : null;
        return isValid(value) ? value : null;
    }

    /** A region named by a trusted caller (catalog-service); absent is allowed, malformed is a 400. */
    public static String fromParameter(String name, String value) {
        if (value == null) {
            return null;
        }
        if (!isValid(value)) {
            throw new ProblemException(Problems.invalidField(name,
                    "must be an ISO 3166-1 alpha-2 region code in capitals, e.g. 'BR'"));
        }
        return value;
    }
}
