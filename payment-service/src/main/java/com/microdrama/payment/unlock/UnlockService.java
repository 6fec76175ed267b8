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
import com.microdrama.payment.catalog.SaleGate;
import com.microdrama.payment.entitlement.Entitlements;
import com.microdrama.payment.entitlement.SeriesAccess;
import com.microdrama.payment.subscription.Subscription;
import com.microdrama.payment.subscription.SubscriptionStatus;
import com.microdrama.events.pricing.RegionalPricing;
import com.microdrama.payment.idempotency.Idempotency;
import com.microdrama.support.idempotency.RequestFingerprint;
import com.microdrama.payment.idempotency.StoredResponse;
import com.microdrama.outbox.Outbox;
import com.microdrama.outbox.OutboxPublication;
import com.microdrama.payment.pack.PurchaseCompletion;
import com.microdrama.support.problem.ProblemException;
import com.microdrama.payment.wallet.WalletLedger;
import com.microdrama.support.metrics.AfterCommit;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Spends coins on episodes and series at the buyer's regional price ({@link CatalogPrices}; region and age come
 * only from the token and the gateway, never from the request). Nothing is sold that the catalog would not play
 * ({@link SaleGate}) or that is already open: our own ACTIVE unlocks (409 {@code already-unlocked}), live VIP and
 * grants only entitlement-service knows (409 {@code already-entitled}; no answer from it: 503, nothing charged).
 * The debit, its ledger entry, the unlock row, the outbox event and the idempotency record commit in one
 * transaction. The wallet row is locked before the "already open" checks and the debit, so a user's spends run one
 * after another and none can see a stale balance.
 */
@ApplicationScoped
public class UnlockService {
    static final String EPISODE_UNLOCKS_PATH = "/api/payments/episode-unlocks";
    static final String SERIES_UNLOCKS_PATH = "/api/payments/series-unlocks";

    /** Who buys: the token's subject, the trusted region and the age from the birthdate claim. */
    public record Buyer(String userId, String region, OptionalInt age) {
    }

    private final Idempotency idempotency;
    private final WalletLedger ledger;
    private final CatalogPrices prices;
    private final Entitlements entitlements;
    private final Outbox outbox;
    private final ObjectMapper json;
    private final Clock clock;
    private final UnlockMetrics metrics;

    public UnlockService(Idempotency idempotency, WalletLedger ledger, CatalogPrices prices, Entitlements entitlements,
                         Outbox outbox, ObjectMapper json, Clock clock, UnlockMetrics metrics) {
        this.metrics = metrics;
        this.idempotency = idempotency;
        this.ledger = ledger;
        this.prices = prices;
        this.entitlements = entitlements;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
    }

    public Uni<StoredResponse> unlockEpisode(Buyer buyer, String idempotencyKey, EpisodeUnlockRequest request) {
        String hash = RequestFingerprint.of("POST", EPISODE_UNLOCKS_PATH, json.valueToTree(request));
        return Panache.withSession(() -> CatalogEpisode.<CatalogEpisode>findById(request.episodeId()))
                .chain(episode -> episode == null ? Uni.createFrom().item(Set.<String>of())
                        : openByGrants(buyer, episode.seriesId))
                .chain(open -> inTransaction(publication -> idempotency.once(buyer.userId(), idempotencyKey, hash, 201,
                        () -> spendOnEpisode(publication, buyer, request.episodeId(), request.expectedPriceCoins(), open))));
    }

    public Uni<StoredResponse> unlockSeries(Buyer buyer, String idempotencyKey, SeriesUnlockRequest request) {
        String hash = RequestFingerprint.of("POST", SERIES_UNLOCKS_PATH, json.valueToTree(request));
        // the series is read first, like the episode: what we do not sell, or an id the database refuses, is answered
        // without asking entitlement-service
        return Panache.withSession(() -> CatalogSeries.<CatalogSeries>findById(request.seriesId()))
                .chain(series -> series == null ? Uni.createFrom().item(Set.<String>of())
                        : openByGrants(buyer, series.seriesId))
                .chain(open -> inTransaction(publication -> idempotency.once(buyer.userId(), idempotencyKey, hash, 201,
                        () -> spendOnSeries(publication, buyer, request.seriesId(), request.expectedPriceCoins(), open))));
    }

    /**
     * Asked before the transaction, so no database connection or wallet lock waits on another service. A grant
     * that appears between this answer and the debit is the same race as a grant right after the purchase.
     */
    private Uni<Set<String>> openByGrants(Buyer buyer, String seriesId) {
        return entitlements.forSeries(buyer.userId(), seriesId, buyer.region()).map(SeriesAccess::openByGrants);
    }

    /**
     * The purchase event is sent the moment the transaction committed (no relay pass in between): it is the first
     * step from the tap to the episode being playable.
     */
    private Uni<StoredResponse> inTransaction(Function<OutboxPublication, Uni<StoredResponse>> work) {
        return Uni.createFrom().deferred(() -> {
            OutboxPublication publication = outbox.publication();
            return AfterCommit.counting(() -> Panache.withTransaction(() -> work.apply(publication)))
                    .invoke(stored -> {
                        if (!stored.replayed()) {
                            publication.afterCommit();
                        }
                    });
        });
    }

    private Uni<UnlockViews.EpisodeUnlockView> spendOnEpisode(OutboxPublication publication, Buyer buyer,
                                                              String episodeId, Integer expectedPrice,
                                                              Set<String> openByGrants) {
        String userId = buyer.userId();
        return CatalogEpisode.<CatalogEpisode>findById(episodeId).chain(episode -> {
            if (episode == null || !episode.published) {
                return Uni.createFrom().failure(unknownEpisode(episodeId));
            }
            return CatalogSeries.<CatalogSeries>findById(episode.seriesId).chain(series -> {
                if (series != null && !series.published) {
                    // a deleted (tombstoned) or withdrawn series takes its episodes off sale with it
                    return Uni.createFrom().failure(unknownEpisode(episodeId));
                }
                if (episode.free || episode.priceCoins <= 0) {
                    return Uni.createFrom().failure(ProblemException.badRequest("free-episode", "Free episode",
                            "Episode '" + episodeId + "' is free; it needs no unlock"));
                }
                if (series != null) {
                    SaleGate.check(series.seriesId, series.regions, series.ageRating, buyer.region(), buyer.age());
                }
                UUID unlockId = UUID.randomUUID();
                return prices.priceIn(episode.seriesId, buyer.region(), episode.priceCoins)
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
                                .call(wallet -> vipLive(userId).invoke(vip -> {
                                    if (vip || openByGrants.contains(episodeId)) {
                                        throw alreadyEntitled("Episode '" + episodeId + "' is already open to you"
                                                + (vip ? " with VIP" : " through a grant"));
                                    }
                                }))
                                .chain(wallet -> ledger.debit(wallet, price, "episode-unlock:" + unlockId))
                                .chain(debit -> {
                                    Instant now = clock.instant();
                                    ContentUnlock unlock = ContentUnlock.of(unlockId, userId, ContentUnlock.Kind.EPISODE,
                                            episodeId, episode.seriesId, price, now);
                                    unlock.pricedAt(buyer.region(), episode.priceCoins);
                                    metrics.unlocked(ContentUnlock.Kind.EPISODE);
                                    EpisodePurchased data = new EpisodePurchased(unlockId.toString(), userId, episodeId,
                                            episode.seriesId, price, now);
                                    EventEnvelope event = EventEnvelope.of(PurchaseCompletion.SOURCE,
                                            EventTypes.EPISODE_PURCHASED, userId, now, data);
                                    return unlock.persist()
                                            .chain(() -> outbox.append(Topics.PAYMENT_EVENTS, userId, event, publication))
                                            .replaceWith(new UnlockViews.EpisodeUnlockView(unlockId.toString(), episodeId,
                                                    episode.seriesId, price, debit.after().balance()));
                                }));
            });
        });
    }

    private Uni<UnlockViews.SeriesUnlockView> spendOnSeries(OutboxPublication publication, Buyer buyer,
                                                            String seriesId, Integer expectedPrice,
                                                            Set<String> openByGrants) {
        String userId = buyer.userId();
        return CatalogSeries.<CatalogSeries>findById(seriesId).chain(series -> {
            if (series == null || !series.published) {
                return Uni.createFrom().failure(ProblemException.notFound("unknown-series", "Unknown series",
                        "There is no published series '" + seriesId + "'"));
            }
            if (series.bundlePriceCoins <= 0) {
                return Uni.createFrom().failure(ProblemException.badRequest("series-not-for-sale", "Series not for sale",
                        "Series '" + seriesId + "' has no bundle price"));
            }
            SaleGate.check(seriesId, series.regions, series.ageRating, buyer.region(), buyer.age());
            UUID unlockId = UUID.randomUUID();
            return prices.percentIn(seriesId, buyer.region()).chain(percent -> ledger.lock(userId)
                    .call(wallet -> ContentUnlock.count("userId = ?1 and status = ?2 and kind = ?3 and seriesId = ?4",
                                    userId, ContentUnlock.Status.ACTIVE, ContentUnlock.Kind.SERIES, seriesId)
                            .invoke(existing -> {
                                if (existing > 0) {
                                    throw alreadyUnlocked("Series '" + seriesId + "' is already unlocked");
                                }
                            }))
                    .chain(wallet -> seriesPrice(userId, series, percent, openByGrants)
                            .invoke(price -> {
                                if (price <= 0) {
                                    throw alreadyEntitled("Every paid episode of series '" + seriesId
                                            + "' is already open to you");
                                }
                                requireExpected(expectedPrice, price);
                            })
                            .chain(price -> ledger.debit(wallet, price, "series-unlock:" + unlockId)
                                    .chain(debit -> {
                                        Instant now = clock.instant();
                                        ContentUnlock unlock = ContentUnlock.of(unlockId, userId, ContentUnlock.Kind.SERIES,
                                                null, seriesId, price, now);
                                        unlock.pricedAt(buyer.region(), series.bundlePriceCoins);
                                        metrics.unlocked(ContentUnlock.Kind.SERIES);
                                        SeriesPurchased data = new SeriesPurchased(unlockId.toString(), userId, seriesId,
                                                price, now);
                                        EventEnvelope event = EventEnvelope.of(PurchaseCompletion.SOURCE,
                                                EventTypes.SERIES_PURCHASED, userId, now, data);
                                        return unlock.persist()
                                                .chain(() -> supersedeEpisodeUnlocks(userId, seriesId, unlockId))
                                                .chain(() -> outbox.append(Topics.PAYMENT_EVENTS, userId, event, publication))
                                                .replaceWith(new UnlockViews.SeriesUnlockView(unlockId.toString(),
                                                        seriesId, price, debit.after().balance()));
                                    }))));
        });
    }

    /** {@link SeriesCoverage#price} from the projection's published paid episodes and the buyer's own unlocks. */
    private Uni<Integer> seriesPrice(String userId, CatalogSeries series, int percent, Set<String> openByGrants) {
        int bundle = RegionalPricing.apply(series.bundlePriceCoins, percent);
        return vipLive(userId).chain(vip -> CatalogEpisode.<CatalogEpisode>list(
                        "seriesId = ?1 and published = true and free = false and priceCoins > 0", series.seriesId)
                .chain(episodes -> ContentUnlock.<ContentUnlock>list("userId = ?1 and status = ?2 and kind = ?3 and seriesId = ?4",
                                userId, ContentUnlock.Status.ACTIVE, ContentUnlock.Kind.EPISODE, series.seriesId)
                        .map(owned -> SeriesCoverage.price(bundle,
                                episodes.stream().map(e -> new SeriesCoverage.PaidEpisode(e.episodeId,
                                        RegionalPricing.apply(e.priceCoins, percent))).toList(),
                                owned.stream().map(u -> u.episodeId).collect(Collectors.toSet()),
                                openByGrants, vip))));
    }

    private Uni<Integer> supersedeEpisodeUnlocks(String userId, String seriesId, UUID seriesUnlockId) {
        // flushed first: superseded_by refers to the series unlock persisted just before
        return Panache.getSession().chain(s -> s.flush().chain(() -> s.createNativeQuery("""
                        update content_unlock set status = 'SUPERSEDED', superseded_by = :seriesUnlock
                        where user_id = :userId and series_id = :seriesId and kind = 'EPISODE' and status = 'ACTIVE'
                        """)
                .setParameter("seriesUnlock", seriesUnlockId)
                .setParameter("userId", userId)
                .setParameter("seriesId", seriesId)
                .executeUpdate()));
    }

    /** The buyer's own VIP gives access right now (trial, active, cancelled until period end, grace). */
    private Uni<Boolean> vipLive(String userId) {
        Instant now = clock.instant();
        return Subscription.<Subscription>list("userId = ?1 and status in ?2", userId, SubscriptionStatus.LIVE)
                .map(live -> live.stream().anyMatch(s -> s.state().accessUntil().isAfter(now)));
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

    private static ProblemException unknownEpisode(String episodeId) {
        return ProblemException.notFound("unknown-episode", "Unknown episode",
                "There is no published episode '" + episodeId + "'");
    }

    private static ProblemException alreadyEntitled(String detail) {
        return new ProblemException(409, "already-entitled", "Already entitled", detail + "; nothing was charged");
    }

    private static ProblemException alreadyUnlocked(String detail) {
        return new ProblemException(409, "already-unlocked", "Already unlocked", detail);
    }
}
