package com.microdrama.support.idempotency;

import com.microdrama.support.idempotency.IdempotentReplay.Verdict;
import com.microdrama.support.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IdempotentReplayTest {
    private static final String SAME = "a".repeat(64);
    private static final String OTHER = "b".repeat(64);
    private static final String EARLIER_SCHEME = "c".repeat(64);

    @Test
    void theSameRequestUnderTheKeyIsReplayed() {
        assertEquals(Verdict.REPLAY, IdempotentReplay.decide(true, SAME, List.of(SAME)));
        assertDoesNotThrow(() -> IdempotentReplay.requireReplay(true, SAME, List.of(SAME), 422, "other"));
    }

    @Test
    void anotherRequestUnderTheKeyGetsTheServicesReusedProblem() {
        ProblemException e = assertThrows(ProblemException.class,
                () -> IdempotentReplay.requireReplay(true, OTHER, List.of(SAME), 422, "used for another purchase"));
        assertEquals(422, e.status());
        assertEquals("idempotency-key-reused", e.slug());
        assertEquals("used for another purchase", e.detail());
        assertEquals(409, assertThrows(ProblemException.class,
                () -> IdempotentReplay.requireReplay(true, OTHER, List.of(SAME), 409, "other")).status());
    }

    @Test
    void aRecordWithoutAnAnswerYetIsInUse() {
        ProblemException e = assertThrows(ProblemException.class,
                () -> IdempotentReplay.requireReplay(false, null, List.of(SAME), 422, "other"));
        assertEquals(409, e.status());
        assertEquals("idempotency-key-in-use", e.slug());
    }

    @Test
    void aRecordStoredUnderAnEarlierSchemeIsReplayedWhenTheRequestMatchesItThere() {
        assertEquals(Verdict.REPLAY, IdempotentReplay.decide(true, EARLIER_SCHEME, List.of(SAME, EARLIER_SCHEME)));
        assertEquals(Verdict.REUSED, IdempotentReplay.decide(true, EARLIER_SCHEME, List.of(SAME)));
    }

    @Test
    void aRecordWithoutAFingerprintNeverMatches() {
        assertEquals(Verdict.REUSED, IdempotentReplay.decide(true, null, List.of(SAME)));
    }
}
