package com.microdrama.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.UncheckedIOException;
import java.time.Instant;

/** The one JSON mapping for events, so producers and consumers cannot drift. */
final class EventJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            // registered after the JavaTimeModule, so its Instant deserializer is the one used
            .registerModule(new SimpleModule("canonical-instants")
                    .addDeserializer(Instant.class, new CanonicalInstants.Deserializer()))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private EventJson() {
    }

    static JsonNode toTree(Object value) {
        return MAPPER.valueToTree(value);
    }

    static <T> T fromTree(JsonNode node, Class<T> type) {
        try {
            return MAPPER.treeToValue(node, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new InvalidEventException("payload does not fit " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T read(String json, Class<T> type) {
        if (json == null) {
            throw new InvalidEventException("empty record value");
        }
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("not a CloudEvents JSON envelope: " + e.getOriginalMessage(), e);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() instanceof InvalidEventException iee ? iee : e;
            throw new InvalidEventException("not a CloudEvents JSON envelope: " + cause.getMessage(), e);
        }
    }
}
