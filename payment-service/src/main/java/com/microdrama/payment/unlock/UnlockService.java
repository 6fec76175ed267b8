package com.microdrama.payment.unlock;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microdrama.events.EventEnvelope;
import com.microdrama.events.EventTypes;
import com.microdrama.events.Topics;
import com.microdrama.events.payload.EpisodePurchased;
import com.microdrama.events.payload.SeriesPurchased;
import com.microdrama.payment.catalog.CatalogEpisode;
import com.microdrama.payment.catalog.CatalogPrices;
import com.microdrama.payment.catalog.CatalogSeries;
import com.microdrama.payment.idempotency.Idempotency;
import com.microdrama.payment.idempotency.RequestFingerprint;
import com.microdrama.payment.idempotency.StoredResponse;
import com.microdrama.outbox.Outbox;
import com.microdrama.outbox.OutboxPublication;
import com.microdrama.payment.pack.PurchaseCompletion;
import com.microdrama.support.problem.ProblemException;
import com.microdrama.payment.wallet.WalletAccount;
import com.microdrama.payment.wallet.WalletLedger;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;

/**
 * Spends coins on episodes and series at the buyer's regional price ({@link CatalogPrices}; the region comes only
 * from the access token, never from the request). The debit, its ledger entry, the unlock row, the outbox event and the
 * idempotency record commit in one transaction. The wallet row is locked before the "already unlocked" check and
 * the debit, so a user's spends run one after another and none can see a stale balance.
 */
@ApplicationScoped
public class UnlockService {
    static final String EPISODE_UNLOCKS_PATH = "/api/payments/episode-unlocks";
    static final String SERIES_UNLOCKS_PATH = "/api/payments/series-unlocks";

    private final Idempotency idempotency;
    private final WalletLedger ledger;
    private final CatalogPrices prices;
    private final Outbox outbox;
    private final ObjectMapper json;

    public UnlockService(Idempotency idempotency, WalletLedger ledger, CatalogPrices prices, Outbox outbox,
                         ObjectMapper json) {
        this.idempotency = idempotency;
        this.ledger = ledger;
        this.prices = prices;
        this.outbox = outbox;
        this.json = json;
    }

    /** {@code region}: the buyer's region from the token (null: base prices). */
    public Uni<StoredResponse> unlockEpisode(String userId, String region, String idempotencyKey,
                                             EpisodeUnlockRequest request) {
        String hash = RequestFingerprint.of("POST", EPISODE_UNLOCKS_PATH, json.valueToTree(request));
        return inTransaction(publication -> idempotency.once(userId, idempotencyKey, hash, 201,
                () -> spendOnEpisode(publication, userId, region, request.episodeId(), request.expectedPriceCoins())));
    }

    public Uni<StoredResponse> unlockSeries(String userId, String region, String idempotencyKey,
                                            SeriesUnlockRequest request) {
        String hash = RequestFingerprint.of("POST", SERIES_UNLOCKS_PATH, json.valueToTree(request));
        return inTransaction(publication -> idempotency.once(userId, idempotencyKey, hash, 201,
                () -> spendOnSeries(publication, userId, region, request.seriesId(), request.expectedPriceCoins())));
    }

    /**
     * The purchase event is sent the moment the transaction committed (no relay pass in between): it is the first
     * step from the tap to the episode being playable.
     */
    private Uni<StoredResponse> inTransaction(Function<OutboxPublication, Uni<StoredResponse>> work) {
        return Uni.createFrom().deferred(() -> {
            OutboxPublication publication = outbox.publication();
            return Panache.withTransaction(() -> work.apply(publication))
                    .invoke(stored -> {
                        if (!stored.replayed()) {
                            publication.afterCommit();
                        }
                    });
        });
    }

    private Uni<UnlockViews.EpisodeUnlockView> spendOnEpisode(OutboxPublication publication, String userId, String region, String episodeId,
                                                              Integer expectedPrice) {
        return CatalogEpisode.<CatalogEpisode>findById(episodeId).chain(episode -> {
            if (episode == null || !episode.published) {
                return Uni.createFrom().failure(ProblemException.notFound("unknown-episode", "Unknown episode",
                        "There is no published episode '" + episodeId + "'"));
            }
            if (episode.free || episode.priceCoins <= 0) {
                return Uni.createFrom().failure(ProblemException.badRequest("free-episode", "Free episode",
                        "Episode '" + episodeId + "' is free; it needs no unlock"));
            }
            UUID unlockId = UUID.randomUUID();
            return prices.priceIn(episode.seriesId, region, episode.priceCoins)
                    .invoke(price -> requireExpected(expectedPrice, price))
                    .chain(price -> ledger.lock(userId)
                    .call(wallet -> ContentUnlock.count(
                                    "userId = ?1 and status = ?2 and ((kind = ?3 and episodeId = ?4) or (kind = ?5 and seriesId = ?6))",
                                    userId, ContentUnlock.Status.ACTIVE, ContentUnlock.Kind.EPISODE, episodeId,
                                    ContentUnlock.Kind.SERIES, episode.seriesId)
                            .invoke(existing -> {
                                if (existing > 0) {
                                    throw alreadyUnlocked("Episode '" + episodeId + "' is already unlocked (on its own or with its series)");
                                }
                            }))
                    .chain(wallet -> ledger.debit(wallet, price, "episode-unlock:" + unlockId))
                    .chain(debit -> {
                        Instant now = Instant.now();
                        ContentUnlock unlock = ContentUnlock.of(unlockId, userId, ContentUnlock.Kind.EPISODE, episodeId,
                                episode.seriesId, price, now);
                        unlock.pricedAt(region, episode.priceCoins);
                        EpisodePurchased data = new EpisodePurchased(unlockId.toString(), userId, episodeId,
                                episode.seriesId, price, now);
                        EventEnvelope event = EventEnvelope.of(PurchaseCompletion.SOURCE, EventTypes.EPISODE_PURCHASED,
                                userId, data);
                        return unlock.persist()
                                .chain(() -> outbox.append(Topics.PAYMENT_EVENTS, userId, event, publication))
                                .replaceWith(new UnlockViews.EpisodeUnlockView(unlockId.toString(), episodeId,
                                        episode.seriesId, price, debit.after().balance()));
                    }));
        });
    }

    private Uni<UnlockViews.SeriesUnlockView> spendOnSeries(OutboxPublication publication, String userId, String region, String seriesId,
                                                            Integer expectedPrice) {
        return CatalogSeries.<CatalogSeries>findById(seriesId).chain(series -> {
            if (series == null || !series.published) {
                return Uni.createFrom().failure(ProblemException.notFound("unknown-series", "Unknown series",
                        "There is no published series '" + seriesId + "'"));
            }
            if (series.bundlePriceCoins <= 0) {
                return Uni.createFrom().failure(ProblemException.badRequest("series-not-for-sale", "Series not for sale",
                        "Series '" + seriesId + "' has no bundle price"));
            }
            UUID unlockId = UUID.randomUUID();
            return prices.priceIn(seriesId, region, series.bundlePriceCoins)
                    .invoke(price -> requireExpected(expectedPrice, price))
                    .chain(price -> ledger.lock(userId)
                    .call(wallet -> ContentUnlock.count("userId = ?1 and status = ?2 and kind = ?3 and seriesId = ?4",
                                    userId, ContentUnlock.Status.ACTIVE, ContentUnlock.Kind.SERIES, seriesId)
                            .invoke(existing -> {
                                if (existing > 0) {
                                    throw alreadyUnlocked("Series '" + seriesId + "' is already unlocked");
                                }
                            }))
                    .chain((WalletAccount wallet) -> ledger.debit(wallet, price, "series-unlock:" + unlockId))
                    .chain(debit -> {
                        Instant now = Instant.now();
                        ContentUnlock unlock = ContentUnlock.of(unlockId, userId, ContentUnlock.Kind.SERIES, null,
                                seriesId, price, now);
                        unlock.pricedAt(region, series.bundlePriceCoins);
                        SeriesPurchased data = new SeriesPurchased(unlockId.toString(), userId, seriesId, price, now);
                        EventEnvelope event = EventEnvelope.of(PurchaseCompletion.SOURCE, EventTypes.SERIES_PURCHASED,
                                userId, data);
                        return unlock.persist()
                                .chain(() -> outbox.append(Topics.PAYMENT_EVENTS, userId, event, publication))
                                .replaceWith(new UnlockViews.SeriesUnlockView(unlockId.toString(), seriesId, price,
                                        debit.after().balance()));
                    }));
        });
    }

    /**
     * The app may say which price it showed; if the price charged now differs (a new tier, a catalog change) the
     * user is asked again instead of paying a number they did not see.
     */
    private static void requireExpected(Integer expected, int price) {
        if (expected != null && expected != price) {
            throw new ProblemException(409, "price-mismatch", "Price changed",
                    "This costs " + price + " coins, not the " + expected + " the app showed",
                    java.util.Map.of("priceCoins", price, "expectedPriceCoins", expected));
        }
    }

    private static ProblemException alreadyUnlocked(String detail) {
        return new ProblemException(409, "already-unlocked", "Already unlocked", detail);
    }
}
