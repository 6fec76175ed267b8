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
import com.microdrama.payment.pack.PurchaseMetrics;
import com.microdrama.payment.provider.PaymentProvider;
import com.microdrama.payment.provider.ProviderRefund;
import io.quarkus.logging.Log;
import com.microdrama.support.problem.ProblemException;
import com.microdrama.payment.subscription.Subscription;
import com.microdrama.payment.subscription.SubscriptionService;
import com.microdrama.payment.subscription.SubscriptionStatus;
import com.microdrama.payment.unlock.ContentUnlock;
import com.microdrama.payment.unlock.SeriesCoverage;
import com.microdrama.payment.wallet.LedgerType;
import com.microdrama.payment.wallet.WalletLedger;
import com.microdrama.support.metrics.AfterCommit;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
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
    private final PaymentProvider provider;
    private final ObjectMapper json;
    private final Clock clock;
    private final RefundMetrics metrics;
    private final PurchaseMetrics purchases;

    public RefundService(Idempotency idempotency, WalletLedger ledger, Outbox outbox, SubscriptionService subscriptions,
                         PaymentProvider provider, ObjectMapper json, Clock clock, RefundMetrics metrics,
                         PurchaseMetrics purchases) {
        this.metrics = metrics;
        this.purchases = purchases;
        this.idempotency = idempotency;
        this.provider = provider;
        this.ledger = ledger;
        this.outbox = outbox;
        this.subscriptions = subscriptions;
        this.json = json;
        this.clock = clock;
    }

    /**
     * The admin endpoint: the Idempotency-Key is scoped to the admin's own user id. A refund of something the
     * provider took money for returns that money there first (decision 0019); the refund's id derives from the admin
     * and the key, so a retry after a crash between the provider's answer and our commit asks the provider with the
     * same idempotency key and gets the same refund back, never a second one.
     */
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
        UUID refundId = UUID.nameUUIDFromBytes(("refund:" + adminId + ":" + key).getBytes(StandardCharsets.UTF_8));
        return AfterCommit.counting(() -> Panache.withTransaction(() -> idempotency.once(adminId, key, hash, 201, () -> {
                    Uni<Refund> refund;
                    if (present(request.purchaseId())) {
                        PackRefunds.Ask ask = request.amount() == null ? new PackRefunds.Rest()
                                : new PackRefunds.Exact(PackRefunds.cents(new BigDecimal(request.amount().amount())));
                        String currency = request.amount() == null ? null : request.amount().currency();
                        refund = refundPack(uuid(request.purchaseId(), "purchase"), ask, currency, reason, false,
                                "admin", adminId, refundId, true, null);
                    } else if (present(request.unlockId())) {
                        refund = refundUnlock(uuid(request.unlockId(), "unlock"), reason, "admin", adminId);
                    } else {
                        refund = refundSubscription(uuid(request.subscriptionId(), "subscription"), reason, false,
                                "admin", adminId, refundId, true);
                    }
                    return refund.map(RefundView::of);
                })))
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
                                  boolean chargeback, String source, String actor, String providerRef) {
        return refundPack(purchaseId, ask, currency, reason, chargeback, source, actor, UUID.randomUUID(), false,
                providerRef);
    }

    /**
     * {@code returnMoney}: the refund is ours to make (the admin's), so the provider that took the money returns it
     * before anything is written here; its failure fails the whole refund. A provider's own report (a refund made
     * there, a chargeback) only records what already happened to the money.
     */
    private Uni<Refund> refundPack(UUID purchaseId, PackRefunds.Ask ask, String currency, String reason,
                                   boolean chargeback, String source, String actor, UUID refundId,
                                   boolean returnMoney, String providerRef) {
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
                                        "Purchase " + purchaseId + " is " + purchase.status + ": no money was taken",
                                        Map.of("purchaseStatus", purchase.status.name())));
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
                            String reference = purchase.reference() + ":refund:" + refundId;
                            // the wallet and the purchase stay locked across the provider's answer: its
                            // charge.refunded event waits for our commit and then finds its total already reached
                            Uni<Optional<ProviderRefund>> atProvider = returnMoney && billedHere(purchase.provider)
                                    && purchase.providerPaymentId != null
                                    ? provider.refund(purchase.providerPaymentId, PackRefunds.amount(plan.cents()),
                                            purchase.currency, refundId)
                                    : Uni.createFrom().item(Optional.empty());
                            return atProvider.chain(returned -> ledger.clawBack(wallet, plan.paidCoins(),
                                            plan.bonusCoins(), purchase.reference(), reference)
                                    .chain(clawBack -> {
                                        Instant now = clock.instant();
                                        purchase.refundedAmount = PackRefunds.amount(plan.refundedAfterCents());
                                        if (!plan.partial()) {
                                            purchase.status = PackPurchase.Status.REFUNDED;
                                            purchase.refundedAt = now;
                                            purchases.refunded(purchase.provider);
                                        }
                                        metrics.refunded(purchase.provider, chargeback);
                                        Refund refund = Refund.of(userId, Refund.COIN_PACK, purchaseId.toString(), reason,
                                                chargeback, source, -clawBack.total(), actor, now);
                                        refund.id = refundId;
                                        refund.amount = PackRefunds.amount(plan.cents());
                                        refund.currency = purchase.currency;
                                        refund.partial = plan.partial();
                                        refund.providerRef = returned.map(ProviderRefund::providerRefundId).orElse(providerRef);
                                        refund.providerStatus = returned.map(ProviderRefund::status).orElse(null);
                                        return persistWithEvent(refund, new PurchaseRefunded(refund.id.toString(), userId,
                                                refund.targetId, refund.kind, refund.reason, now,
                                                PackRefunds.money(plan.cents(), purchase.currency),
                                                PackRefunds.money(plan.refundedAfterCents(), purchase.currency),
                                                clawBack.total(), plan.partial()));
                                    }));
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
        return refundSubscription(subscriptionId, reason, chargeback, source, actor, UUID.randomUUID(), false);
    }

    /**
     * {@code returnMoney} (the admin's refund): the provider returns the latest paid invoice's money and ends the
     * subscription at once, so that it neither keeps running nor bills again there (decision 0019).
     */
    private Uni<Refund> refundSubscription(UUID subscriptionId, String reason, boolean chargeback, String source,
                                           String actor, UUID refundId, boolean returnMoney) {
        return subscriptions.lockById(subscriptionId)
                .onItem().ifNull().failWith(() -> unknown("subscription", subscriptionId))
                .chain(subscription -> {
                    if (subscription.status == SubscriptionStatus.REFUNDED) {
                        return Uni.createFrom().failure(alreadyRefunded("subscription", subscriptionId));
                    }
                    boolean atProvider = returnMoney && billedHere(subscription.provider)
                            && subscription.providerSubscriptionId != null;
                    Uni<Optional<ProviderRefund>> returned = atProvider
                            ? provider.refundLatestPayment(subscription.providerSubscriptionId, refundId)
                                    .call(() -> provider.cancelNow(subscription.providerSubscriptionId))
                            : Uni.createFrom().item(Optional.empty());
                    return returned.chain(money -> subscriptions.refundLocked(subscription).chain(refunded -> {
                        Refund refund = Refund.of(refunded.userId, Refund.SUBSCRIPTION, subscriptionId.toString(),
                                reason, chargeback, source, 0, actor, clock.instant());
                        refund.id = refundId;
                        refund.providerRef = money.map(ProviderRefund::providerRefundId).orElse(null);
                        refund.providerStatus = money.map(ProviderRefund::status).orElse(null);
                        metrics.refunded(subscription.provider, chargeback);
                        // the subscription-refunded event (written by refundLocked) is what ends VIP access
                        return refund.<Refund>persist();
                    }));
                });
    }

    /** The outcome of a provider event about a refund we have not stored (yet: see StripeWebhookService). */
    public static final String UNKNOWN_REFUND = "ignored: unknown refund ";

    /**
     * The provider's word on a refund's money ({@code refund.updated}, {@code refund.failed}): its status is
     * recorded, {@code failed} being final (a late {@code succeeded} does not overwrite it). A coin-pack refund whose
     * money failed to reach the customer is undone ({@link #reverse}): the customer paid and keeps what was paid for,
     * the purchase can be refunded again. A subscription's stays ended (it was cancelled at the provider too) and is
     * logged for support to settle (decision 0019).
     */
    public Uni<String> providerRefundStatus(String providerRefundId, String status, String failureReason) {
        return lockedByProviderRef(providerRefundId).chain(found -> {
            if (found == null) {
                return Uni.createFrom().item(UNKNOWN_REFUND + providerRefundId);
            }
            Refund refund = found;
            if ("failed".equals(refund.providerStatus) || status == null || status.equals(refund.providerStatus)) {
                return Uni.createFrom().item("ignored: refund " + refund.id + " is already " + refund.providerStatus);
            }
            refund.providerStatus = status;
            if (!"failed".equals(status)) {
                return Uni.createFrom().item("refund " + refund.id + " is " + status + " at the provider");
            }
            Log.warnf("Refund %s of %s %s failed at the provider (%s): the money did not reach the customer",
                    refund.id, refund.kind, refund.targetId, failureReason);
            if (!Refund.COIN_PACK.equals(refund.kind)) {
                return Uni.createFrom().item("refund " + refund.id + " failed at the provider (" + failureReason
                        + "); the subscription stays ended, support must settle it");
            }
            return reverse(refund, "refund failed at the provider: " + failureReason)
                    .map(coins -> "refund " + refund.id + " failed at the provider (" + failureReason + "); "
                            + coins + " coins given back");
        });
    }

    /**
     * A dispute closed: {@code won} gives back what its chargeback took ({@link #reverse}), once; {@code lost} leaves
     * the chargeback as it is.
     */
    public Uni<String> disputeClosed(String disputeId, String status) {
        return lockedByProviderRef(disputeId).chain(chargeback -> {
            if (chargeback == null) {
                return Uni.createFrom().item("ignored: no chargeback recorded for dispute " + disputeId + " (" + status + ")");
            }
            if (!"won".equals(status)) {
                return Uni.createFrom().item("dispute " + disputeId + " " + status + ": chargeback " + chargeback.id + " stands");
            }
            if (chargeback.reversedAt != null) {
                return Uni.createFrom().item("ignored: chargeback " + chargeback.id + " was already reversed");
            }
            if (!Refund.COIN_PACK.equals(chargeback.kind)) {
                return Uni.createFrom().item("ignored: dispute " + disputeId + " won; chargeback " + chargeback.id
                        + " of a " + chargeback.kind + " is not reversed here");
            }
            return reverse(chargeback, "dispute won").map(coins -> "dispute " + disputeId + " won: chargeback "
                    + chargeback.id + " reversed, " + coins + " coins given back");
        });
    }

    /**
     * The provider took its own refund back (the App Store's REFUND_REVERSED, decision 0020): a coin-pack refund
     * gives its coins back, once ({@link #reverse}). A subscription's access comes back through the store's state,
     * as a new subscription row, not here.
     */
    public Uni<String> providerRefundReversed(String providerRef, String why) {
        return lockedByProviderRef(providerRef).chain(refund -> {
            if (refund == null) {
                return Uni.createFrom().item("ignored: no refund recorded for " + providerRef);
            }
            if (refund.reversedAt != null) {
                return Uni.createFrom().item("ignored: refund " + refund.id + " was already reversed");
            }
            if (!Refund.COIN_PACK.equals(refund.kind)) {
                return Uni.createFrom().item("ignored: refund " + refund.id + " of a " + refund.kind + " is not reversed here");
            }
            return reverse(refund, why).map(coins -> "refund " + refund.id + " reversed (" + why + "), " + coins
                    + " coins given back");
        });
    }

    /** The refund with this provider object, its user's wallet locked, then the row; null when there is none. */
    private Uni<Refund> lockedByProviderRef(String providerRef) {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery("select user_id, cast(id as text) from refund where provider_ref = :ref"
                                + " order by created_at desc", Object[].class)
                        .setParameter("ref", providerRef)
                        .getResultList())
                .chain(rows -> rows.isEmpty() ? Uni.createFrom().<Refund>nullItem()
                        : ledger.lock(rows.get(0)[0].toString()).chain(() -> Refund.<Refund>findById(
                                UUID.fromString(rows.get(0)[1].toString()), LockModeType.PESSIMISTIC_WRITE)));
    }

    /**
     * Undoes a coin-pack refund (caller holds the wallet lock): the coins its claw-back took come back as one REFUND
     * entry, the bonus coins to the lots they were taken from ({@link WalletLedger#refundCredit}), the purchase's
     * refunded amount goes down by the refund's and a REFUNDED purchase is COMPLETED again. Answers the coins given back.
     */
    private Uni<Long> reverse(Refund refund, String why) {
        UUID purchaseId = UUID.fromString(refund.targetId);
        String clawBackReference = "pack-purchase:" + purchaseId + ":refund:" + refund.id;
        return ledger.lock(refund.userId).chain(wallet -> PackPurchase.<PackPurchase>findById(purchaseId,
                        LockModeType.PESSIMISTIC_WRITE)
                .chain(purchase -> ledger.entry(clawBackReference, LedgerType.REFUND).chain(clawBack -> {
                    long paid = clawBack == null ? -refund.coins : -clawBack.paidCoins;
                    long bonus = clawBack == null ? 0 : -clawBack.bonusCoins;
                    return ledger.refundCredit(wallet, paid, bonus, clawBackReference + ":reversed",
                            clawBack == null ? null : clawBack.id).map(credited -> {
                        Instant now = clock.instant();
                        refund.reversedAt = now;
                        refund.reversalReason = why;
                        if (refund.amount != null) {
                            purchase.refundedAmount = PackRefunds.amount(PackRefunds.afterReversal(
                                    PackRefunds.cents(purchase.refundedAmount), PackRefunds.cents(refund.amount)));
                        }
                        if (purchase.status == PackPurchase.Status.REFUNDED) {
                            purchase.status = PackPurchase.Status.COMPLETED;
                            purchase.refundedAt = null;
                        }
                        return credited.total();
                    });
                })));
    }

    private boolean billedHere(String billedBy) {
        return provider.name().equals(billedBy);
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
