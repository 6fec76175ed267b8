package com.microdrama.insights.api;

import com.microdrama.support.problem.ProblemException;
import com.microdrama.support.problem.Problems;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** The UTC days a report covers, both included: the query's {@code from}/{@code to}, checked, defaulted. */
record DateRange(LocalDate from, LocalDate to) {
    static final String FROM = "First UTC day (ISO yyyy-mm-dd), default: six days before `to`";
    static final String TO = "Last UTC day, included (ISO yyyy-mm-dd), default: today";

    /** 400 validation-failed naming the field for a malformed day, an inverted range or one of more than maxDays. */
    static DateRange of(String fromText, String toText, Clock clock, int maxDays) {
        LocalDate to = toText == null ? LocalDate.now(clock.withZone(ZoneOffset.UTC)) : day("to", toText);
        LocalDate from = fromText == null ? to.minusDays(6) : day("from", fromText);
        if (to.isBefore(from)) {
            throw invalid("to", "is before 'from' (" + from + ")");
        }
        if (ChronoUnit.DAYS.between(from, to) + 1 > maxDays) {
            throw invalid("from", "starts a range of more than " + maxDays + " days");
        }
        return new DateRange(from, to);
    }

    private static LocalDate day(String name, String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw invalid(name, "must be a day as yyyy-mm-dd");
        }
    }

    private static ProblemException invalid(String field, String message) {
        return new ProblemException(Problems.invalidField(field, message));
    }
}
