package com.microdrama.catalog.playback;

import com.microdrama.catalog.entitlement.EntitlementLookup;
import com.microdrama.catalog.experiment.ExperimentOffers;
import com.microdrama.catalog.experiment.ViewerOffer;
import com.microdrama.catalog.readcache.CatalogReadCache;
import com.microdrama.catalog.problem.CatalogProblems;
import com.microdrama.support.problem.ProblemException;
import com.microdrama.catalog.security.Viewer;
import com.microdrama.catalog.series.EpisodeLocks;
import com.microdrama.catalog.series.PlayableEpisode;
import com.microdrama.catalog.series.SeriesQueries;
import com.microdrama.catalog.series.AgeGate;
import com.microdrama.catalog.series.SeriesService;
import com.microdrama.catalog.viewing.ViewingEvents;
import com.microdrama.support.problem.ViewerProblems;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Playback authorization: free episodes play for anyone, paid ones only on a positive answer from
 * entitlement-service. Any doubt (timeout, error, open circuit) refuses a paid episode: fail closed.
 */
@ApplicationScoped
public class PlaybackService {
    /** Who a free episode's URL is bound to when nobody signed in. */
    static final String ANONYMOUS = "anonymous";
    static final String UNAVAILABLE = "entitlements-unavailable";

    private final SeriesQueries queries;
    private final CatalogReadCache catalog;
    private final EntitlementLookup entitlements;
    private final PlaybackSigner signer;
    private final SeriesService series;
    private final PlaybackMetrics metrics;
    private final ViewingEvents viewing;
    private final ExperimentOffers offers;

    /** Outside CDI (unit tests): the timings go to a registry nobody exports. */
    public PlaybackService(SeriesQueries queries, CatalogReadCache catalog, EntitlementLookup entitlements,
                           PlaybackSigner signer, SeriesService series, ViewingEvents viewing,
                           ExperimentOffers offers) {
        this(queries, catalog, entitlements, signer, series, new PlaybackMetrics(new SimpleMeterRegistry()), viewing,
                offers);
    }

    @Inject
    public PlaybackService(SeriesQueries queries, CatalogReadCache catalog, EntitlementLookup entitlements,
                           PlaybackSigner signer, SeriesService series, PlaybackMetrics metrics,
                           ViewingEvents viewing, ExperimentOffers offers) {
        this.offers = offers;
        this.metrics = metrics;
        this.viewing = viewing;
        this.series = series;
        this.queries = queries;
        this.catalog = catalog;
        this.entitlements = entitlements;
        this.signer = signer;
    }

    /**
     * Order of refusals: unknown (404), not in the viewer's region (451), age (403 too young or age unknown for
     * 16+/18+), then money: free plays, paid needs a token (401) and an entitlement (402, with the prices this viewer
     * would pay). A grant and a 402 are also told to insights as viewing events ({@link ViewingEvents}).
     *
     * @param language the primary language the app asked for, null if none (it only labels the viewing event)
     */
    public Uni<PlaybackGrant> authorize(String episodeId, Viewer who, String language) {
        return metrics.timed(() -> authorizeUntimed(episodeId, who, language));
    }

    private Uni<PlaybackGrant> authorizeUntimed(String episodeId, Viewer who, String language) {
        String region = who.region();
        return catalog.get(new PlayableKey(episodeId, region), () -> queries.playable(episodeId, region))
                .flatMap(episode -> {
            if (!episode.availableInRegion()) {
                return Uni.createFrom().failure(ViewerProblems.notAvailableInRegion(episode.seriesId(), region));
            }
            AgeGate.requireAllowed(episode.seriesId(), episode.ageRating(), who.age());
            if (who.subject().isEmpty()) {
                if (episode.free()) {
                    return Uni.createFrom().item(grant(episode, who, language, ViewerOffer.none(), true));
                }
                return Uni.createFrom().failure(CatalogProblems.authenticationRequired(
                        "Episode " + episode.episodeId() + " is not free: sign in to play it."));
            }
            // a signed-in viewer's plays carry their experiment arm, free episodes included: insights counts an
            // arm's viewers from them (docs/decisions/0036-paywall-experiments.md)
            return offers.forViewer(episode.seriesId(), who).flatMap(offer -> {
                if (episode.free()) {
                    return Uni.createFrom().item(grant(episode, who, language, offer, true));
                }
                // an episode the viewer's arm makes free is still asked about: entitlement-service answers "free"
                // and remembers that it did, so the viewer keeps it after the experiment
                PlayableEpisode offered = offer.apply(episode);
                return entitlements.check(who.subject().get(), episode.episodeId(), who.region())
                        .onFailure().transform(failure -> unavailable(episode, failure))
                        .flatMap(check -> check.allowed()
                                ? Uni.createFrom().item(grant(offered, who, language, offer,
                                        EpisodeLocks.REASON_FREE.equals(check.reason())))
                                : locked(offered, who, language, offer));
            });
        });
    }

    /** The 402 with the series price this viewer would pay; the bundle price if that cannot be worked out now. */
    private Uni<PlaybackGrant> locked(PlayableEpisode episode, Viewer who, String language, ViewerOffer offer) {
        return series.seriesUnlockPrice(episode.seriesId(), who)
                .onFailure().recoverWithItem(episode.bundlePriceCoins())
                .map(price -> {
                    viewing.paywallShown(episode, who, language, price, offer);
                    throw UnlockOffer.episodeLocked(episode, price);
                });
    }

    private record PlayableKey(String episodeId, String region) {
    }

    /** @param free whether the episode plays as a free one (the catalog's or the viewer's arm's), not by a grant */
    private PlaybackGrant grant(PlayableEpisode episode, Viewer who, String language, ViewerOffer offer, boolean free) {
        PlaybackSigner.SignedUrl signed = signer.sign(episode.videoAsset(), who.subject().orElse(ANONYMOUS));
        viewing.playbackAuthorized(episode, who, language, free, offer);
        return new PlaybackGrant(episode.episodeId(), signed.url(), signed.expiresAt());
    }

    private static Map<String, Object> orderedIds(PlayableEpisode episode) {
        Map<String, Object> ids = new LinkedHashMap<>();
        ids.put("episodeId", episode.episodeId());
        ids.put("seriesId", episode.seriesId());
        return ids;
    }

    private static ProblemException unavailable(PlayableEpisode episode, Throwable failure) {
        Log.warnf("entitlement check for %s failed, refusing playback: %s", episode.episodeId(), failure.toString());
        return new ProblemException(503, UNAVAILABLE, "Entitlements unavailable",
                "Could not confirm access to episode " + episode.episodeId()
                        + " right now; paid episodes cannot play until it can be confirmed. Please retry shortly.",
                orderedIds(episode), failure);
    }
}
