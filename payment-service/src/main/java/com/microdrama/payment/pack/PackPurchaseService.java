package com.microdrama.payment.pack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microdrama.payment.idempotency.Idempotency;
import com.microdrama.support.idempotency.RequestFingerprint;
import com.microdrama.payment.idempotency.StoredResponse;
import com.microdrama.outbox.Outbox;
import com.microdrama.support.problem.ProblemException;
import com.microdrama.payment.provider.PaymentIntentRequest;
import com.microdrama.payment.provider.PaymentProvider;
import com.microdrama.support.metrics.AfterCommit;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

@ApplicationScoped
public class PackPurchaseService {
    static final String PURCHASES_PATH = "/api/payments/pack-purchases";

    private final Idempotency idempotency;
    private final PaymentProvider provider;
    private final PurchaseCompletion completion;
    private final Outbox outbox;
    private final ObjectMapper json;
    private final Clock clock;
    private final PurchaseMetrics metrics;

    public PackPurchaseService(Idempotency idempotency, PaymentProvider provider, PurchaseCompletion completion,
                               Outbox outbox, ObjectMapper json, Clock clock, PurchaseMetrics metrics) {
        this.metrics = metrics;
        this.idempotency = idempotency;
        this.provider = provider;
        this.completion = completion;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
    }

    /** Packs on sale to a buyer in {@code region} ({@link PackMarket}): the market's own and the global ones. */
    @WithSession
    public Uni<List<CoinPack>> packs(String region) {
        return marketOf(region).chain(market -> CoinPack.<CoinPack>list(
                "(region = ?1 or region is null) and active = true", Sort.by("sortOrder"), market));
    }

    private Uni<String> marketOf(String region) {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery("select distinct region from coin_pack where active and region is not null",
                        String.class).getResultList())
                .map(markets -> PackMarket.of(region == null ? null : region.toUpperCase(Locale.ROOT), Set.copyOf(markets)));
    }

    /**
     * Buys a pack: purchase row, provider intent and (when the provider confirmed) the wallet credit and
     * CoinsPurchased event commit together with the idempotency record, or not at all.
     */
    public Uni<StoredResponse> purchase(String userId, String region, String idempotencyKey, PackPurchaseRequest request) {
        String hash = RequestFingerprint.of("POST", PURCHASES_PATH, json.valueToTree(request));
        return AfterCommit.counting(() -> Panache.withTransaction(() -> idempotency.once(userId, idempotencyKey, hash, 201,
                        () -> create(userId, region, idempotencyKey, request.packId()))))
                .invoke(stored -> {
                    if (!stored.replayed()) {
                        outbox.afterCommit();
                    }
                });
    }

    @WithSession
    public Uni<PackPurchase> find(String userId, String purchaseId) {
        UUID id;
        try {
            id = UUID.fromString(purchaseId);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(unknownPurchase(purchaseId));
        }
        // another user's purchase is answered exactly like a missing one: ids must not be probeable
        return PackPurchase.<PackPurchase>find("id = ?1 and userId = ?2", id, userId).firstResult()
                .onItem().ifNull().failWith(() -> unknownPurchase(purchaseId));
    }

    private Uni<PackPurchaseView> create(String userId, String region, String idempotencyKey, String packId) {
        return CoinPack.<CoinPack>findById(packId)
                .onItem().ifNull().failWith(() -> unknownPack(packId))
                .call(pack -> marketOf(region).invoke(market -> {
                    if (pack.active && !PackMarket.onSale(pack.region, market)) {
                        throw notInMarket(pack, market);
                    }
                }))
                .chain(pack -> {
                    if (!pack.active) {
                        return Uni.createFrom().failure(unknownPack(packId));
                    }
                    PackPurchase purchase = PackPurchase.start(userId, pack, provider.name(), clock.instant());
                    // the provider sees the client's key (scoped to the user): a retry after a crash between the
                    // provider call and our commit gets the same intent instead of a second charge
                    PaymentIntentRequest intentRequest = new PaymentIntentRequest(purchase.id, userId, pack.priceAmount,
                            pack.currency, pack.coins + " coins (" + pack.id + ")", userId + ":" + idempotencyKey);
                    return purchase.<PackPurchase>persist()
                            .chain(() -> provider.createPaymentIntent(intentRequest))
                            .chain(intent -> {
                                purchase.providerPaymentId = intent.providerPaymentId();
                                purchase.clientSecret = intent.clientSecret();
                                return switch (intent.status()) {
                                    case SUCCEEDED -> completion.complete(purchase);
                                    case FAILED -> {
                                        purchase.status = PackPurchase.Status.FAILED;
                                        metrics.failed(purchase.provider);
                                        yield Uni.createFrom().item(purchase);
                                    }
                                    case REQUIRES_ACTION -> Uni.createFrom().item(purchase);
                                };
                            });
                })
                .map(PackPurchaseView::of);
    }

    private static ProblemException unknownPack(String packId) {
        return ProblemException.notFound("unknown-pack", "Unknown coin pack", "There is no coin pack '" + packId + "' on sale");
    }

    private static ProblemException notInMarket(CoinPack pack, String market) {
        return new ProblemException(422, "pack-not-available-in-region", "Pack not available in your region",
                "Coin pack '" + pack.id + "' is sold in " + pack.region + ", not in your market " + market,
                Map.of("packId", pack.id, "region", market));
    }

    private static ProblemException unknownPurchase(String purchaseId) {
        return ProblemException.notFound("unknown-purchase", "Unknown purchase", "No purchase '" + purchaseId + "' for this user");
    }
}
