package com.microdrama.catalog.playback;

import com.microdrama.catalog.entitlement.EntitlementCheck;
import com.microdrama.catalog.entitlement.EntitlementLookup;
import com.microdrama.catalog.entitlement.Entitlements;
import com.microdrama.catalog.readcache.CatalogReadCache;
import com.microdrama.support.problem.ProblemException;
import com.microdrama.catalog.security.Viewer;
import com.microdrama.catalog.series.AgeRating;
import com.microdrama.catalog.series.PlayableEpisode;
import com.microdrama.catalog.series.SeriesQueries;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Region and age rules of playback without Quarkus (the local Keycloak realm issues no age claim, so the ITs cannot
 * reach the age rule with real tokens).
 */
class PlaybackRefusalsTest {
    private static final Viewer ANONYMOUS = Viewer.ANONYMOUS;
    private static final Viewer FIFTEEN = new Viewer(Optional.of("teen"), Optional.empty(), OptionalInt.of(15));
    private static final Viewer ADULT = new Viewer(Optional.of("adult"), Optional.empty(), OptionalInt.of(30));
    private static final Viewer UNKNOWN_AGE = new Viewer(Optional.of("someone"), Optional.empty(), OptionalInt.empty());

    private static PlaybackService service(PlayableEpisode episode, boolean entitled) {
        SeriesQueries queries = new SeriesQueries(null, null, null, null, null) {
            @Override
            public Uni<PlayableEpisode> playable(String episodeId, String region) {
                return Uni.createFrom().item(episode);
            }
        };
        Entitlements entitlements = new Entitlements(null) {
            @Override
            public Uni<EntitlementCheck> check(String userId, String episodeId, String region) {
                return Uni.createFrom().item(new EntitlementCheck(episodeId, entitled, entitled ? "promo" : "none", null));
            }
        };
        PlaybackSigner signer = new PlaybackSigner("a-test-key-of-16+chars", "https://cdn.example", Duration.ofMinutes(5),
                Clock.systemUTC());
        return new PlaybackService(queries, new CatalogReadCache(Duration.ZERO, 1),
                new EntitlementLookup(entitlements, Duration.ZERO, 1), signer);
    }

    private static PlayableEpisode episode(boolean free, boolean inRegion, AgeRating rating) {
        return new PlayableEpisode("s-ep-02", "s", 2, "s/ep-02.m3u8", free, 60, 300, "S", "US", inRegion, rating);
    }

    private static int refusal(PlaybackService service, Viewer viewer) {
        ProblemException problem = assertThrows(ProblemException.class,
                () -> service.authorize("s-ep-02", viewer, "US").await().indefinitely());
        return problem.status();
    }

    @Test
    void outsideTheRegionIs451EvenForFreeEpisodesAndBeforeTheAgeCheck() {
        assertEquals(451, refusal(service(episode(true, false, AgeRating.ALL), true), ANONYMOUS));
        assertEquals(451, refusal(service(episode(false, false, AgeRating.EIGHTEEN), true), FIFTEEN));
    }

    @Test
    void viewerBelowTheRatingIs403EvenForFreeOrEntitledEpisodes() {
        ProblemException problem = assertThrows(ProblemException.class, () -> service(episode(true, true,
                AgeRating.SIXTEEN), true).authorize("s-ep-02", FIFTEEN, "US").await().indefinitely());
        assertEquals(403, problem.status());
        assertEquals("age-restricted", problem.slug());
        assertEquals(403, refusal(service(episode(false, true, AgeRating.SIXTEEN), true), FIFTEEN));
    }

    @Test
    void viewerOfUnknownAgeOrOldEnoughPlays() {
        assertEquals("s-ep-02", service(episode(true, true, AgeRating.EIGHTEEN), false)
                .authorize("s-ep-02", UNKNOWN_AGE, "US").await().indefinitely().episodeId());
        assertEquals("s-ep-02", service(episode(false, true, AgeRating.EIGHTEEN), true)
                .authorize("s-ep-02", ADULT, "US").await().indefinitely().episodeId());
    }

    @Test
    void moneyRulesComeAfterRegionAndAge() {
        assertEquals(401, refusal(service(episode(false, true, AgeRating.THIRTEEN), false), ANONYMOUS));
        assertEquals(402, refusal(service(episode(false, true, AgeRating.THIRTEEN), false), ADULT));
    }
}
