package com.microdrama.payment.wallet;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * How long bonus coins live ({@code payment.bonus.*}): {@code validity} for every pack, unless
 * {@code pack-validity."<pack id>"} says otherwise for that pack.
 */
@ConfigMapping(prefix = "payment.bonus")
public interface BonusPolicy {

    @WithDefault("P30D")
    Duration validity();

    Map<String, Duration> packValidity();

    /** When bonus coins granted at {@code grantedAt} with pack {@code packId} expire. */
    default Instant expiresAt(String packId, Instant grantedAt) {
        return grantedAt.plus(packValidity().getOrDefault(packId, validity()));
    }
}
