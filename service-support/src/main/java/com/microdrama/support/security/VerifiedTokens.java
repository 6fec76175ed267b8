package com.microdrama.support.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Bearer tokens this instance has already verified, each with what its verification produced, until the token
 * expires. A client sends the same access token with every request for its whole lifetime (15 minutes here), and
 * verifying it again each time (signature, claims, roles) was most of the CPU of a cheap request (JFR of the playback
 * and token-only benchmarks, docs/decisions/0010-token-cache.md).
 *
 * <p>Only the exact token string is a key: a token that differs in one character is verified in full. Nothing is
 * kept past the token's {@code exp}. Bounded: when full of unexpired tokens it starts over rather than evicting one by
 * one (the cache is an optimisation; a miss costs one ordinary verification).
 *
 * @param <I> what verification produced (the security identity; a plain value in unit tests)
 */
public final class VerifiedTokens<I> {
    private record Verified<I>(I identity, long expiresAtEpochSecond) {
    }

    private final Map<String, Verified<I>> tokens = new ConcurrentHashMap<>();
    private final int maxTokens;
    private final LongSupplier epochSeconds;

    public VerifiedTokens(int maxTokens, LongSupplier epochSeconds) {
        this.maxTokens = maxTokens;
        this.epochSeconds = epochSeconds;
    }

    /** The identity of a token verified before and not expired since; null otherwise. */
    public I find(String token) {
        Verified<I> verified = tokens.get(token);
        if (verified == null) {
            return null;
        }
        if (epochSeconds.getAsLong() >= verified.expiresAtEpochSecond()) {
            tokens.remove(token, verified);
            return null;
        }
        return verified.identity();
    }

    /** Called once a token passed full verification; a token without a future expiry is never kept. */
    public void remember(String token, I identity, long expiresAtEpochSecond) {
        long now = epochSeconds.getAsLong();
        if (maxTokens <= 0 || expiresAtEpochSecond <= now) {
            return;
        }
        if (tokens.size() >= maxTokens && !tokens.containsKey(token)) {
            tokens.values().removeIf(verified -> now >= verified.expiresAtEpochSecond());
            if (tokens.size() >= maxTokens) {
                tokens.clear();
            }
        }
        tokens.put(token, new Verified<>(identity, expiresAtEpochSecond));
    }

    public int size() {
        return tokens.size();
    }
}
