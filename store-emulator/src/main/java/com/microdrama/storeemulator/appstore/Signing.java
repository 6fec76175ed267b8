package com.microdrama.storeemulator.appstore;

import jakarta.ws.rs.BadRequestException;

import java.util.Locale;

/** Which chain signs: Apple's (the local root), an expired leaf under it, or a chain under a root nobody trusts. */
public enum Signing {
    VALID, EXPIRED, UNTRUSTED;

    /** From {@code ?signing=valid|expired|untrusted}; absent means valid. */
    public static Signing of(String value) {
        if (value == null || value.isBlank()) {
            return VALID;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("signing must be valid, expired or untrusted, not " + value);
        }
    }
}
