package com.microdrama.storeemulator.play;

import java.util.Arrays;

/** Which bearer token a push carries: Pub/Sub's genuine one, or one a receiver must refuse, or none. */
enum PushAuth {
    VALID("valid"), WRONG_KEY("wrong-key"), EXPIRED("expired"), WRONG_AUDIENCE("wrong-audience"), NONE("none");

    final String wire;

    PushAuth(String wire) {
        this.wire = wire;
    }

    static PushAuth of(String value) {
        if (value == null || value.isEmpty()) {
            return VALID;
        }
        return Arrays.stream(values()).filter(a -> a.wire.equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("auth must be valid, wrong-key, expired, wrong-audience or none: " + value));
    }
}
