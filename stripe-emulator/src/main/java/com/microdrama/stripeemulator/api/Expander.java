package com.microdrama.stripeemulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microdrama.stripeemulator.store.Store;

/** {@code expand[]=latest_invoice.confirmation_secret}: ids on the answer's path are replaced by their objects. */
final class Expander {

    private Expander() {
    }

    static void expand(Store store, ObjectNode node, String path) {
        int dot = path.indexOf('.');
        String head = dot < 0 ? path : path.substring(0, dot);
        String rest = dot < 0 ? null : path.substring(dot + 1);
        JsonNode value = node.get(head);
        if (value != null && value.isTextual()) {
            ObjectNode target = store.find(value.asText());
            if (target == null) {
                return;
            }
            value = target.deepCopy();
            node.set(head, value);
        }
        if (rest == null || value == null) {
            return;
        }
        if (value.isObject()) {
            expand(store, (ObjectNode) value, rest);
        } else if (value.isArray()) {
            value.forEach(element -> {
                if (element.isObject()) {
                    expand(store, (ObjectNode) element, rest);
                }
            });
        }
    }
}
