package com.microdrama.entitlement.access;

/** Why access was (not) given; the wire values are part of the public API. */
public enum Reason {
    FREE("free"),
    EPISODE_PURCHASE("episode-purchase"),
    SERIES_PURCHASE("series-purchase"),
    VIP("vip"),
    PROMO("promo"),
    NONE("none");

    private final String wire;

    Reason(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
