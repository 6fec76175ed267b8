package com.microdrama.catalog.validation;

import com.microdrama.catalog.admin.AdminRequests;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The admin API's field rules, checked with plain Hibernate Validator (no Quarkus). */
class AdminRequestsValidationTest {
    private static ValidatorFactory factory;
    private static Validator validator;

    @BeforeAll
    static void start() {
        factory = Validation.byDefaultProvider().configure()
                .messageInterpolator(new ParameterMessageInterpolator())
                .buildValidatorFactory();
        validator = factory.getValidator();
    }

    @AfterAll
    static void stop() {
        factory.close();
    }

    private static Set<String> invalid(Object request) {
        return validator.validate(request).stream()
                .map(ConstraintViolation::getPropertyPath)
                .map(Object::toString)
                .collect(Collectors.toSet());
    }

    private static AdminRequests.CreateSeries series(String id, String language, String title, String ageRating,
                                                     List<String> regions, String coverUrl, int price) {
        return new AdminRequests.CreateSeries(id, language, title, "synopsis", List.of("drama"), ageRating, regions,
                coverUrl, 3, price, 450);
    }

    @Test
    void aWellFormedSeriesIsValid() {
        assertEquals(Set.of(), invalid(series("midnight-contract-2", "pt-BR", "Title", "16+", List.of("US", "br"),
                "https://cdn.example/c.jpg", 60)));
        assertEquals(Set.of(), invalid(series("a1", "fil", "T", "all", List.of(), null, 10_000)));
    }

    @Test
    void idsMustBeSlugs() {
        for (String id : List.of("Upper", "two  words", "-leading", "trailing-", "double--dash", "")) {
            assertEquals(Set.of("id"), invalid(series(id, "en", "T", "13+", List.of(), null, 60)), id);
        }
    }

    @Test
    void languagesAreTwoOrThreeLettersWithOptionalRegion() {
        for (String language : List.of("english", "e", "en_US", "en-USA", "12")) {
            assertEquals(Set.of("originalLanguage"), invalid(series("s", language, "T", "13+", List.of(), null, 60)),
                    language);
        }
    }

    @Test
    void titlesAreNonBlankAndBounded() {
        assertEquals(Set.of("title"), invalid(series("s", "en", " ", "13+", List.of(), null, 60)));
        assertEquals(Set.of("title"), invalid(series("s", "en", "x".repeat(301), "13+", List.of(), null, 60)));
    }

    @Test
    void ageRatingComesFromTheFixedSet() {
        assertEquals(Set.of("ageRating"), invalid(series("s", "en", "T", "21+", List.of(), null, 60)));
    }

    @Test
    void regionsAreAssignedIsoCodes() {
        assertEquals(Set.of("regions[1].<list element>"),
                invalid(series("s", "en", "T", "13+", List.of("US", "XX"), null, 60)));
    }

    @Test
    void coverMustBeAnHttpUrl() {
        for (String url : List.of("ftp://cdn.example/c.jpg", "cdn.example/c.jpg", "https://", "javascript:alert(1)")) {
            assertEquals(Set.of("coverUrl"), invalid(series("s", "en", "T", "13+", List.of(), url, 60)), url);
        }
    }

    @Test
    void pricesAreBounded() {
        assertEquals(Set.of("episodePriceCoins"), invalid(series("s", "en", "T", "13+", List.of(), null, 0)));
        assertEquals(Set.of("episodePriceCoins"), invalid(series("s", "en", "T", "13+", List.of(), null, 10_001)));
        assertEquals(Set.of("priceCoins"), invalid(new AdminRequests.EpisodePrice(-1)));
        assertEquals(Set.of(), invalid(new AdminRequests.EpisodePrice(0)));
        assertEquals(Set.of(), invalid(new AdminRequests.EpisodePrice(null)));
    }

    @Test
    void episodeNumberDurationAndAssetAreChecked() {
        assertEquals(Set.of("number", "durationSeconds", "videoAsset"),
                invalid(new AdminRequests.CreateEpisode(null, 0, 3601, "../etc/passwd", "T", null)));
        assertEquals(Set.of("durationSeconds"),
                invalid(new AdminRequests.CreateEpisode("s-ep-01", 1, 0, "s/ep-01.m3u8", "T", null)));
        assertEquals(Set.of(), invalid(new AdminRequests.CreateEpisode(null, 1, 3600, "s/ep-01.m3u8", "T", 0)));
    }

    @Test
    void regionalTiersAreCheckedPerEntry() {
        assertEquals(Set.of("tiers[0].region", "tiers[1].pricePercent"), invalid(new AdminRequests.RegionalPrices(List.of(
                new AdminRequests.Tier("XX", 50), new AdminRequests.Tier("IN", 1001)))));
    }
}
