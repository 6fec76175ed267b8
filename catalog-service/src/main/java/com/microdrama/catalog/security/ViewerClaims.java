package com.microdrama.catalog.security;

import com.microdrama.catalog.region.Regions;

import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads the optional region and age claims. Claim values arrive as JSON types (JsonString, JsonNumber) or plain
 * Java values depending on the token library, so everything goes through its text form.
 */
public final class ViewerClaims {

    private ViewerClaims() {
    }

    /** An {@code age} claim (whole years) wins; else the OIDC {@code birthdate} claim (YYYY-MM-DD or YYYY). */
    public static OptionalInt age(Object ageClaim, Object birthdateClaim, LocalDate today) {
        String age = text(ageClaim);
        if (age != null && age.matches("\\d{1,3}")) {
            return OptionalInt.of(Integer.parseInt(age));
        }
        String birthdate = text(birthdateClaim);
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

    /** The first claim that holds a valid region code ({@code region}, {@code country}, {@code address.country}). */
    public static Optional<String> region(Object... claims) {
        for (Object claim : claims) {
            Optional<String> region = Regions.normalize(text(claim));
            if (region.isPresent()) {
                return region;
            }
        }
        return Optional.empty();
    }

    static String text(Object claim) {
        if (claim == null) {
            return null;
        }
        String text = claim.toString().trim();
        if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
            text = text.substring(1, text.length() - 1);
        }
        return text.isEmpty() ? null : text;
    }
}
