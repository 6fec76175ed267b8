package com.microdrama.catalog.viewing;

import com.microdrama.catalog.config.CatalogConfig;
import com.microdrama.catalog.security.Viewer;
import com.microdrama.catalog.experiment.ViewerOffer;
import com.microdrama.catalog.series.PlayableEpisode;
import com.microdrama.events.EventEnvelope;
import com.microdrama.events.EventTypes;
import com.microdrama.events.payload.PaywallShown;
import com.microdrama.events.payload.PlaybackAuthorized;
import com.microdrama.events.viewer.Pseudonyms;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What viewers were shown, as events on viewing-events for insights (docs/events.md, "viewing-events";
 * docs/decisions/0034-viewing-events.md). Fire and forget: an event is sent after the answer is decided, never
 * awaited, and dropped when the producer cannot take it at once (no room, the topic's partitions not known yet, broker
 * away), counted in {@code microdrama_viewing_events_total{outcome}}; playback never waits for or fails because of
 * analytics ({@link ViewingEventsProducer}).
 *
 * <p>The viewer is a pseudonym (HMAC-SHA256 of the token's subject under {@code catalog.viewing-events.pseudonym-key},
 * a key of its own, not the log pseudonym's), so a viewing event alone cannot be joined to an account or to log lines.
 */
@ApplicationScoped
public class ViewingEvents {
    static final String SOURCE = "/catalog-service";

    private final Consumer<EventEnvelope> sink;
    private final Pseudonyms pseudonyms;
    private final Clock clock;

    @Inject
    public ViewingEvents(ViewingEventsProducer producer, CatalogConfig config, Clock clock) {
        this(producer, Pseudonyms.withKey(Optional.of(config.viewingEvents().pseudonymKey())), clock);
    }

    /** Events handed to {@code sink} (unit tests; the service sends them to Kafka). */
    public ViewingEvents(Consumer<EventEnvelope> sink, Pseudonyms pseudonyms, Clock clock) {
        if (!pseudonyms.enabled()) {
            throw new IllegalArgumentException("viewing events need a pseudonym key: they never carry the raw user id");
        }
        this.sink = sink;
        this.pseudonyms = pseudonyms;
        this.clock = clock;
    }

    /**
     * An episode may play: free (the catalog's, or the viewer's experiment arm's), or paid and the viewer entitled.
     * The viewer's arm of a running experiment rides along ({@code offer}).
     */
    public void playbackAuthorized(PlayableEpisode episode, Viewer who, String language, boolean free,
                                   ViewerOffer offer) {
        Instant now = clock.instant();
        publish(episode.seriesId(), EventTypes.PLAYBACK_AUTHORIZED, now, new PlaybackAuthorized(viewerId(who),
                episode.seriesId(), episode.episodeId(), episode.number(),
                free ? PlaybackAuthorized.FREE : PlaybackAuthorized.ENTITLED, who.region(), language, now,
                offer.experimentId(), offer.variantName()));
    }

    /** A signed-in viewer got the 402 for a paid episode, offering these prices (their arm's, in an experiment). */
    public void paywallShown(PlayableEpisode episode, Viewer who, String language, int seriesUnlockPriceCoins,
                             ViewerOffer offer) {
        Instant now = clock.instant();
        publish(episode.seriesId(), EventTypes.PAYWALL_SHOWN, now, new PaywallShown(viewerId(who), episode.seriesId(),
                episode.episodeId(), episode.number(), episode.priceCoins(), seriesUnlockPriceCoins, who.region(),
                language, now, offer.experimentId(), offer.variantName()));
    }

    private String viewerId(Viewer who) {
        return who.subject().flatMap(pseudonyms::of).orElse(null);
    }

    /** The envelope and the payload carry the same instant: the moment the answer was given. */
    private void publish(String seriesId, String type, Instant at, Object data) {
        try {
            sink.accept(EventEnvelope.of(SOURCE, type, seriesId, at, data));
        } catch (RuntimeException e) {
            // analytics must never cost a viewer their answer
            Log.debugf("viewing event %s for %s not sent: %s", type, seriesId, e.toString());
        }
    }

}
