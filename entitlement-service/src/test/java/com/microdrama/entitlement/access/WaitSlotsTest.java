package com.microdrama.entitlement.access;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WaitSlotsTest {

    private static WaitSlots.Slot slot(WaitSlots slots, String user) {
        WaitSlots.Taken taken = slots.take(user);
        assertTrue(taken.slot().isPresent(), "refused by " + taken.refusedBy());
        return taken.slot().get();
    }

    @Test
    void aUserGetsAsManySlotsAsTheCapAndTheNextOneIsRefusedWithoutTakingAnything() {
        WaitSlots slots = new WaitSlots(2, 100);
        slot(slots, "alice");
        slot(slots, "alice");

        WaitSlots.Taken third = slots.take("alice");

        assertTrue(third.slot().isEmpty());
        assertEquals(WaitSlots.Cap.USER, third.refusedBy());
        assertEquals(2, slots.takenBy("alice"));
        assertEquals(2, slots.taken());
    }

    @Test
    void oneUsersWaitsDoNotCountAgainstAnother() {
        WaitSlots slots = new WaitSlots(1, 100);
        slot(slots, "alice");

        slot(slots, "bob");

        assertEquals(1, slots.takenBy("bob"));
    }

    @Test
    void theInstanceCapHoldsForAllUsersTogether() {
        WaitSlots slots = new WaitSlots(4, 3);
        slot(slots, "a");
        slot(slots, "b");
        slot(slots, "c");

        WaitSlots.Taken refused = slots.take("d");

        assertTrue(refused.slot().isEmpty());
        assertEquals(WaitSlots.Cap.INSTANCE, refused.refusedBy());
        assertEquals(0, slots.takenBy("d"));
        assertEquals(3, slots.taken());
    }

    @Test
    void aReleasedSlotCanBeTakenAgainAndReleasingTwiceFreesOnlyOne() {
        WaitSlots slots = new WaitSlots(2, 100);
        WaitSlots.Slot first = slot(slots, "alice");
        slot(slots, "alice");

        first.release();
        first.release();

        assertEquals(1, slots.takenBy("alice"));
        assertEquals(1, slots.taken());
        slot(slots, "alice");
        assertTrue(slots.take("alice").slot().isEmpty());
    }

    @Test
    void everySlotReleasedLeavesNothingBehind() {
        WaitSlots slots = new WaitSlots(3, 100);
        List<WaitSlots.Slot> taken = List.of(slot(slots, "alice"), slot(slots, "alice"), slot(slots, "bob"));

        taken.forEach(WaitSlots.Slot::release);

        assertEquals(0, slots.taken());
        assertEquals(0, slots.takenBy("alice"));
        assertEquals(0, slots.takenBy("bob"));
    }

    @Test
    void racingTakersNeverGetMoreThanTheCaps() throws Exception {
        WaitSlots slots = new WaitSlots(5, 12);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger granted = new AtomicInteger();
        List<WaitSlots.Slot> held = Collections.synchronizedList(new ArrayList<>());
        try {
            for (int i = 0; i < 200; i++) {
                String user = "user-" + (i % 4);
                pool.execute(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    slots.take(user).slot().ifPresent(s -> {
                        granted.incrementAndGet();
                        held.add(s);
                    });
                });
            }
            start.countDown();
        } finally {
            pool.shutdown();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }

        assertEquals(12, granted.get());
        assertEquals(12, slots.taken());
        for (int u = 0; u < 4; u++) {
            assertTrue(slots.takenBy("user-" + u) <= 5);
        }
        held.forEach(WaitSlots.Slot::release);
        assertEquals(0, slots.taken());
    }

    @Test
    void capsBelowOneAreAConfigurationError() {
        assertThrows(IllegalArgumentException.class, () -> new WaitSlots(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new WaitSlots(1, 0));
    }
}
