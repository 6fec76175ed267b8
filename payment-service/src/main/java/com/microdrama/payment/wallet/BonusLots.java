package com.microdrama.payment.wallet;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Which bonus lots pay for a movement that takes bonus coins. The lot that expires first pays first, so the user
 * loses as little as possible to expiry; lots that never expire pay last; among equals the older grant pays first.
 */
public final class BonusLots {

    /** A lot as the rules see it: {@code expiresAt} null = never expires. */
    public record Lot(UUID id, long remaining, Instant expiresAt, Instant grantedAt) {
    }

    /** Coins taken from one lot (positive). */
    public record Take(UUID lotId, long coins) {
    }

    static final Comparator<Lot> SPEND_ORDER = Comparator
            .comparing(Lot::expiresAt, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(Lot::grantedAt)
            .thenComparing(Lot::id);

    private BonusLots() {
    }

    /**
     * Splits {@code coins} over the lots in spend order.
     *
     * @throws IllegalStateException when the lots hold fewer coins than asked: the wallet's bonus balance and its lots
     *                               disagree, and no money may move until that is understood.
     */
    public static List<Take> take(List<Lot> lots, long coins) {
        if (coins < 0) {
            throw new IllegalArgumentException("cannot take a negative number of bonus coins: " + coins);
        }
        List<Take> takes = new ArrayList<>();
        long left = coins;
        for (Lot lot : lots.stream().filter(l -> l.remaining() > 0).sorted(SPEND_ORDER).toList()) {
            if (left == 0) {
                break;
            }
            long take = Math.min(left, lot.remaining());
            takes.add(new Take(lot.id(), take));
            left -= take;
        }
        if (left > 0) {
            throw new IllegalStateException("bonus lots hold " + (coins - left) + " coins, " + coins + " are needed");
        }
        return takes;
    }

    /** A lot is due once its expiry instant has come; a lot without expiry never is. */
    public static boolean due(Instant expiresAt, Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }

    /** The soonest expiry among lots that still hold coins, or null when none of them expires. */
    public static Instant nextExpiry(List<Lot> lots) {
        return lots.stream().filter(l -> l.remaining() > 0 && l.expiresAt() != null)
                .map(Lot::expiresAt).min(Comparator.naturalOrder()).orElse(null);
    }
}
