package com.microdrama.keycloak.birthdate;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Objects;

/**
 * Who may write a viewer's {@code birthdate}, and which dates are believable. The services derive the viewer's age
 * from this claim alone, so a viewer who could edit it could unlock 16+/18+ content by typing another year.
 * <ul>
 * <li>The viewer sets it once (at registration, or later when it was never set); after that only an administrator
 * changes or clears it, through the admin API, where Keycloak records an admin event.</li>
 * <li>A new value is an ISO date (YYYY-MM-DD), not after today anywhere on Earth, and not more than
 * {@value #MAX_AGE_YEARS} years before it.</li>
 * </ul>
 */
public final class BirthdateRule {
    static final int MAX_AGE_YEARS = 120;

    public enum Verdict {
        ACCEPTED(null),
        ALREADY_SET("birthdate-already-set"),
        NOT_A_DATE("birthdate-not-a-date"),
        IN_THE_FUTURE("birthdate-in-the-future"),
        TOO_LONG_AGO("birthdate-too-long-ago");

        private final String message;

        Verdict(String message) {
            this.message = message;
        }

        /** The message key Keycloak returns to the form or the account API (shown as is: no theme bundle has it). */
        public String message() {
            return message;
        }
    }

    private BirthdateRule() {
    }

    /**
     * @param current  the stored values (empty for a new user or one who never set it)
     * @param proposed the values of this write (empty or blank = cleared)
     * @param adminApi the write comes through the admin API (Keycloak's {@code USER_API} context)
     * @param latestToday the latest calendar date anywhere on Earth right now
     */
    public static Verdict check(Collection<String> current, Collection<String> proposed, boolean adminApi,
                                LocalDate latestToday) {
        String stored = single(current);
        String wanted = single(proposed);
        if (!adminApi && stored != null && !stored.equals(wanted)) {
            return Verdict.ALREADY_SET;
        }
        if (wanted == null || wanted.equals(stored)) {
            return Verdict.ACCEPTED;
        }
        LocalDate date;
        try {
            date = LocalDate.parse(wanted);
        } catch (DateTimeParseException e) {
            return Verdict.NOT_A_DATE;
        }
        if (date.isAfter(latestToday)) {
            return Verdict.IN_THE_FUTURE;
        }
        if (date.isBefore(latestToday.minusYears(MAX_AGE_YEARS))) {
            return Verdict.TOO_LONG_AGO;
        }
        return Verdict.ACCEPTED;
    }

    /** The one non-blank value, trimmed; null when there is none (the attribute is single-valued in the profile). */
    private static String single(Collection<String> values) {
        if (values == null) {
            return null;
        }
        return values.stream().filter(Objects::nonNull).map(String::strip).filter(v -> !v.isEmpty())
                .findFirst().orElse(null);
    }
}
