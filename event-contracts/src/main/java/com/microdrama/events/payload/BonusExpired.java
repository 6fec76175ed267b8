package com.microdrama.events.payload;

import java.time.Instant;

/**
 * The unspent rest of one lot of bonus coins expired and left the wallet. {@code source} is what granted the lot
 * (e.g. {@code pack-purchase:<id>}); {@code coins} is how many expired (positive), {@code grantedCoins} how many
 * the lot held at first. A money fact: the operator's liability for those coins ends here.
 */
public record BonusExpired(
        String lotId,
        String userId,
        String source,
        long coins,
        long grantedCoins,
        Instant grantedAt,
        Instant expiresAt,
        Instant expiredAt) {
}
