package com.microdrama.catalog.readcache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.microdrama.catalog.config.CatalogConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.io.UncheckedIOException;

/**
 * The JSON of an immutable response object, written once per object: the read caches hand out the very same series
 * page object to every request until it changes (a new object), so its bytes can be reused as long as the object is.
 * Writing a 100-episode series page was a third of catalog-service's CPU under the bench's series-page load (JFR).
 *
 * <p>Keys are compared by identity and held weakly: an entry lives only while a cache still holds its object, and an
 * object that is never handed out again (a degraded page, an evicted one) is collected with its bytes. Bounded too
 * (~15 KB a series page): a miss only writes the JSON again. Never pass an object that is changed after it was
 * rendered.
 */
@Singleton
public final class RenderedJson {
    private final ObjectMapper mapper;
    private final Cache<Object, byte[]> rendered;

    @Inject
    public RenderedJson(ObjectMapper mapper, CatalogConfig config) {
        this(mapper, config.renderedJson().maxEntries());
    }

    public RenderedJson(ObjectMapper mapper, long maxEntries) {
        this.mapper = mapper;
        this.rendered = Caffeine.newBuilder().weakKeys().maximumSize(maxEntries).build();
    }

    public byte[] bytesOf(Object value) {
        return rendered.get(value, this::write);
    }

    private byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
