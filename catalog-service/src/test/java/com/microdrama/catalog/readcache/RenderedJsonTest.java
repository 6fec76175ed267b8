package com.microdrama.catalog.readcache;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

class RenderedJsonTest {
    private record Page(String id, List<String> episodes) {
    }

    private final RenderedJson rendered = new RenderedJson(new ObjectMapper(), 10);

    private static String text(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }

    @Test
    void theSameObjectIsWrittenOnce() {
        Page page = new Page("s-1", List.of("ep-1", "ep-2"));

        byte[] first = rendered.bytesOf(page);

        assertEquals("{\"id\":\"s-1\",\"episodes\":[\"ep-1\",\"ep-2\"]}", text(first));
        assertSame(first, rendered.bytesOf(page));
    }

    @Test
    void aNewObjectIsWrittenAgainEvenWhenEqual() {
        Page page = new Page("s-1", List.of("ep-1"));
        byte[] first = rendered.bytesOf(page);

        Page changed = new Page("s-1", List.of("ep-1", "ep-2"));
        assertEquals("{\"id\":\"s-1\",\"episodes\":[\"ep-1\",\"ep-2\"]}", text(rendered.bytesOf(changed)));

        Page equalCopy = new Page("s-1", List.of("ep-1"));
        byte[] copy = rendered.bytesOf(equalCopy);
        assertNotSame(first, copy, "keys are compared by identity: a cache never hands out bytes of another object");
        assertEquals(text(first), text(copy));
    }
}
