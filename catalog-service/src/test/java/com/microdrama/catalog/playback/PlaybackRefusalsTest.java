package com.microdrama.catalog.playback;

import com.microdrama.catalog.entitlement.EntitlementCheck;
import com.microdrama.catalog.entitlement.EntitlementLookup;
import com.microdrama.catalog.entitlement.Entitlements;
import com.microdrama.catalog.readcache.CatalogReadCache;
import com.microdrama.support.problem.ProblemException;
import com.microdrama.catalog.security.Viewer;
import com.microdrama.events.viewer.AgeRating;
import com.microdrama.catalog.series.SeriesService;
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

/** Region and age rules of playback without Quarkus, in the order they refuse. */
class PlaybackRefusalsTest {
    private static final Viewer ANONYMOUS = Viewer.ANONYMOUS;
    private static final Viewer FIFTEEN = viewer("teen", OptionalInt.of(15));
    private static final Viewer ADULT = viewer("adult", OptionalInt.of(30));
    private static final Viewer UNKNOWN_AGE = viewer("someone", OptionalInt.empty());

    private static Viewer viewer(String subject, OptionalInt age) {
        return new Viewer(Optional.of(subject), "US", age);
    }

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
        SeriesService series = new SeriesService(queries, new CatalogReadCache(Duration.ZERO, 1),
                new EntitlementLookup(entitlements, Duration.ZERO, 1, Clock.systemUTC())) {
            @Override
            public Uni<Integer> seriesUnlockPrice(String seriesId, Viewer viewer) {
                return Uni.createFrom().item(240);
            }
        };
        return new PlaybackService(queries, new CatalogReadCache(Duration.ZERO, 1),
                new EntitlementLookup(entitlements, Duration.ZERO, 1, Clock.systemUTC()), signer, series);
    }

    private static PlayableEpisode episode(boolean free, boolean inRegion, AgeRating rating) {
        return new PlayableEpisode("s-ep-02", "s", 2, "s/ep-02.m3u8", free, 60, 300, "S", "US", inRegion, rating);
    }

    private static int refusal(PlaybackService service, Viewer viewer) {
        ProblemException problem = assertThrows(ProblemException.class,
                () -> service.authorize("s-ep-02", viewer).await().indefinitely());
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
                AgeRating.SIXTEEN), true).authorize("s-ep-02", FIFTEEN).await().indefinitely());
        assertEquals(403, problem.status());
        assertEquals("age-restricted", problem.slug());
        assertEquals(403, refusal(service(episode(false, true, AgeRating.SIXTEEN), true), FIFTEEN));
    }

    @Test
    void viewerOfUnknownAgeOrAnonymousNeedsAgeVerificationFor16PlusEvenForAFreeEpisode() {
        for (Viewer viewer : new Viewer[] {UNKNOWN_AGE, ANONYMOUS}) {
            ProblemException problem = assertThrows(ProblemException.class, () -> service(episode(true, true,
                    AgeRating.SIXTEEN), true).authorize("s-ep-02", viewer).await().indefinitely());
            assertEquals(403, problem.status());
            assertEquals("age-verification-required", problem.slug());
        }
    }

    @Test
    void viewerOfUnknownAgePlays13PlusAndAnAdultPlays18Plus() {
        assertEquals("s-ep-02", service(episode(true, true, AgeRating.THIRTEEN), false)
                .authorize("s-ep-02", UNKNOWN_AGE).await().indefinitely().episodeId());
        assertEquals("s-ep-02", service(episode(false, true, AgeRating.EIGHTEEN), true)
                .authorize("s-ep-02", ADULT).await().indefinitely().episodeId());
    }

    @Test
    void moneyRulesComeAfterRegionAndAge() {
        assertEquals(401, refusal(service(episode(false, true, AgeRating.THIRTEEN), false), ANONYMOUS));
        assertEquals(402, refusal(service(episode(false, true, AgeRating.THIRTEEN), false), ADULT));
    }

    @Test
    void theLockedOfferShowsTheSeriesPriceThisViewerWouldPay() {
        ProblemException problem = assertThrows(ProblemException.class, () -> service(episode(false, true,
                AgeRating.ALL), false).authorize("s-ep-02", ADULT).await().indefinitely());
        assertEquals(300, problem.extensions().get("bundlePriceCoins"));
        assertEquals(240, problem.extensions().get("seriesUnlockPriceCoins"));
    }
}
