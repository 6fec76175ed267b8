package com.microdrama.catalog.entitlement;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * entitlement-service's recent answers, per user, kept until entitlement-events says something changed for that
 * user (any granted or revoked event invalidates all of the user's entries) or a short time-to-live passes.
 *
 * <p>What is kept, and why it is safe:
 * <ul>
 *   <li>single checks only when <em>allowed</em>: a "no" is always asked again, so a purchase is never hidden by
 *       the cache; a cached "yes" ends at the earliest of the time-to-live and the grant's {@code validUntil}
 *       (VIP windows end without an event), and at once when a revocation event for the user arrives;</li>
 *   <li>series answers (the lock state of a whole series page) until the user's next entitlement event, the
 *       time-to-live or the earliest {@code validUntil} among its rows. A page can show an episode locked for the
 *       few milliseconds between a grant and its event reaching this instance; playback re-asks in that case.</li>
 * </ul>
 * A lookup that started before an invalidation of its user never stores its answer (invalidation sequence numbers),
 * so an answer computed before a grant or revoke cannot outlive it. Answers hold for the region they were asked in
 * (region promos depend on it): a viewer seen in another region starts with an empty set of entries.
 */
public final class EntitlementCache {
    private final Duration ttl;
    private final Cache<String, UserEntries> users;
    /** user id → sequence number of that user's latest invalidation; kept at least as long as any entry. */
    private final Cache<String, Long> invalidatedAt;
    private final AtomicLong sequence = new AtomicLong();
    private volatile long allInvalidatedAt;

    public EntitlementCache(Duration ttl, long maxUsers) {
        this.ttl = ttl;
        this.users = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maxUsers).build();
        this.invalidatedAt = Caffeine.newBuilder().expireAfterWrite(ttl.multipliedBy(2)).maximumSize(maxUsers).build();
    }

    /** Taken before asking entitlement-service; handed back when storing its answer. */
    public long ticket() {
        return sequence.get();
    }

    public Optional<EntitlementCheck> allowed(String userId, String region, String episodeId, Instant now) {
        UserEntries entries = users.getIfPresent(userId);
        if (entries == null || !entries.region.equals(region)) {
            return Optional.empty();
        }
        Expiring<EntitlementCheck> hit = entries.checks.get(episodeId);
        if (hit != null && hit.validAt(now)) {
            return Optional.of(hit.value());
        }
        // a series answer already says yes or no for every episode of the series it covers
        for (Expiring<SeriesEntitlements> series : entries.series.values()) {
            if (!series.validAt(now)) {
                continue;
            }
            for (SeriesEntitlements.EpisodeEntitlement row : series.value().episodes()) {
                if (row.episodeId().equals(episodeId) && row.allowed()
                        && (row.validUntil() == null || now.isBefore(row.validUntil()))) {
                    return Optional.of(new EntitlementCheck(episodeId, true, row.reason(), row.validUntil()));
                }
            }
        }
        return Optional.empty();
    }

    public void rememberCheck(String userId, String region, EntitlementCheck answer, long ticket, Instant now) {
        if (!answer.allowed() || staleTicket(userId, ticket)) {
            return;
        }
        Instant until = earliest(now.plus(ttl), answer.validUntil());
        if (until.isAfter(now)) {
            entries(userId, region).checks.put(answer.episodeId(), new Expiring<>(answer, until));
        }
    }

    public Optional<SeriesEntitlements> series(String userId, String region, String seriesId, Instant now) {
        UserEntries entries = users.getIfPresent(userId);
        if (entries == null || !entries.region.equals(region)) {
            return Optional.empty();
        }
        Expiring<SeriesEntitlements> hit = entries.series.get(seriesId);
        return hit != null && hit.validAt(now) ? Optional.of(hit.value()) : Optional.empty();
    }

    public void rememberSeries(String userId, String region, SeriesEntitlements answer, long ticket, Instant now) {
        if (staleTicket(userId, ticket)) {
            return;
        }
        Instant until = now.plus(ttl);
        for (SeriesEntitlements.EpisodeEntitlement row : answer.episodes()) {
            if (row.allowed()) {
                until = earliest(until, row.validUntil());
            }
        }
        if (until.isAfter(now)) {
            entries(userId, region).series.put(answer.seriesId(), new Expiring<>(answer, until));
        }
    }

    /** Something changed for this user (an entitlement event): forget everything about them. */
    public void invalidate(String userId) {
        invalidatedAt.put(userId, sequence.incrementAndGet());
        users.invalidate(userId);
    }

    /** Something changed that may concern anyone (a region promo): forget everything. */
    public void invalidateAll() {
        long now = sequence.incrementAndGet();
        allInvalidatedAt = now;
        users.invalidateAll();
    }

    private boolean staleTicket(String userId, long ticket) {
        Long last = invalidatedAt.getIfPresent(userId);
        return allInvalidatedAt > ticket || (last != null && last > ticket);
    }

    private UserEntries entries(String userId, String region) {
        return users.asMap().compute(userId,
                (ignored, current) -> current != null && current.region.equals(region) ? current : new UserEntries(region));
    }

    private static Instant earliest(Instant a, Instant b) {
        return b == null || a.isBefore(b) ? a : b;
    }

    private static final class UserEntries {
        final String region;
        final Map<String, Expiring<EntitlementCheck>> checks = new ConcurrentHashMap<>();
        final Map<String, Expiring<SeriesEntitlements>> series = new ConcurrentHashMap<>();

        UserEntries(String region) {
            this.region = region;
        }
    }

    private record Expiring<T>(T value, Instant until) {
        boolean validAt(Instant now) {
            return now.isBefore(until);
        }
    }
}
