package com.microdrama.catalog.playback;

import com.microdrama.support.problem.ProblemException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PlaybackMetricsTest {

    @Test
    void eachEndOfAnAuthorizationHasOneBoundedOutcome() {
        assertEquals("authorized", PlaybackMetrics.outcome(null));
        assertEquals("locked", PlaybackMetrics.outcome(new ProblemException(402, "episode-locked", "Locked", "pay")));
        assertEquals("unavailable", PlaybackMetrics.outcome(
                new ProblemException(503, PlaybackService.UNAVAILABLE, "Entitlements unavailable", "retry")));
        assertEquals("refused", PlaybackMetrics.outcome(new ProblemException(451, "not-available-in-region", "No", "no")));
        assertEquals("refused", PlaybackMetrics.outcome(new ProblemException(401, "unauthorized", "Sign in", "sign in")));
        assertEquals("error", PlaybackMetrics.outcome(new IllegalStateException("bug")));
    }
}
