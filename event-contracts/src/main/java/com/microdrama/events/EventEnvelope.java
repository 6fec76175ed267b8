package com.microdrama.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A CloudEvents 1.0 event in structured JSON mode: the whole envelope is the Kafka record value. {@code subject} is the
 * user id for user events (and the record key), the episode or series id for catalog events.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventEnvelope(
        String specversion,
        String id,
        String source,
        String type,
        String subject,
        Instant time,
        String datacontenttype,
        JsonNode data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/json";
    /**
     * The Kafka {@code content-type} header of every record the outbox sends: CloudEvents' Kafka binding, structured
     * mode. A SmallRye consumer channel must set {@code cloud-events=false} to receive the value as the String it is.
     */
    public static final String KAFKA_CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";
    /** Consumers keep the ids they applied in a {@code varchar(200)} inbox key; a longer id could never be applied. */
    public static final int MAX_ID_LENGTH = 200;

    public EventEnvelope {
        requireText(id, "id");
        if (id.length() > MAX_ID_LENGTH) {
            throw new InvalidEventException("CloudEvents attribute 'id' is longer than " + MAX_ID_LENGTH + " characters");
        }
        requireText(source, "source");
        requireText(type, "type");
        requireText(subject, "subject");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(data, "data");
    }

    /** A new event with a fresh id, stamped now by the system clock (tools; services stamp with their Clock). */
    public static EventEnvelope of(String source, String type, String subject, Object data) {
        return of(source, type, subject, Instant.now(), data);
    }

    /** A new event with a fresh id that happened at {@code time} (a service's business clock). */
    public static EventEnvelope of(String source, String type, String subject, Instant time, Object data) {
        return of(UUID.randomUUID().toString(), source, type, subject, time, data);
    }

    public static EventEnvelope of(String id, String source, String type, String subject, Instant time, Object data) {
        return new EventEnvelope(SPEC_VERSION, id, source, type, subject, time, CONTENT_TYPE, EventJson.toTree(data));
    }

    /** The payload as the given type; throws {@link InvalidEventException} if it does not fit. */
    public <T> T dataAs(Class<T> payloadType) {
        return EventJson.fromTree(data, payloadType);
    }

    public String toJson() {
        return EventJson.write(this);
    }

    /** Parses a record value; throws {@link InvalidEventException} for anything that is not a valid envelope. */
    public static EventEnvelope parse(String json) {
        return EventJson.read(json, EventEnvelope.class);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new InvalidEventException("CloudEvents attribute '" + name + "' is missing");
        }
    }
}
