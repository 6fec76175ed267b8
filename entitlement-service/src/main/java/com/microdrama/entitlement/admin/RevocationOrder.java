package com.microdrama.entitlement.admin;

import java.time.Instant;

/** Which revocation of an entitlement counts when several arrive: the earliest, whatever order they are applied in. */
public final class RevocationOrder {
    private RevocationOrder() {
    }

    public static boolean replaces(Instant currentRevokedAt, Instant candidate) {
        return currentRevokedAt == null || candidate.isBefore(currentRevokedAt);
    }
}
