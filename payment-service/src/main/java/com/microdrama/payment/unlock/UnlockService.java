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
import com.microdrama.payment.catalog.ViewerOffer;
import com.microdrama.payment.entitlement.Entitlements;
import com.microdrama.payment.entitlement.SeriesAccess;
import com.microdrama.payment.subscription.Subscription;
import com.microdrama.payment.subscription.SubscriptionStatus;
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
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Spends coins on episodes and series at the buyer's regional price ({@link CatalogPrices}; region and age come
 * only from the token and the gateway, never from the request), in their paywall-experiment arm when the series runs
 * one ({@link ViewerOffer}, docs/decisions/0036-paywall-experiments.md). Nothing is sold that the catalog would not play
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
                .chain(episode -> episode == null ? Uni.createFrom().item(new SeriesAccess(null, List.of()))
                        : access(buyer, episode.seriesId))
                .chain(access -> inTransaction(publication -> idempotency.once(buyer.userId(), idempotencyKey, hash, 201,
                        () -> spendOnEpisode(publication, buyer, request.episodeId(), request.expectedPriceCoins(), access))));
    }

    public Uni<StoredResponse> unlockSeries(Buyer buyer, String idempotencyKey, SeriesUnlockRequest request) {
        String hash = RequestFingerprint.of("POST", SERIES_UNLOCKS_PATH, json.valueToTree(request));
        // the series is read first, like the episode: what we do not sell, or an id the database refuses, is answered
        // without asking entitlement-service
        return Panache.withSession(() -> CatalogSeries.<CatalogSeries>findById(request.seriesId()))
                .chain(series -> series == null ? Uni.createFrom().item(new SeriesAccess(request.seriesId(), List.of()))
                        : access(buyer, series.seriesId))
                .chain(access -> inTransaction(publication -> idempotency.once(buyer.userId(), idempotencyKey, hash, 201,
                        () -> spendOnSeries(publication, buyer, request.seriesId(), request.expectedPriceCoins(), access))));
    }

    /**
     * Asked before the transaction, so no database connection or wallet lock waits on another service. A grant
     * that appears between this answer and the debit is the same race as a grant right after the purchase.
     */
    private Uni<SeriesAccess> access(Buyer buyer, String seriesId) {
        return entitlements.forSeries(buyer.userId(), seriesId, buyer.region());
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
                                                              SeriesAccess access) {
        return CatalogEpisode.<CatalogEpisode>findById(episodeId).chain(episode -> {
            if (episode == null || !episode.published) {
                return Uni.createFrom().failure(unknownEpisode(episodeId));
            }
            return CatalogSeries.<CatalogSeries>findById(episode.seriesId).chain(series -> {
                if (series != null && !series.published) {
                    // a deleted (tombstoned) or withdrawn series takes its episodes off sale with it
                    return Uni.createFrom().failure(unknownEpisode(episodeId));
                }
                return prices.offerTo(series, episode.seriesId, buyer.userId(), buyer.region())
                        .chain(offer -> sellEpisode(publication, buyer, episode, series, offer, expectedPrice, access));
            });
        });
    }

    /**
     * The episode at the buyer's price ({@link ViewerOffer}: their paywall-experiment arm's, in their region). An
     * episode free for them is not sold (400 {@code free-episode}): free in the catalog, among their arm's first
     * episodes, or answered {@code free} by entitlement-service (which also knows the episodes an earlier exposure to
     * an arm still gives after the experiment stopped, docs/decisions/0036-paywall-experiments.md).
     */
    private Uni<UnlockViews.EpisodeUnlockView> sellEpisode(OutboxPublication publication, Buyer buyer,
                                                           CatalogEpisode episode, CatalogSeries series,
                                                           ViewerOffer offer, Integer expectedPrice,
                                                           SeriesAccess access) {
        String userId = buyer.userId();
        String episodeId = episode.episodeId;
        OptionalInt offered = offer.priceOf(episode.number, episode.free, episode.priceCoins);
        if (offered.isEmpty() || access.freeToViewer().contains(episodeId)) {
            return Uni.createFrom().failure(ProblemException.badRequest("free-episode", "Free episode",
                    "Episode '" + episodeId + "' is free" + (episode.free ? "" : " for you") + "; it needs no unlock"));
        }
        if (series != null) {
            SaleGate.check(series.seriesId, series.regions, series.ageRating, buyer.region(), buyer.age());
        }
        UUID unlockId = UUID.randomUUID();
        int price = offered.getAsInt();
        requireExpected(expectedPrice, price);
        return ledger.lock(userId)
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
                    if (vip || access.openByGrants().contains(episodeId)) {
                        throw alreadyEntitled("Episode '" + episodeId + "' is already open to you"
                                + (vip ? " with VIP" : " through a grant"));
                    }
                }))
                .chain(wallet -> ledger.debit(wallet, price, "episode-unlock:" + unlockId))
                .chain(debit -> {
                    Instant now = clock.instant();
                    ContentUnlock unlock = ContentUnlock.of(unlockId, userId, ContentUnlock.Kind.EPISODE,
                            episodeId, episode.seriesId, price, now);
                    unlock.pricedAt(buyer.region(), offer.basePrice(episode.priceCoins), offer);
                    metrics.unlocked(ContentUnlock.Kind.EPISODE);
                    EpisodePurchased data = new EpisodePurchased(unlockId.toString(), userId, episodeId,
                            episode.seriesId, price, now, offer.experimentId(), offer.variantName());
                    EventEnvelope event = EventEnvelope.of(PurchaseCompletion.SOURCE,
                            EventTypes.EPISODE_PURCHASED, userId, now, data);
                    return unlock.persist()
                            .chain(() -> outbox.append(Topics.PAYMENT_EVENTS, userId, event, publication))
                            .replaceWith(new UnlockViews.EpisodeUnlockView(unlockId.toString(), episodeId,
                                    episode.seriesId, price, debit.after().balance()));
                });
    }

    /**
     * The series at {@link SeriesCoverage#price} for the buyer: the bundle in their region, or the paid episodes still
     * locked for them at their arm's price when that is less (docs/decisions/0036-paywall-experiments.md).
     */
    private Uni<UnlockViews.SeriesUnlockView> spendOnSeries(OutboxPublication publication, Buyer buyer,
                                                            String seriesId, Integer expectedPrice,
                                                            SeriesAccess access) {
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
            return prices.offerTo(series, seriesId, userId, buyer.region()).chain(offer -> ledger.lock(userId)
                    .call(wallet -> ContentUnlock.count("userId = ?1 and status = ?2 and kind = ?3 and seriesId = ?4",
                                    userId, ContentUnlock.Status.ACTIVE, ContentUnlock.Kind.SERIES, seriesId)
                            .invoke(existing -> {
                                if (existing > 0) {
                                    throw alreadyUnlocked("Series '" + seriesId + "' is already unlocked");
                                }
                            }))
                    .chain(wallet -> seriesPrice(userId, series, offer, access)
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
                                        unlock.pricedAt(buyer.region(), series.bundlePriceCoins, offer);
                                        metrics.unlocked(ContentUnlock.Kind.SERIES);
                                        SeriesPurchased data = new SeriesPurchased(unlockId.toString(), userId, seriesId,
                                                price, now, offer.experimentId(), offer.variantName());
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

    /**
     * {@link SeriesCoverage#price} from the projection's published paid episodes as the buyer's {@link ViewerOffer}
     * prices them, the buyer's own unlocks, and what entitlement-service opens without a sale of ours (grants, and
     * episodes free for this viewer through an arm or an earlier exposure).
     */
    private Uni<Integer> seriesPrice(String userId, CatalogSeries series, ViewerOffer offer, SeriesAccess access) {
        return vipLive(userId).chain(vip -> CatalogEpisode.<CatalogEpisode>list(
                        "seriesId = ?1 and published = true and free = false and priceCoins > 0", series.seriesId)
                .chain(episodes -> ContentUnlock.<ContentUnlock>list("userId = ?1 and status = ?2 and kind = ?3 and seriesId = ?4",
                                userId, ContentUnlock.Status.ACTIVE, ContentUnlock.Kind.EPISODE, series.seriesId)
                        .map(owned -> SeriesCoverage.price(offer.bundlePrice(series.bundlePriceCoins),
                                SeriesCoverage.paidFor(offer, episodes),
                                owned.stream().map(u -> u.episodeId).collect(Collectors.toSet()),
                                access.openWithoutOurSale(), vip))));
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
