package com.microdrama.ops.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.UncheckedIOException;

/** The one JSON-lines shape for records, shared by events dump/tail and dlq inspect. */
public final class RecordJson {
    public static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private RecordJson() {
    }

    public static ObjectNode toNode(ParsedRecord r) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("topic", r.record().topic());
        n.put("partition", r.record().partition());
        n.put("offset", r.record().offset());
        n.put("timestamp", r.timestamp().toString());
        n.put("key", r.key());
        ObjectNode headers = n.putObject("headers");
        r.headers().forEach(headers::put);
        if (r.event() != null) {
            n.set("event", MAPPER.valueToTree(r.event()));
        } else {
            n.put("value", r.rawValue());
            n.put("invalid", r.invalidReason());
        }
        return n;
    }

    public static String line(ParsedRecord r) {
        return write(toNode(r));
    }

    public static String write(Object node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String pretty(Object node) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
