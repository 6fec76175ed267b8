package com.microdrama.entitlement.access;

import java.util.Locale;

/** What an entitlement covers; stored lower-case in {@code entitlement.kind}. */
public enum GrantKind {
    EPISODE, SERIES, VIP, PROMO;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static GrantKind fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
