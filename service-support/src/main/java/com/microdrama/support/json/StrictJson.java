package com.microdrama.support.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * A JSON object that names a key twice is refused at the parser ({@code Duplicate field 'packId'}), so it becomes
 * the ordinary 400 {@code malformed-request}. Left lenient, Jackson keeps the last value for a bean, which lets a
 * body mean one thing to a proxy or log reader and another to us, and for a record it fails deep in databind with
 * an InvalidDefinitionException that Quarkus answers with an empty 500.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        apply(mapper);
    }

    public static ObjectMapper apply(ObjectMapper mapper) {
        return mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }
}
