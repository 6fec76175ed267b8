package com.microdrama.ops.replay;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressAndRateTest {

    @Test
    void rateLimiterSpacesPermitsEvenly() throws Exception {
        RateLimiter limiter = new RateLimiter(10, 0);
        assertEquals(0, limiter.delayNanos(0));
        // after taking permits, the 4th (index 3) is due at 300 ms
        java.lang.reflect.Field f = RateLimiter.class.getDeclaredField("permits");
        f.setAccessible(true);
        f.setLong(limiter, 3);
        assertEquals(300_000_000L, limiter.delayNanos(0));
        assertEquals(0, limiter.delayNanos(400_000_000L));
    }

    @Test
    void noRateMeansNoWaiting() {
        assertEquals(0, new RateLimiter(0, 0).delayNanos(0));
    }

    @Test
    void progressLineShowsPercentCountsRateAndEta() {
        String line = Progress.format("replay", 250, 1000, 200, 5.0);
        assertTrue(line.contains(" 25% 250/1000 scanned, 200 sent, 50 rec/s, ETA 15s"), line);
        assertTrue(line.contains("[########......................]"), line);
    }

    @Test
    void etaIsHumanReadable() {
        assertEquals("2m05s", Progress.humanDuration(Duration.ofSeconds(125)));
        assertEquals("1h01m", Progress.humanDuration(Duration.ofSeconds(3660)));
    }
}
