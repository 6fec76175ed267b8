package com.microdrama.support.http;

import org.junit.jupiter.api.Test;

import static com.microdrama.support.http.NulCharacterFilter.containsNul;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NulCharacterFilterTest {

    @Test
    void aNulInThePathOrQueryIsFound() {
        assertTrue(containsNul("/api/catalog/series/a%00b"));
        assertTrue(containsNul("/api/entitlements/check?episodeId=ep%00isode"));
        assertTrue(containsNul("/api/catalog/series?q=x&genre=%00"));
        assertTrue(containsNul("/api/catalog/series/a\u0000b"));
    }

    @Test
    void ordinaryAndLookAlikeTargetsPass() {
        assertFalse(containsNul("/api/catalog/series?q=%E3%82%A8%F0%9F%98%80&page=0"));
        assertFalse(containsNul("/api/catalog/series?q=%2500"), "an encoded '%' followed by 00 is text, not NUL");
        assertFalse(containsNul("/api/catalog/series?q=100%"));
        assertFalse(containsNul("/api/catalog/series?q=%0"));
        assertFalse(containsNul(null));
    }
}
