package com.microdrama.stripeemulator.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Stripe's metadata update: given keys are set, a key given an empty value is removed. */
public final class Metadata {

    private Metadata() {
    }

    public static void apply(ObjectNode object, Params params) {
        ObjectNode metadata = object.with("metadata");
        params.metadata().forEach((k, v) -> {
            if (v.isEmpty()) {
                metadata.remove(k);
            } else {
                metadata.put(k, v);
            }
        });
    }
}
