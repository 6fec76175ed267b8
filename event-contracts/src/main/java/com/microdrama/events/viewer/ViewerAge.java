package com.microdrama.events.viewer;

import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.OptionalInt;

/**
 * A viewer's age from the access token. Only the OIDC {@code birthdate} claim counts: Keycloak maps it from the
 * user attribute the user sets once at registration and only an admin may change afterwards (see the realm's user
 * profile and docs/decisions). Claim values arrive as JSON types or plain Java values depending on the token library,
 * so everything goes through its text form.
 */
public final class ViewerAge {

    private ViewerAge() {
    }

    /** Whole years on {@code today}; empty when the claim is missing, malformed, withheld (year 0) or in the future. */
    public static OptionalInt fromBirthdate(Object birthdateClaim, LocalDate today) {
        String birthdate = ClaimText.of(birthdateClaim);
        if (birthdate == null) {
            return OptionalInt.empty();
        }
        if (birthdate.matches("\\d{4}")) {
            // year only: assume the latest possible birthday, so nobody is treated as older than they may be
            int years = today.getYear() - Integer.parseInt(birthdate) - (today.getDayOfYear() == today.lengthOfYear() ? 0 : 1);
            return years >= 0 ? OptionalInt.of(years) : OptionalInt.empty();
        }
        try {
            LocalDate born = LocalDate.parse(birthdate);
            if (born.getYear() == 0 || born.isAfter(today)) {
                // OIDC uses year 0000 for "year withheld": no age can be derived
                return OptionalInt.empty();
            }
            return OptionalInt.of(Period.between(born, today).getYears());
        } catch (DateTimeParseException malformed) {
            return OptionalInt.empty();
        }
    }
}
