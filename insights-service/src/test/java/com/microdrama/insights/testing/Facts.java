package com.microdrama.insights.testing;

import com.microdrama.events.EventEnvelope;
import com.microdrama.events.EventTypes;
import com.microdrama.events.payload.CoinsPurchased;
import com.microdrama.events.payload.EpisodePurchased;
import com.microdrama.events.payload.Money;
import com.microdrama.events.payload.PaywallShown;
import com.microdrama.events.payload.PlaybackAuthorized;
import com.microdrama.events.payload.PurchaseRefunded;
import com.microdrama.events.payload.SeriesPurchased;
import com.microdrama.events.payload.SeriesUpdated;
import com.microdrama.events.viewer.Pseudonyms;
import com.microdrama.testsupport.LocalSecrets;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Writes facts of one series to the scratch topics the way the producers do: viewing facts keyed by series with the
 * viewer's pseudonym under the local VIEWER_PSEUDONYM_KEY (catalog-service), payment facts keyed by user id with the
 * user id (payment-service's outbox), the series' own state keyed by series (catalog-service's catalog-events).
 */
public final class Facts {
    private static final Map<String, String> CONTENT_TYPE = Map.of("content-type", EventEnvelope.KAFKA_CONTENT_TYPE);
    private final String series;
    private final String experimentId;
    private final Map<String, String> variants;
    private final Pseudonyms pseudonyms = Pseudonyms.withKey(Optional.of(LocalSecrets.get("VIEWER_PSEUDONYM_KEY")));

    public Facts(String series) {
        this(series, null, Map.of());
    }

    private Facts(String series, String experimentId, Map<String, String> variants) {
        this.series = series;
        this.experimentId = experimentId;
        this.variants = variants;
    }

    /**
     * Facts of the same series whose users of {@code variants} (user id → arm) are in paywall experiment
     * {@code experimentId}, tagged as catalog-service and payment-service tag them; other users' facts are not.
     */
    public Facts inExperiment(String experimentId, Map<String, String> variants) {
        return new Facts(series, experimentId, variants);
    }

    private String experiment(String user) {
        return user != null && variants.containsKey(user) ? experimentId : null;
    }

    private String variant(String user) {
        return user == null ? null : variants.get(user);
    }

    public String episodeId(int number) {
        return "%s-ep-%02d".formatted(series, number);
    }

    /** Three viewers, an anonymous play, a payer after the paywall, a buyer never seen: 6 plays, 2 payers. */
    public void journey() {
        play("alice", 1, "BR", "pt");
        play("alice", 2, "BR", "pt");
        paywall("alice", 3, "BR", "pt");
        play("bob", 1, "US", "en");
        play("bob", 2, "US", "en");
        paywall("bob", 3, "US", "en");
        play("carol", 1, "US", "en");
        play(null, 1, "US", null);
        episodeUnlock("unlock-a-" + UUID.randomUUID(), "alice", 3, 60);
        seriesUnlock("unlock-d-" + UUID.randomUUID(), "dave", 300);
    }

    /** {@code user} null: a free play without signing in. */
    public void play(String user, int episode, String region, String language) {
        Instant at = Instant.now();
        viewing(EventEnvelope.of("/catalog-service", EventTypes.PLAYBACK_AUTHORIZED, series, at,
                new PlaybackAuthorized(user == null ? null : pseudonyms.of(user).orElseThrow(), series,
                        episodeId(episode), episode, episode <= 2 ? PlaybackAuthorized.FREE : PlaybackAuthorized.ENTITLED,
                        region, language, at, experiment(user), variant(user))));
    }

    public void paywall(String user, int episode, String region, String language) {
        Instant at = Instant.now();
        viewing(EventEnvelope.of("/catalog-service", EventTypes.PAYWALL_SHOWN, series, at,
                new PaywallShown(pseudonyms.of(user).orElseThrow(), series, episodeId(episode), episode, 60, 300,
                        region, language, at, experiment(user), variant(user))));
    }

    public void episodeUnlock(String unlockId, String user, int episode, int coins) {
        Instant at = Instant.now();
        payment(user, EventEnvelope.of("/payment-service", EventTypes.EPISODE_PURCHASED, user, at,
                new EpisodePurchased(unlockId, user, episodeId(episode), series, coins, at,
                        experiment(user), variant(user))));
    }

    public void seriesUnlock(String unlockId, String user, int coins) {
        Instant at = Instant.now();
        payment(user, EventEnvelope.of("/payment-service", EventTypes.SERIES_PURCHASED, user, at,
                new SeriesPurchased(unlockId, user, series, coins, at, experiment(user), variant(user))));
    }

    public void refund(String refundId, String user, String unlockId, String kind) {
        Instant at = Instant.now();
        payment(user, EventEnvelope.of("/payment-service", EventTypes.PURCHASE_REFUNDED, user, at,
                new PurchaseRefunded(refundId, user, unlockId, kind, "requested_by_customer", at)));
    }

    public void packPurchase(String purchaseId, String user, String amount, String currency, String provider,
                             int coins) {
        Instant at = Instant.now();
        payment(user, EventEnvelope.of("/payment-service", EventTypes.COINS_PURCHASED, user, at,
                new CoinsPurchased(purchaseId, user, "pack", coins, 0, new Money(amount, currency), provider, at)));
    }

    public void packRefund(String refundId, String user, String purchaseId, String amount, String currency,
                           boolean partial) {
        Instant at = Instant.now();
        payment(user, EventEnvelope.of("/payment-service", EventTypes.PURCHASE_REFUNDED, user, at,
                new PurchaseRefunded(refundId, user, purchaseId, "coin-pack", "requested_by_customer", at,
                        new Money(amount, currency), null, null, partial)));
    }

    /** The series' catalog state owned by {@code creatorId} (a user id; null: the platform owns it). */
    public void ownedBy(String creatorId) {
        sendValue(InsightsTopics.catalog(), series, EventEnvelope.of("/catalog-service", EventTypes.SERIES_UPDATED, series,
                Instant.now(), new SeriesUpdated(series, 10, 2, 300, true, Map.of(), List.of(), "13+", null,
                        creatorId)).toJson());
    }

    /** The series' tombstone on catalog-events: it is no longer known. */
    public void deleted() {
        sendValue(InsightsTopics.catalog(), series, null);
    }

    private void viewing(EventEnvelope event) {
        send(InsightsTopics.viewing(), series, event);
    }

    private void payment(String user, EventEnvelope event) {
        send(InsightsTopics.payment(), user, event);
    }

    private static void send(String topic, String key, EventEnvelope event) {
        sendValue(topic, key, event.toJson());
    }

    private static void sendValue(String topic, String key, String value) {
        try {
            InsightsTopics.kafka().send(topic, null, key, value, CONTENT_TYPE);
        } catch (Exception e) {
            throw new IllegalStateException("could not send to " + topic, e);
        }
    }
}
