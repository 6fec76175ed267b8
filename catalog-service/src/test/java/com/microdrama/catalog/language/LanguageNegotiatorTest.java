package com.microdrama.catalog.language;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LanguageNegotiatorTest {
    private static final List<String> AVAILABLE = List.of("en", "es", "pt", "ja", "zh");

    private static String negotiate(String header) {
        return LanguageNegotiator.negotiate(header, AVAILABLE, "en");
    }

    @Test
    void exactLanguageIsChosen() {
        assertEquals("es", negotiate("es"));
        assertEquals("ja", negotiate("JA"));
    }

    @Test
    void regionFallsBackToItsLanguage() {
        assertEquals("es", negotiate("es-MX"));
        assertEquals("pt", negotiate("pt-BR,en;q=0.5"));
        assertEquals("zh", negotiate("zh-Hant-TW"));
    }

    @Test
    void regionFallbackComesBeforeTheNextPreference() {
        assertEquals("es", negotiate("es-MX, fr;q=0.9, en;q=0.8"));
    }

    @Test
    void highestQualityWinsRegardlessOfOrder() {
        assertEquals("ja", negotiate("es;q=0.3, ja;q=0.9, en;q=0.5"));
    }

    @Test
    void unavailableLanguagesAreSkipped() {
        assertEquals("pt", negotiate("fr, de;q=0.9, pt;q=0.1"));
    }

    @Test
    void excludedLanguageIsNotChosen() {
        assertEquals("en", negotiate("es;q=0"));
    }

    @Test
    void unknownMissingOrMalformedHeaderFallsBackToTheOriginal() {
        assertEquals("en", negotiate("fr-FR, de"));
        assertEquals("en", negotiate(null));
        assertEquals("en", negotiate(""));
        assertEquals("en", negotiate(";;;q=abc"));
        assertEquals("en", negotiate("*"));
        assertEquals("ja", LanguageNegotiator.negotiate("ko", AVAILABLE, "ja"));
    }

    @Test
    void browseLanguageFilterUsesPrimaryLanguages() {
        assertEquals(java.util.Set.of("es"), LanguageNegotiator.primaryLanguages("es-MX"));
        assertEquals(java.util.Set.of("pt", "en"), LanguageNegotiator.primaryLanguages("pt-BR, en;q=0.5, fr;q=0"));
        assertEquals(java.util.Set.of(), LanguageNegotiator.primaryLanguages("es, *;q=0.1"));
        assertEquals(java.util.Set.of(), LanguageNegotiator.primaryLanguages(";;;"));
    }
}
