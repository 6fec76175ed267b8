package com.microdrama.stripeemulator.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microdrama.stripeemulator.EmulatorConfig;
import com.microdrama.stripeemulator.api.ApiError;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Every Stripe object the emulator holds, in memory, by id; one lock serialises all API work (a local emulator's
 * load is tiny, and one order of changes keeps events and ids deterministic). New objects start from Stripe's own
 * fixture of their kind (resources/stripe-shapes, from stripe/openapi's fixtures3.json) with the real values set.
 */
@ApplicationScoped
public class Store {

    private final ObjectMapper json;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, ObjectNode> objects = new LinkedHashMap<>();
    private final Map<String, Integer> counters = new HashMap<>();
    private final Map<String, ObjectNode> shapes = new HashMap<>();

    private final String idNamespace;

    public Store(ObjectMapper json, EmulatorConfig config) {
        this.json = json;
        this.idNamespace = config.idNamespace().orElse("");
        if (!idNamespace.matches("[A-Za-z0-9]{0,12}")) {
            throw new IllegalArgumentException("emulator.id-namespace: letters and digits only, at most 12: " + idNamespace);
        }
    }

    public <T> T locked(Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    public void locked(Runnable work) {
        locked(() -> {
            work.run();
            return null;
        });
    }

    /** Deterministic ids: {@code pi_Emu0000000001}, one counter per prefix, after the namespace of this start if any. */
    public String newId(String prefix) {
        int n = counters.merge(prefix, 1, Integer::sum);
        return String.format("%s_Emu%s%010d", prefix, idNamespace, n);
    }

    /** A fresh copy of Stripe's fixture object of this kind, with its id set and livemode false. */
    public ObjectNode create(String shape, String prefix) {
        return createWithId(shape, newId(prefix));
    }

    /**
     * Like {@link #create} with the id the client chose (Stripe takes one for products, so that several accounts can
     * share them); an id already held by any object is Stripe's 400 {@code resource_already_exists}.
     */
    public ObjectNode createWithId(String shape, String id) {
        if (objects.containsKey(id)) {
            String kind = Character.toUpperCase(shape.charAt(0)) + shape.substring(1);
            throw ApiError.invalid("resource_already_exists", "id", kind + " already exists.");
        }
        ObjectNode node = shapes.computeIfAbsent(shape, this::load).deepCopy();
        node.put("id", id);
        node.put("livemode", false);
        objects.put(id, node);
        return node;
    }

    /** A shape that is not stored on its own (line items, subscription items). */
    public ObjectNode shape(String shape) {
        return shapes.computeIfAbsent(shape, this::load).deepCopy();
    }

    private ObjectNode load(String shape) {
        try (InputStream in = Store.class.getResourceAsStream("/stripe-shapes/" + shape + ".json")) {
            if (in == null) {
                throw new IllegalStateException("no shape " + shape);
            }
            return (ObjectNode) json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ObjectNode find(String id) {
        return id == null ? null : objects.get(id);
    }

    /** Forgets an object: what Stripe deletes outright (a retrieve afterwards is its 404). */
    public void remove(String id) {
        objects.remove(id);
    }

    /** The object of that kind ({@code "object"} field), else Stripe's 404. */
    public ObjectNode get(String object, String id, String param) {
        ObjectNode node = find(id);
        if (node == null || !object.equals(node.path("object").asText())) {
            throw ApiError.notFound(object.replace("test_helpers.", ""), id, param);
        }
        return node;
    }

    /** Objects of one kind, newest first (the order Stripe lists in). */
    public List<ObjectNode> all(String object, Predicate<ObjectNode> filter) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode node : objects.values()) {
            if (object.equals(node.path("object").asText()) && filter.test(node)) {
                out.add(0, node);
            }
        }
        return out;
    }

    public ObjectMapper json() {
        return json;
    }

    public String text(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
