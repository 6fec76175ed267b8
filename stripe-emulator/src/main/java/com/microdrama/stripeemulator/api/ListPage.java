package com.microdrama.stripeemulator.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** Stripe's list object with {@code limit} (1–100, default 10), {@code starting_after} and {@code ending_before}. */
public final class ListPage {

    private ListPage() {
    }

    public static ObjectNode of(List<ObjectNode> newestFirst, Params params, String url) {
        long limit = params.lng("limit") == null ? 10 : params.lng("limit");
        if (limit < 1 || limit > 100) {
            throw ApiError.invalid("parameter_invalid_integer", "limit", "Invalid integer: limit must be between 1 and 100");
        }
        int from = 0;
        int to = newestFirst.size();
        String after = params.str("starting_after");
        String before = params.str("ending_before");
        if (after != null) {
            from = indexOf(newestFirst, after, "starting_after") + 1;
        } else if (before != null) {
            to = indexOf(newestFirst, before, "ending_before");
            from = (int) Math.max(0, to - limit);
        }
        int end = (int) Math.min(to, from + limit);
        ObjectNode list = JsonNodeFactory.instance.objectNode();
        list.put("object", "list");
        ArrayNode data = list.putArray("data");
        newestFirst.subList(from, end).forEach(n -> data.add(n.deepCopy()));
        list.put("has_more", before != null ? from > 0 : end < to);
        list.put("url", url);
        return list;
    }

    private static int indexOf(List<ObjectNode> objects, String id, String param) {
        for (int i = 0; i < objects.size(); i++) {
            if (id.equals(objects.get(i).path("id").asText())) {
                return i;
            }
        }
        throw ApiError.notFound("object", id, param);
    }
}
