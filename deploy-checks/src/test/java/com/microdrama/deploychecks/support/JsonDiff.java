package com.microdrama.deploychecks.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/** Where two JSON trees differ, as JSON pointers: short failure messages instead of two whole documents. */
public final class JsonDiff {
    private static final int LIMIT = 10;

    private JsonDiff() {
    }

    public static List<String> differences(JsonNode expected, JsonNode actual) {
        List<String> out = new ArrayList<>();
        walk("", expected, actual, out);
        return out;
    }

    private static void walk(String path, JsonNode expected, JsonNode actual, List<String> out) {
        if (out.size() >= LIMIT || expected.equals(actual)) {
            return;
        }
        if (expected.isObject() && actual.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            expected.fieldNames().forEachRemaining(names::add);
            actual.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                walk(path + "/" + name.replace("~", "~0").replace("/", "~1"), expected.path(name), actual.path(name), out);
            }
        } else if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
            Iterator<JsonNode> e = expected.elements();
            Iterator<JsonNode> a = actual.elements();
            for (int i = 0; e.hasNext(); i++) {
                walk(path + "/" + i, e.next(), a.next(), out);
            }
        } else {
            out.add((path.isEmpty() ? "/" : path) + ": expected " + shorten(expected) + " but was " + shorten(actual));
        }
    }

    private static String shorten(JsonNode node) {
        String text = node.isMissingNode() ? "(missing)" : node.toString();
        return text.length() > 120 ? text.substring(0, 117) + "..." : text;
    }
}
