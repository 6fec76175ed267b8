package com.microdrama.keycloak.birthdate;

import com.microdrama.keycloak.birthdate.BirthdateRule.Verdict;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BirthdateRuleTest {
    private static final LocalDate TODAY = LocalDate.parse("2026-12-05");
    private static final List<String> NONE = List.of();
    private static final List<String> TWELVE = List.of("2014-06-01");

    private static Verdict viewer(List<String> stored, List<String> wanted) {
        return BirthdateRule.check(stored, wanted, false, TODAY);
    }

    private static Verdict admin(List<String> stored, List<String> wanted) {
        return BirthdateRule.check(stored, wanted, true, TODAY);
    }

    @Test
    void aViewerSetsTheirBirthdateWhenNoneIsStored() {
        assertEquals(Verdict.ACCEPTED, viewer(NONE, TWELVE));
        assertEquals(Verdict.ACCEPTED, viewer(List.of(""), TWELVE));
    }

    @Test
    void aViewerCannotChangeAStoredBirthdate() {
        assertEquals(Verdict.ALREADY_SET, viewer(TWELVE, List.of("1990-01-01")));
    }

    @Test
    void aViewerCannotClearAStoredBirthdate() {
        assertEquals(Verdict.ALREADY_SET, viewer(TWELVE, NONE));
        assertEquals(Verdict.ALREADY_SET, viewer(TWELVE, List.of("")));
        assertEquals(Verdict.ALREADY_SET, viewer(TWELVE, Arrays.asList((String) null)));
        assertEquals(Verdict.ALREADY_SET, viewer(TWELVE, null));
    }

    @Test
    void sendingTheStoredBirthdateAgainIsNoChange() {
        assertEquals(Verdict.ACCEPTED, viewer(TWELVE, TWELVE));
        assertEquals(Verdict.ACCEPTED, viewer(TWELVE, List.of(" 2014-06-01 ")));
    }

    @Test
    void anAdministratorChangesOrClearsAStoredBirthdate() {
        assertEquals(Verdict.ACCEPTED, admin(TWELVE, List.of("1990-01-01")));
        assertEquals(Verdict.ACCEPTED, admin(TWELVE, NONE));
    }

    @Test
    void aBirthdateIsACalendarDate() {
        assertEquals(Verdict.NOT_A_DATE, viewer(NONE, List.of("2014-02-30")));
        assertEquals(Verdict.NOT_A_DATE, viewer(NONE, List.of("01/06/2014")));
        assertEquals(Verdict.NOT_A_DATE, admin(TWELVE, List.of("yesterday")));
    }

    @Test
    void aBirthdateIsNotInTheFuture() {
        assertEquals(Verdict.ACCEPTED, viewer(NONE, List.of("2026-12-05")));
        assertEquals(Verdict.IN_THE_FUTURE, viewer(NONE, List.of("2026-12-06")));
        assertEquals(Verdict.IN_THE_FUTURE, admin(TWELVE, List.of("2030-01-01")));
    }

    @Test
    void aBirthdateIsAtMost120YearsAgo() {
        assertEquals(Verdict.ACCEPTED, viewer(NONE, List.of("1906-12-05")));
        assertEquals(Verdict.TOO_LONG_AGO, viewer(NONE, List.of("1906-12-04")));
        assertEquals(Verdict.TOO_LONG_AGO, admin(TWELVE, List.of("1800-01-01")));
    }
}
