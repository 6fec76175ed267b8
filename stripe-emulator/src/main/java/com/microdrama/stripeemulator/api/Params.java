package com.microdrama.stripeemulator.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Request parameters in Stripe's form encoding: {@code metadata[user_id]=7}, {@code items[0][price]=price_…},
 * {@code expand[]=latest_invoice} (stripe-java writes lists as {@code expand[0]=…}; both are read).
 */
public final class Params {

    private final Map<String, Object> values;

    private Params(Map<String, Object> values) {
        this.values = values;
    }

    public static Params parse(String... encodedParts) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (String encoded : encodedParts) {
            if (encoded == null || encoded.isEmpty()) {
                continue;
            }
            for (String pair : encoded.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                put(root, key, value);
            }
        }
        return new Params(listify(root));
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> root, String key, String value) {
        List<String> path = new ArrayList<>();
        int bracket = key.indexOf('[');
        path.add(bracket < 0 ? key : key.substring(0, bracket));
        while (bracket >= 0) {
            int close = key.indexOf(']', bracket);
            if (close < 0) {
                break;
            }
            path.add(key.substring(bracket + 1, close));
            bracket = key.indexOf('[', close);
        }
        Map<String, Object> node = root;
        for (int i = 0; i < path.size() - 1; i++) {
            String segment = path.get(i).isEmpty() ? String.valueOf(node.size()) : path.get(i);
            Object child = node.get(segment);
            if (!(child instanceof Map)) {
                child = new LinkedHashMap<String, Object>();
                node.put(segment, child);
            }
            node = (Map<String, Object>) child;
        }
        String last = path.get(path.size() - 1);
        node.put(last.isEmpty() ? String.valueOf(node.size()) : last, value);
    }

    /** Maps whose keys are all indexes become lists, except under metadata (whose keys are the caller's). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> listify(Map<String, Object> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, v instanceof Map<?, ?> m ? convert((Map<String, Object>) m, k) : v));
        return out;
    }

    private static Object convert(Map<String, Object> map, String name) {
        Map<String, Object> converted = listify(map);
        if ("metadata".equals(name) || converted.isEmpty() || !converted.keySet().stream().allMatch(k -> k.matches("\\d+"))) {
            return converted;
        }
        return new ArrayList<>(new TreeMap<>(converted.entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(e -> Integer.parseInt(e.getKey()), Map.Entry::getValue))).values());
    }

    public Map<String, Object> asMap() {
        return values;
    }

    public boolean has(String name) {
        return values.containsKey(name) && !"".equals(values.get(name));
    }

    public String str(String name) {
        Object v = values.get(name);
        if (v == null || "".equals(v)) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw ApiError.invalid("parameter_invalid_string", name, "Invalid string: " + name);
        }
        return s;
    }

    public String required(String name) {
        String v = str(name);
        if (v == null) {
            throw ApiError.missingParam(name);
        }
        return v;
    }

    public Long lng(String name) {
        String v = str(name);
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ApiError.invalid("parameter_invalid_integer", name, "Invalid integer: " + v);
        }
    }

    public long requiredLong(String name) {
        required(name);
        return lng(name);
    }

    public boolean bool(String name) {
        return "true".equals(str(name));
    }

    @SuppressWarnings("unchecked")
    public Params obj(String name) {
        Object v = values.get(name);
        if (v instanceof Map<?, ?> m) {
            return new Params((Map<String, Object>) m);
        }
        if (v instanceof List<?> l) {
            Map<String, Object> indexed = new LinkedHashMap<>();
            for (int i = 0; i < l.size(); i++) {
                indexed.put(String.valueOf(i), l.get(i));
            }
            return new Params(indexed);
        }
        return new Params(Map.of());
    }

    public List<Params> objList(String name) {
        Params p = obj(name);
        List<Params> out = new ArrayList<>();
        p.values.keySet().forEach(k -> out.add(p.obj(k)));
        return out;
    }

    public List<String> strList(String name) {
        Object v = values.get(name);
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> l) {
            l.forEach(x -> out.add(String.valueOf(x)));
        } else if (v instanceof Map<?, ?> m) {
            m.values().forEach(x -> out.add(String.valueOf(x)));
        } else if (v instanceof String s && !s.isEmpty()) {
            out.add(s);
        }
        return out;
    }

    /** {@code metadata[k]=v}; an empty value removes the key, as in Stripe. */
    public Map<String, String> metadata() {
        Map<String, String> out = new LinkedHashMap<>();
        obj("metadata").values.forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }

    public List<String> expand() {
        return strList("expand");
    }
}
