package com.microdrama.payment.refund;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microdrama.events.EventEnvelope;
import com.microdrama.events.EventTypes;
import com.microdrama.events.Topics;
import com.microdrama.events.payload.PurchaseRefunded;
import com.microdrama.payment.idempotency.Idempotency;
import com.microdrama.support.idempotency.RequestFingerprint;
import com.microdrama.payment.idempotency.StoredResponse;
import com.microdrama.outbox.Outbox;
import com.microdrama.payment.pack.PackPurchase;
import com.microdrama.payment.pack.PurchaseCompletion;
import com.microdrama.support.problem.ProblemException;
import com.microdrama.payment.subscription.Subscription;
import com.microdrama.payment.subscription.SubscriptionService;
import com.microdrama.payment.subscription.SubscriptionStatus;
import com.microdrama.payment.unlock.ContentUnlock;
import com.microdrama.payment.unlock.SeriesCoverage;
import com.microdrama.payment.wallet.LedgerType;
import com.microdrama.payment.wallet.WalletLedger;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Refunds and chargebacks, from the admin endpoint or provider webhooks. Each takes the user's wallet lock, checks
 * the target is not (fully) refunded yet, moves the coins (ledger REFUND), marks the target, writes the refund row
 * and the event, all in the caller's transaction.
 *
 * <ul>
 *   <li>coin pack, whole or in parts: its paid coins and the bonus coins that remain are taken back in proportion
 *   to the money returned ({@link PackRefunds}); the wallet may go into debt.</li>
 *   <li>unlock: the coins spent go back to the balances they came from; purchase-refunded.v1 revokes the unlock.</li>
 *   <li>subscription: REFUNDED, subscription-refunded.v1 ends VIP access now.</li>
 * </ul>
 */
@ApplicationScoped
public class RefundService {
    static final String REFUNDS_PATH = "/api/payments/admin/refunds";

    private final Idempotency idempotency;
    private final WalletLedger ledger;
    private final Outbox outbox;
    private final SubscriptionService subscriptions;
    private final ObjectMapper json;
    private final Clock clock;

    public RefundService(Idempotency idempotency, WalletLedger ledger, Outbox outbox, SubscriptionService subscriptions,
                         ObjectMapper json, Clock clock) {
        this.idempotency = idempotency;
        this.ledger = ledger;
        this.outbox = outbox;
        this.subscriptions = subscriptions;
        this.json = json;
        this.clock = clock;
    }

    /** The admin endpoint: the Idempotency-Key is scoped to the admin's own user id. */
    public Uni<StoredResponse> adminRefund(String adminId, String key, RefundRequest request) {
        long targets = Stream.of(request.purchaseId(), request.unlockId(), request.subscriptionId())
                .filter(id -> id != null && !id.isBlank()).count();
        if (targets != 1) {
            throw ProblemException.badRequest("refund-target-required", "Refund target required",
                    "Name exactly one of purchaseId, unlockId or subscriptionId");
        }
        if (request.amount() != null && !present(request.purchaseId())) {
            // Apple and Google refund whole transactions; an unlock was paid with coins, and half a VIP period or half
            // an episode is not something the entitlements can express
            throw new ProblemException(422, "partial-refund-not-supported", "Partial refund not supported",
                    "Only coin-pack purchases can be refunded in part; refund unlocks and subscriptions whole (no amount)");
        }
        String hash = RequestFingerprint.of("POST", REFUNDS_PATH, json.valueToTree(request));
        String reason = request.reason().strip();
        return Panache.withTransaction(() -> idempotency.once(adminId, key, hash, 201, () -> {
                    Uni<Refund> refund;
                    if (present(request.purchaseId())) {
                        PackRefunds.Ask ask = request.amount() == null ? new PackRefunds.Rest()
                                : new PackRefunds.Exact(PackRefunds.cents(new BigDecimal(request.amount().amount())));
                        String currency = request.amount() == null ? null : request.amount().currency();
                        refund = refundPack(uuid(request.purchaseId(), "purchase"), ask, currency, reason, false,
                                "admin", adminId);
                    } else if (present(request.unlockId())) {
                        refund = refundUnlock(uuid(request.unlockId(), "unlock"), reason, "admin", adminId);
                    } else {
                        refund = refundSubscription(uuid(request.subscriptionId(), "subscription"), reason, false,
                                "admin", adminId);
                    }
                    return refund.map(RefundView::of);
                }))
                .invoke(stored -> {
                    if (!stored.replayed()) {
                        outbox.afterCommit();
                    }
                });
    }

    /**
     * Refunds a pack purchase in full or in part (refund or chargeback) and takes its coins back by the
     * {@link PackRefunds} rule; the wallet may go into debt. {@code currency}, when given, must be the purchase's.
     * 404 unknown; 409 already-refunded / not-refundable; 422 refund-exceeds-payment / refund-currency-mismatch.
     */
    public Uni<Refund> refundPack(UUID purchaseId, PackRefunds.Ask ask, String currency, String reason,
                                  boolean chargeback, String source, String actor) {
        return userOf("pack_purchase", purchaseId)
                .onItem().ifNull().failWith(() -> unknown("purchase", purchaseId))
                .chain(userId -> ledger.lock(userId).chain(wallet -> PackPurchase.<PackPurchase>findById(purchaseId,
                                LockModeType.PESSIMISTIC_WRITE)
                        .chain(purchase -> {
                            if (purchase.status == PackPurchase.Status.REFUNDED) {
                                return Uni.createFrom().failure(alreadyRefunded("purchase", purchaseId));
                            }
                            if (purchase.status != PackPurchase.Status.COMPLETED) {
                                return Uni.createFrom().failure(new ProblemException(409, "not-refundable", "Not refundable",
                                        "Purchase " + purchaseId + " is " + purchase.status + ": no money was taken"));
                            }
                            if (currency != null && !currency.equalsIgnoreCase(purchase.currency)) {
                                return Uni.createFrom().failure(new ProblemException(422, "refund-currency-mismatch",
                                        "Refund currency mismatch", "Purchase " + purchaseId + " was paid in "
                                        + purchase.currency + ", not " + currency.toUpperCase(java.util.Locale.ROOT),
                                        java.util.Map.of("currency", purchase.currency)));
                            }
                            PackRefunds.Plan plan = PackRefunds.plan(PackRefunds.cents(purchase.priceAmount),
                                    PackRefunds.cents(purchase.refundedAmount), purchase.coins, purchase.bonusCoins, ask,
                                    purchase.currency);
                            UUID refundId = UUID.randomUUID();
                            String reference = purchase.reference() + ":refund:" + refundId;
                            return ledger.clawBack(wallet, plan.paidCoins(), plan.bonusCoins(), purchase.reference(), reference)
                                    .chain(clawBack -> {
                                        Instant now = clock.instant();
                                        purchase.refundedAmount = PackRefunds.amount(plan.refundedAfterCents());
                                        if (!plan.partial()) {
                                            purchase.status = PackPurchase.Status.REFUNDED;
                                            purchase.refundedAt = now;
                                        }
                                        Refund refund = Refund.of(userId, Refund.COIN_PACK, purchaseId.toString(), reason,
                                                chargeback, source, -clawBack.total(), actor, now);
                                        refund.id = refundId;
                                        refund.amount = PackRefunds.amount(plan.cents());
                                        refund.currency = purchase.currency;
                                        refund.partial = plan.partial();
                                        return persistWithEvent(refund, new PurchaseRefunded(refund.id.toString(), userId,
                                                refund.targetId, refund.kind, refund.reason, now,
                                                PackRefunds.money(plan.cents(), purchase.currency),
                                                PackRefunds.money(plan.refundedAfterCents(), purchase.currency),
                                                clawBack.total(), plan.partial()));
                                    });
                        })));
    }

    /** Gives an unlock's coins back and revokes it. 404 unknown, 409 already-refunded. */
    public Uni<Refund> refundUnlock(UUID unlockId, String reason, String source, String actor) {
        return userOf("content_unlock", unlockId)
                .onItem().ifNull().failWith(() -> unknown("unlock", unlockId))
                .chain(userId -> ledger.lock(userId).chain(wallet -> ContentUnlock.<ContentUnlock>findById(unlockId,
                                LockModeType.PESSIMISTIC_WRITE)
                        .chain(unlock -> {
                            switch (SeriesCoverage.refundOf(unlock.status)) {
                                case ALREADY_REFUNDED -> {
                                    return Uni.createFrom().failure(alreadyRefunded("unlock", unlockId));
                                }
                                case SUPERSEDED -> {
                                    return Uni.createFrom().failure(superseded(unlock));
                                }
                                case REFUND -> {
                                }
                            }
                            return ledger.entry(unlock.reference(), LedgerType.SPEND).chain(spend -> {
                                // give back what was taken from each balance (bonus coins to their own lots)
                                long paid = spend == null ? unlock.coinsSpent : -spend.paidCoins;
                                long bonus = spend == null ? 0 : -spend.bonusCoins;
                                return ledger.refundCredit(wallet, paid, bonus, unlock.reference(),
                                        spend == null ? null : spend.id).chain(credited -> {
                                    Instant now = clock.instant();
                                    unlock.status = ContentUnlock.Status.REFUNDED;
                                    unlock.refundedAt = now;
                                    String kind = unlock.kind == ContentUnlock.Kind.EPISODE ? Refund.EPISODE_UNLOCK
                                            : Refund.SERIES_UNLOCK;
                                    Refund refund = Refund.of(userId, kind, unlockId.toString(), reason, false, source,
                                            credited.total(), actor, now);
                                    return reactivateSuperseded(unlock).chain(() -> persistWithEvent(refund,
                                            new PurchaseRefunded(refund.id.toString(), userId, refund.targetId, kind,
                                                    reason, now, null, null, null, false)));
                                });
                            });
                        })));
    }

    /**
     * A refunded series unlock hands its episodes back to the episode unlocks it superseded ({@link SeriesCoverage}):
     * they were paid separately, so they are ACTIVE again (entitlement-service never revoked them).
     */
    private static Uni<Integer> reactivateSuperseded(ContentUnlock refunded) {
        if (refunded.kind != ContentUnlock.Kind.SERIES) {
            return Uni.createFrom().item(0);
        }
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "update content_unlock set status = 'ACTIVE', superseded_by = null where superseded_by = :id")
                .setParameter("id", refunded.id)
                .executeUpdate());
    }

    private static ProblemException superseded(ContentUnlock unlock) {
        return new ProblemException(409, "unlock-superseded", "Unlock superseded",
                "Unlock " + unlock.id + " is covered by series unlock " + unlock.supersededBy
                        + "; refund the series unlock instead", Map.of("seriesUnlockId", unlock.supersededBy.toString()));
    }

    /** Refunds a subscription: REFUNDED, access ends now. 404 unknown, 409 already-refunded. */
    public Uni<Refund> refundSubscription(UUID subscriptionId, String reason, boolean chargeback, String source,
                                          String actor) {
        return subscriptions.lockById(subscriptionId)
                .onItem().ifNull().failWith(() -> unknown("subscription", subscriptionId))
                .chain(subscription -> {
                    if (subscription.status == SubscriptionStatus.REFUNDED) {
                        return Uni.createFrom().failure(alreadyRefunded("subscription", subscriptionId));
                    }
                    return subscriptions.refundLocked(subscription).chain(refunded -> {
                        Refund refund = Refund.of(refunded.userId, Refund.SUBSCRIPTION, subscriptionId.toString(),
                                reason, chargeback, source, 0, actor, clock.instant());
                        // the subscription-refunded event (written by refundLocked) is what ends VIP access
                        return refund.<Refund>persist();
                    });
                });
    }

    /** The pack purchase paid by a provider payment (e.g. a Stripe payment intent), or null. */
    public Uni<UUID> purchaseByProviderPayment(String providerPaymentId) {
        return PackPurchase.<PackPurchase>find("providerPaymentId", providerPaymentId).firstResult()
                .map(p -> p == null ? null : p.id);
    }

    private Uni<Refund> persistWithEvent(Refund refund, PurchaseRefunded data) {
        EventEnvelope event = EventEnvelope.of(PurchaseCompletion.SOURCE, EventTypes.PURCHASE_REFUNDED, refund.userId,
                clock.instant(), data);
        return refund.<Refund>persist()
                .call(() -> outbox.append(Topics.PAYMENT_EVENTS, refund.userId, event));
    }

    private static Uni<String> userOf(String table, UUID id) {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery("select user_id from " + table + " where id = :id")
                        .setParameter("id", id)
                        .getResultList())
                .map((List<?> rows) -> rows.isEmpty() ? null : rows.get(0).toString());
    }

    private static boolean present(String id) {
        return id != null && !id.isBlank();
    }

    private static UUID uuid(String raw, String what) {
        try {
            return UUID.fromString(raw.strip());
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("unknown-" + what, "Unknown " + what, "There is no " + what + " '" + raw + "'");
        }
    }

    private static ProblemException unknown(String what, UUID id) {
        return ProblemException.notFound("unknown-" + what, "Unknown " + what, "There is no " + what + " '" + id + "'");
    }

    private static ProblemException alreadyRefunded(String what, UUID id) {
        return new ProblemException(409, "already-refunded", "Already refunded", "The " + what + " " + id + " was already refunded",
                java.util.Map.of("targetId", id.toString()));
    }
}
