package com.microdrama.catalog.playback;

import com.microdrama.catalog.entitlement.EntitlementLookup;
import com.microdrama.catalog.readcache.CatalogReadCache;
import com.microdrama.catalog.problem.CatalogProblems;
import com.microdrama.support.problem.ProblemException;
import com.microdrama.catalog.security.Viewer;
import com.microdrama.catalog.series.PlayableEpisode;
import com.microdrama.catalog.series.SeriesQueries;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Playback authorization: free episodes play for anyone, paid ones only on a positive answer from
 * entitlement-service. Any doubt (timeout, error, open circuit) refuses a paid episode: fail closed.
 */
@ApplicationScoped
public class PlaybackService {
    /** Who a free episode's URL is bound to when nobody signed in. */
    static final String ANONYMOUS = "anonymous";

    private final SeriesQueries queries;
    private final CatalogReadCache catalog;
    private final EntitlementLookup entitlements;
    private final PlaybackSigner signer;

    public PlaybackService(SeriesQueries queries, CatalogReadCache catalog, EntitlementLookup entitlements,
                           PlaybackSigner signer) {
        this.queries = queries;
        this.catalog = catalog;
        this.entitlements = entitlements;
        this.signer = signer;
    }

    /**
     * Order of refusals: unknown (404), not in the region (451), too young (403), then money: free plays, paid
     * needs a token (401) and an entitlement (402).
     */
    public Uni<PlaybackGrant> authorize(String episodeId, Viewer who, String region) {
        Optional<String> viewer = who.subject();
        return catalog.get(new PlayableKey(episodeId, region), () -> queries.playable(episodeId, region))
                .flatMap(episode -> {
            if (!episode.availableInRegion()) {
                return Uni.createFrom().failure(CatalogProblems.notAvailableInRegion(episode.seriesId(), region));
            }
            if (!episode.ageRating().allows(who.age())) {
                return Uni.createFrom().failure(CatalogProblems.ageRestricted(episode.seriesId(),
                        episode.ageRating().label()));
            }
            if (episode.free()) {
                return Uni.createFrom().item(grant(episode, viewer.orElse(ANONYMOUS)));
            }
            if (viewer.isEmpty()) {
                return Uni.createFrom().failure(CatalogProblems.authenticationRequired(
                        "Episode " + episode.episodeId() + " is not free: sign in to play it."));
            }
            String userId = viewer.get();
            return entitlements.check(userId, episode.episodeId(), who.region())
                    .onFailure().transform(failure -> unavailable(episode, failure))
                    .map(check -> {
                        if (!check.allowed()) {
                            throw UnlockOffer.episodeLocked(episode);
                        }
                        return grant(episode, userId);
                    });
        });
    }

    private record PlayableKey(String episodeId, String region) {
    }

    private PlaybackGrant grant(PlayableEpisode episode, String userId) {
        PlaybackSigner.SignedUrl signed = signer.sign(episode.episodeId(), episode.videoAsset(), userId);
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
        return new ProblemException(503, "entitlements-unavailable", "Entitlements unavailable",
                "Could not confirm access to episode " + episode.episodeId()
                        + " right now; paid episodes cannot play until it can be confirmed. Please retry shortly.",
                orderedIds(episode), failure);
    }
}
