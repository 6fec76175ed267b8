package com.microdrama.support.json;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StrictJsonTest {
    record Purchase(String packId) {
    }

    @Test
    void aDuplicateKeyIsAParseErrorForRecordsAndMaps() {
        ObjectMapper mapper = new ObjectMapper();
        new StrictJson().customize(mapper);
        JsonParseException e = assertThrows(JsonParseException.class,
                () -> mapper.readValue("{\"packId\":\"a\",\"packId\":\"b\"}", Purchase.class));
        assertTrue(e.getOriginalMessage().contains("Duplicate field 'packId'"), e.getOriginalMessage());
        assertThrows(JsonParseException.class, () -> mapper.readValue("{\"a\":{\"x\":1,\"x\":2}}", Map.class));
    }

    @Test
    void distinctKeysStillParse() throws Exception {
        ObjectMapper mapper = StrictJson.apply(new ObjectMapper());
        assertEquals(new Purchase("a"), mapper.readValue("{\"packId\":\"a\"}", Purchase.class));
    }
}
