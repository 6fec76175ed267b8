package com.microdrama.insights.funnel;

import com.microdrama.events.EventEnvelope;
import com.microdrama.events.EventTypes;
import com.microdrama.events.payload.EpisodePurchased;
import com.microdrama.events.payload.PaywallShown;
import com.microdrama.events.payload.PlaybackAuthorized;
import com.microdrama.events.payload.PurchaseRefunded;
import com.microdrama.events.payload.SeriesPurchased;
import com.microdrama.events.viewer.Pseudonyms;

import java.util.Optional;

/**
 * Turns records of viewing-events and payment-events into {@link Fact}s. Types the funnel does not count (coin packs,
 * subscriptions, bonus expiry, a type not known yet) give nothing; a record that is not a valid event throws
 * {@link com.microdrama.events.InvalidEventException}, which the topology counts and skips (an analytics stream must
 * not stop on one bad record; the services that act on money dead-letter them).
 */
public final class FactReader {
    static final String EPISODE_UNLOCK = "episode-unlock";
    static final String SERIES_UNLOCK = "series-unlock";

    private final Pseudonyms pseudonyms;

    public FactReader(Pseudonyms pseudonyms) {
        if (!pseudonyms.enabled()) {
            throw new IllegalArgumentException("insights needs the viewer pseudonym key");
        }
        this.pseudonyms = pseudonyms;
    }

    public Optional<Fact> viewing(String json) {
        EventEnvelope event = EventEnvelope.parse(json);
        return switch (event.type()) {
            case EventTypes.PLAYBACK_AUTHORIZED -> {
                PlaybackAuthorized p = event.dataAs(PlaybackAuthorized.class);
                yield Optional.of(new Fact(Fact.Kind.PLAY, p.seriesId(), p.viewerId(), p.episodeId(), p.episodeNumber(),
                        p.region(), p.language(), 0, null, p.authorizedAt(), p.experimentId(), p.variant()));
            }
            case EventTypes.PAYWALL_SHOWN -> {
                PaywallShown p = event.dataAs(PaywallShown.class);
                yield Optional.of(new Fact(Fact.Kind.PAYWALL, p.seriesId(), p.viewerId(), p.episodeId(),
                        p.episodeNumber(), p.region(), p.language(), p.priceCoins(), null, p.shownAt(),
                        p.experimentId(), p.variant()));
            }
            default -> Optional.empty();
        };
    }

    /**
     * An unlock, or the refund of one with what it refunded ({@code unlock}, the fact this topology recorded for that
     * unlock id, whose experiment and arm the refund takes back); refunds of anything else give nothing.
     */
    public Optional<Fact> payment(EventEnvelope event, java.util.function.Function<String, Fact> unlock) {
        return switch (event.type()) {
            case EventTypes.EPISODE_PURCHASED -> {
                EpisodePurchased p = event.dataAs(EpisodePurchased.class);
                yield Optional.of(new Fact(Fact.Kind.EPISODE_UNLOCK, p.seriesId(), pseudonym(p.userId()), p.episodeId(),
                        0, null, null, p.coinsSpent(), p.unlockId(), p.purchasedAt(), p.experimentId(), p.variant()));
            }
            case EventTypes.SERIES_PURCHASED -> {
                SeriesPurchased p = event.dataAs(SeriesPurchased.class);
                yield Optional.of(new Fact(Fact.Kind.SERIES_UNLOCK, p.seriesId(), pseudonym(p.userId()), null, 0, null,
                        null, p.coinsSpent(), p.unlockId(), p.purchasedAt(), p.experimentId(), p.variant()));
            }
            case EventTypes.PURCHASE_REFUNDED -> {
                PurchaseRefunded r = event.dataAs(PurchaseRefunded.class);
                if (!EPISODE_UNLOCK.equals(r.kind()) && !SERIES_UNLOCK.equals(r.kind())) {
                    yield Optional.empty();
                }
                Fact unlocked = unlock.apply(r.purchaseId());
                yield unlocked == null ? Optional.empty()
                        : Optional.of(new Fact(Fact.Kind.REFUND, unlocked.seriesId(), unlocked.viewerId(),
                        unlocked.episodeId(), 0, null, null, unlocked.coins(), unlocked.unlockId(), r.refundedAt(),
                        unlocked.experimentId(), unlocked.variant()));
            }
            default -> Optional.empty();
        };
    }

    public String pseudonym(String userId) {
        return pseudonyms.of(userId).orElseThrow(() -> new com.microdrama.events.InvalidEventException("no user id"));
    }
}
