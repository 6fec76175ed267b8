package com.microdrama.entitlement.access;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GrantWaitersTest {

    private final GrantWaiters waiters = new GrantWaiters();

    @Test
    void aGrantWakesEveryWaiterOfThatUserAndNoOneElse() {
        GrantWaiters.Waiter alice1 = waiters.watch("alice");
        GrantWaiters.Waiter alice2 = waiters.watch("alice");
        GrantWaiters.Waiter bob = waiters.watch("bob");

        waiters.wake("alice");

        assertTrue(alice1.isWoken());
        assertTrue(alice2.isWoken());
        assertFalse(bob.isWoken());
        assertEquals(1, waiters.waiting());
    }

    @Test
    void aGrantBeforeTheWaitStillWakesAWaiterThatWatchedEarlier() {
        GrantWaiters.Waiter waiter = waiters.watch("alice");
        waiters.wake("alice");

        long started = System.nanoTime();
        waiter.woken(Duration.ofSeconds(10)).await().atMost(Duration.ofSeconds(1));

        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(1));
    }

    @Test
    void aWatchAfterAGrantWaitsForTheNextGrant() {
        waiters.watch("alice");
        waiters.wake("alice");

        GrantWaiters.Waiter next = waiters.watch("alice");

        assertFalse(next.isWoken());
        waiters.wake("alice");
        assertTrue(next.isWoken());
    }

    @Test
    void aWaitWithoutGrantEndsAfterItsTimeAndStopsWatching() {
        GrantWaiters.Waiter waiter = waiters.watch("alice");

        long started = System.nanoTime();
        waiter.woken(Duration.ofMillis(150)).await().atMost(Duration.ofSeconds(5));

        assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(150));
        assertFalse(waiter.isWoken(), "the timeout must not look like a wake");
        assertEquals(0, waiters.waiting());
    }

    @Test
    void aWaitingWaiterIsWokenFromAnotherThread() throws Exception {
        GrantWaiters.Waiter waiter = waiters.watch("alice");
        CompletableFuture<?> done = waiter.woken(Duration.ofSeconds(30)).subscribeAsCompletionStage();

        CompletableFuture.runAsync(() -> waiters.wake("alice")).get(5, TimeUnit.SECONDS);

        done.get(5, TimeUnit.SECONDS);
        assertEquals(0, waiters.waiting());
    }

    @Test
    void wakeAllWakesEveryUsersWaiters() {
        GrantWaiters.Waiter alice = waiters.watch("alice");
        GrantWaiters.Waiter bob = waiters.watch("bob");

        waiters.wakeAll();

        assertTrue(alice.isWoken());
        assertTrue(bob.isWoken());
        assertEquals(0, waiters.waiting());
    }

    @Test
    void cancelStopsWatching() {
        GrantWaiters.Waiter waiter = waiters.watch("alice");
        waiter.cancel();

        assertEquals(0, waiters.waiting());
        waiters.wake("alice");
        assertFalse(waiter.isWoken());
    }
}
