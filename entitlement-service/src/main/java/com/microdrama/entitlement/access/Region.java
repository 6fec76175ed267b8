package com.microdrama.entitlement.access;

import com.microdrama.events.pricing.RegionCodes;
import com.microdrama.support.problem.ProblemException;
import com.microdrama.support.problem.Problems;


/**
 * A region code as region promos name it and callers pass it: an ISO 3166-1 alpha-2 code in capitals ("BR"). Where
 * a signed-in viewer is comes from the shared rule ({@code ViewerRegion.resolve}), not from here.
 */
public final class Region {

    private Region() {
    }

    public static boolean isValid(String code) {
        return RegionCodes.isIsoCode(code);
    }

    /** A region named by a trusted caller (catalog-service, payment-service); absent is allowed, malformed is a 400. */
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
