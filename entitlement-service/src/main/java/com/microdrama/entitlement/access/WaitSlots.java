package com.microdrama.entitlement.access;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many checks may wait at once ({@code GET /api/entitlements/check?waitMs=}), per user and in this instance. A
 * waiting check holds no database connection but does hold a request, a timer and a place in {@link GrantWaiters}
 * for up to ten seconds: without a cap one token could park thousands of them. A check that gets no slot is refused
 * at once and takes nothing. Plain class: {@link AccessService} takes and releases slots, unit tests count them.
 */
public final class WaitSlots {

    /** Which cap refused a slot. */
    public enum Cap { USER, INSTANCE }

    private final int perUser;
    private final int perInstance;
    private final AtomicInteger taken = new AtomicInteger();
    private final ConcurrentHashMap<String, Integer> byUser = new ConcurrentHashMap<>();

    public WaitSlots(int perUser, int perInstance) {
        if (perUser < 1 || perInstance < 1) {
            throw new IllegalArgumentException("caps must be at least 1: per user " + perUser
                    + ", per instance " + perInstance);
        }
        this.perUser = perUser;
        this.perInstance = perInstance;
    }

    /** A slot for one waiting check of {@code userId}, or the cap that refuses it. */
    public Taken take(String userId) {
        if (taken.incrementAndGet() > perInstance) {
            taken.decrementAndGet();
            return new Taken(Optional.empty(), Cap.INSTANCE);
        }
        boolean[] granted = {false};
        byUser.compute(userId, (user, count) -> {
            int now = count == null ? 0 : count;
            if (now >= perUser) {
                return count;
            }
            granted[0] = true;
            return now + 1;
        });
        if (!granted[0]) {
            taken.decrementAndGet();
            return new Taken(Optional.empty(), Cap.USER);
        }
        return new Taken(Optional.of(new Slot(userId)), null);
    }

    /** Slots held now, in this instance. */
    public int taken() {
        return taken.get();
    }

    /** Slots held now by {@code userId}. */
    public int takenBy(String userId) {
        return byUser.getOrDefault(userId, 0);
    }

    /** The outcome of {@link #take}: a slot, or the cap that refused one. */
    public record Taken(Optional<Slot> slot, Cap refusedBy) {
    }

    /** One waiting check's place; released once, however the check ends (answered, failed, client gone). */
    public final class Slot {
        private final String userId;
        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(String userId) {
            this.userId = userId;
        }

        public void release() {
            if (!released.compareAndSet(false, true)) {
                return;
            }
            byUser.computeIfPresent(userId, (user, count) -> count <= 1 ? null : count - 1);
            taken.decrementAndGet();
        }
    }
}
