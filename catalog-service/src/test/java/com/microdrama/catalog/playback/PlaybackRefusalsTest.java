package com.microdrama.catalog.playback;

import com.microdrama.catalog.entitlement.EntitlementCheck;
import com.microdrama.catalog.entitlement.EntitlementLookup;
import com.microdrama.catalog.entitlement.Entitlements;
import com.microdrama.catalog.experiment.ExperimentOffers;
import com.microdrama.catalog.experiment.ViewerOffer;
import com.microdrama.catalog.readcache.CatalogReadCache;
import com.microdrama.support.problem.ProblemException;
import com.microdrama.catalog.security.Viewer;
import com.microdrama.events.viewer.AgeRating;
import com.microdrama.catalog.series.SeriesService;
import com.microdrama.catalog.series.PlayableEpisode;
import com.microdrama.catalog.series.SeriesQueries;
import com.microdrama.catalog.viewing.ViewingEvents;
import com.microdrama.events.viewer.Pseudonyms;
import com.microdrama.events.EventEnvelope;
import com.microdrama.events.EventTypes;
import com.microdrama.events.payload.PaywallShown;
import com.microdrama.events.payload.PlaybackAuthorized;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Region and age rules of playback without Quarkus, in the order they refuse, and the viewing event each answer sends
 * (a grant or a 402 only, the viewer pseudonymous).
 */
class PlaybackRefusalsTest {
    private static final Viewer ANONYMOUS = Viewer.ANONYMOUS;
    private static final Viewer FIFTEEN = viewer("teen", OptionalInt.of(15));
    private static final Viewer ADULT = viewer("adult", OptionalInt.of(30));
    private static final Viewer UNKNOWN_AGE = viewer("someone", OptionalInt.empty());

    private static Viewer viewer(String subject, OptionalInt age) {
        return new Viewer(Optional.of(subject), "US", age);
    }

    private static final String PSEUDONYM_KEY = "a-test-pseudonym-key";

    private static PlaybackService service(PlayableEpisode episode, boolean entitled) {
        return service(episode, entitled, event -> { });
    }

    private static PlaybackService service(PlayableEpisode episode, boolean entitled, Consumer<EventEnvelope> viewing) {
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
        ExperimentOffers noExperiment = new ExperimentOffers(null, null, null) {
            @Override
            public Uni<ViewerOffer> forViewer(String seriesId, Viewer viewer) {
                return Uni.createFrom().item(ViewerOffer.none());
            }
        };
        SeriesService series = new SeriesService(queries, new CatalogReadCache(Duration.ZERO, 1),
                new EntitlementLookup(entitlements, Duration.ZERO, 1, Clock.systemUTC()), noExperiment) {
            @Override
            public Uni<Integer> seriesUnlockPrice(String seriesId, Viewer viewer) {
                return Uni.createFrom().item(240);
            }
        };
        return new PlaybackService(queries, new CatalogReadCache(Duration.ZERO, 1),
                new EntitlementLookup(entitlements, Duration.ZERO, 1, Clock.systemUTC()), signer, series,
                new ViewingEvents(viewing, Pseudonyms.withKey(Optional.of(PSEUDONYM_KEY)), Clock.systemUTC()),
                noExperiment);
    }

    private static PlayableEpisode episode(boolean free, boolean inRegion, AgeRating rating) {
        return new PlayableEpisode("s-ep-02", "s", 2, "s/ep-02.m3u8", free, 60, 300, "S", "US", inRegion, rating);
    }

    private static int refusal(PlaybackService service, Viewer viewer) {
        ProblemException problem = assertThrows(ProblemException.class,
                () -> service.authorize("s-ep-02", viewer, null).await().indefinitely());
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
                AgeRating.SIXTEEN), true).authorize("s-ep-02", FIFTEEN, null).await().indefinitely());
        assertEquals(403, problem.status());
        assertEquals("age-restricted", problem.slug());
        assertEquals(403, refusal(service(episode(false, true, AgeRating.SIXTEEN), true), FIFTEEN));
    }

    @Test
    void viewerOfUnknownAgeOrAnonymousNeedsAgeVerificationFor16PlusEvenForAFreeEpisode() {
        for (Viewer viewer : new Viewer[] {UNKNOWN_AGE, ANONYMOUS}) {
            ProblemException problem = assertThrows(ProblemException.class, () -> service(episode(true, true,
                    AgeRating.SIXTEEN), true).authorize("s-ep-02", viewer, null).await().indefinitely());
            assertEquals(403, problem.status());
            assertEquals("age-verification-required", problem.slug());
        }
    }

    @Test
    void viewerOfUnknownAgePlays13PlusAndAnAdultPlays18Plus() {
        assertEquals("s-ep-02", service(episode(true, true, AgeRating.THIRTEEN), false)
                .authorize("s-ep-02", UNKNOWN_AGE, null).await().indefinitely().episodeId());
        assertEquals("s-ep-02", service(episode(false, true, AgeRating.EIGHTEEN), true)
                .authorize("s-ep-02", ADULT, null).await().indefinitely().episodeId());
    }

    @Test
    void moneyRulesComeAfterRegionAndAge() {
        assertEquals(401, refusal(service(episode(false, true, AgeRating.THIRTEEN), false), ANONYMOUS));
        assertEquals(402, refusal(service(episode(false, true, AgeRating.THIRTEEN), false), ADULT));
    }

    @Test
    void theLockedOfferShowsTheSeriesPriceThisViewerWouldPay() {
        ProblemException problem = assertThrows(ProblemException.class, () -> service(episode(false, true,
                AgeRating.ALL), false).authorize("s-ep-02", ADULT, null).await().indefinitely());
        assertEquals(300, problem.extensions().get("bundlePriceCoins"));
        assertEquals(240, problem.extensions().get("seriesUnlockPriceCoins"));
    }

    @Test
    void aGrantSendsPlaybackAuthorizedWithThePseudonymNeverTheUserId() {
        List<EventEnvelope> sent = new ArrayList<>();
        service(episode(false, true, AgeRating.THIRTEEN), true, sent::add)
                .authorize("s-ep-02", ADULT, "es").await().indefinitely();
        service(episode(true, true, AgeRating.THIRTEEN), false, sent::add)
                .authorize("s-ep-02", ANONYMOUS, null).await().indefinitely();

        assertEquals(2, sent.size());
        EventEnvelope entitled = sent.get(0);
        assertEquals(EventTypes.PLAYBACK_AUTHORIZED, entitled.type());
        assertEquals("s", entitled.subject(), "key and subject: the series id");
        PlaybackAuthorized paid = entitled.dataAs(PlaybackAuthorized.class);
        String pseudonym = Pseudonyms.withKey(Optional.of(PSEUDONYM_KEY)).of("adult").orElseThrow();
        assertEquals(new PlaybackAuthorized(pseudonym, "s", "s-ep-02", 2, PlaybackAuthorized.ENTITLED, "US", "es",
                paid.authorizedAt()), paid);
        assertFalse(entitled.toJson().contains("\"adult\""), entitled.toJson());
        PlaybackAuthorized free = sent.get(1).dataAs(PlaybackAuthorized.class);
        assertNull(free.viewerId(), "nobody signed in");
        assertEquals(PlaybackAuthorized.FREE, free.access());
    }

    @Test
    void a402SendsPaywallShownWithTheOfferedPricesAndARefusalSendsNothing() {
        List<EventEnvelope> sent = new ArrayList<>();
        assertEquals(402, refusal(service(episode(false, true, AgeRating.ALL), false, sent::add), ADULT));
        assertEquals(451, refusal(service(episode(false, false, AgeRating.ALL), false, sent::add), ADULT));
        assertEquals(401, refusal(service(episode(false, true, AgeRating.ALL), false, sent::add), ANONYMOUS));

        assertEquals(List.of(EventTypes.PAYWALL_SHOWN), sent.stream().map(EventEnvelope::type).toList());
        PaywallShown shown = sent.get(0).dataAs(PaywallShown.class);
        assertEquals(60, shown.priceCoins());
        assertEquals(240, shown.seriesUnlockPriceCoins());
        assertEquals(2, shown.episodeNumber());
        assertEquals(Pseudonyms.withKey(Optional.of(PSEUDONYM_KEY)).of("adult").orElseThrow(), shown.viewerId());
    }

    @Test
    void aSinkThatFailsCostsTheViewerNothing() {
        assertEquals("s-ep-02", service(episode(true, true, AgeRating.ALL), false, event -> {
            throw new IllegalStateException("broker away");
        }).authorize("s-ep-02", ADULT, null).await().indefinitely().episodeId());
    }
}
