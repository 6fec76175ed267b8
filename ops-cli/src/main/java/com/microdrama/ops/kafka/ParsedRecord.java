package com.microdrama.ops.kafka;

import com.microdrama.events.EventEnvelope;
import com.microdrama.events.InvalidEventException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A Kafka record with its value read as a CloudEvents envelope, or the reason it could not be. */
public record ParsedRecord(ConsumerRecord<String, byte[]> record, EventEnvelope event, String invalidReason) {

    public static ParsedRecord of(ConsumerRecord<String, byte[]> record) {
        byte[] value = record.value();
        if (value == null) {
            return new ParsedRecord(record, null, "null value (tombstone)");
        }
        try {
            return new ParsedRecord(record, EventEnvelope.parse(new String(value, StandardCharsets.UTF_8)), null);
        } catch (InvalidEventException e) {
            return new ParsedRecord(record, null, e.getMessage());
        }
    }

    public String key() {
        return record.key();
    }

    public Instant timestamp() {
        return Instant.ofEpochMilli(record.timestamp());
    }

    public String rawValue() {
        return record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8);
    }

    /** The CloudEvents type, or a marker for records that are not valid events (so reports can count them too). */
    public String typeOrInvalid() {
        return event != null ? event.type() : "(invalid)";
    }

    public String header(String name) {
        Header h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    public Map<String, String> headers() {
        Map<String, String> map = new LinkedHashMap<>();
        for (Header h : record.headers()) {
            map.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
        }
        return map;
    }

    public String position() {
        return record.topic() + "/" + record.partition() + "/" + record.offset();
    }
}
