package com.microdrama.payment.wallet;

import com.microdrama.payment.config.PaymentConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BonusLotsTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private static BonusLots.Lot lot(long remaining, Instant expiresAt, Instant grantedAt) {
        return new BonusLots.Lot(UUID.randomUUID(), remaining, expiresAt, grantedAt);
    }

    @Test
    void takesFromTheLotThatExpiresFirstEvenIfItWasGrantedLater() {
        BonusLots.Lot older = lot(50, NOW.plus(Duration.ofDays(30)), NOW.minus(Duration.ofDays(2)));
        BonusLots.Lot sooner = lot(150, NOW.plus(Duration.ofDays(10)), NOW);

        List<BonusLots.Take> takes = BonusLots.take(List.of(older, sooner), 80);

        assertEquals(List.of(new BonusLots.Take(sooner.id(), 80)), takes);
    }

    @Test
    void spillsIntoTheNextLotAndTakesNeverExpiringBonusLast() {
        BonusLots.Lot legacy = lot(100, null, NOW.minus(Duration.ofDays(400)));
        BonusLots.Lot first = lot(30, NOW.plus(Duration.ofDays(1)), NOW);
        BonusLots.Lot second = lot(20, NOW.plus(Duration.ofDays(2)), NOW);

        List<BonusLots.Take> takes = BonusLots.take(List.of(legacy, second, first), 70);

        assertEquals(List.of(new BonusLots.Take(first.id(), 30), new BonusLots.Take(second.id(), 20),
                new BonusLots.Take(legacy.id(), 20)), takes);
    }

    @Test
    void sameExpiryPaysFromTheOlderGrantFirstAndEmptyLotsAreSkipped() {
        Instant expiry = NOW.plus(Duration.ofDays(5));
        BonusLots.Lot empty = lot(0, NOW, NOW.minus(Duration.ofDays(9)));
        BonusLots.Lot newer = lot(10, expiry, NOW);
        BonusLots.Lot older = lot(10, expiry, NOW.minus(Duration.ofHours(1)));

        assertEquals(List.of(new BonusLots.Take(older.id(), 10), new BonusLots.Take(newer.id(), 5)),
                BonusLots.take(List.of(newer, empty, older), 15));
    }

    @Test
    void refusesWhenTheLotsHoldLessThanAskedAndTakesNothingForZero() {
        List<BonusLots.Lot> lots = List.of(lot(10, null, NOW));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> BonusLots.take(lots, 11));
        assertTrue(e.getMessage().contains("10"), e.getMessage());
        assertEquals(List.of(), BonusLots.take(lots, 0));
        assertThrows(IllegalArgumentException.class, () -> BonusLots.take(lots, -1));
    }

    @Test
    void aLotIsDueFromItsExpiryInstantOnAndNeverWithoutOne() {
        assertTrue(BonusLots.due(NOW, NOW));
        assertTrue(BonusLots.due(NOW.minusSeconds(1), NOW));
        assertFalse(BonusLots.due(NOW.plusSeconds(1), NOW));
        assertFalse(BonusLots.due(null, NOW));
    }

    @Test
    void theNextExpiryIgnoresSpentAndNeverExpiringLots() {
        Instant soon = NOW.plus(Duration.ofDays(3));
        assertEquals(soon, BonusLots.nextExpiry(List.of(lot(5, null, NOW), lot(0, NOW.plusSeconds(5), NOW),
                lot(1, soon, NOW), lot(9, soon.plusSeconds(1), NOW))));
        assertNull(BonusLots.nextExpiry(List.of(lot(5, null, NOW))));
    }

    @Test
    void aPackCanLiveLongerThanTheDefaultValidity() {
        PaymentConfig.Bonus policy = new PaymentConfig.Bonus() {
            @Override
            public Duration validity() {
                return Duration.ofDays(30);
            }

            @Override
            public Map<String, Duration> packValidity() {
                return Map.of("coins-2200", Duration.ofDays(60));
            }
        };

        assertEquals(NOW.plus(Duration.ofDays(30)), policy.expiresAt("coins-500", NOW));
        assertEquals(NOW.plus(Duration.ofDays(60)), policy.expiresAt("coins-2200", NOW));
    }
}
