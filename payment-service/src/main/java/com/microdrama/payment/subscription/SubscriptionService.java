package com.microdrama.payment.subscription;

import com.microdrama.payment.config.PaymentConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.microdrama.events.EventEnvelope;
import com.microdrama.events.EventTypes;
import com.microdrama.events.Topics;
import com.microdrama.events.payload.SubscriptionChanged;
import com.microdrama.payment.idempotency.Idempotency;
import com.microdrama.support.idempotency.RequestFingerprint;
import com.microdrama.payment.idempotency.StoredResponse;
import com.microdrama.outbox.Outbox;
import com.microdrama.payment.pack.PurchaseCompletion;
import com.microdrama.support.problem.ProblemException;
import com.microdrama.payment.provider.PaymentProvider;
import com.microdrama.payment.provider.ProviderSubscription;
import com.microdrama.payment.provider.SubscriptionIntentRequest;
import com.microdrama.payment.subscription.SubscriptionViews.SubscriptionView;
import com.microdrama.payment.wallet.WalletLedger;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.logging.Log;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Clock;
import java.util.Optional;
import java.util.function.BiFunction;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * VIP subscriptions. Every state change runs {@link SubscriptionState}, stores the new state and appends the
 * matching subscription-*.v1 event in one transaction, holding the user's wallet lock like every other
 * event-writing transaction (so one user's events keep their commit order in the outbox).
 *
 * <p>Event per transition (validFrom = start of the subscription, validUntil = {@link SubscriptionState#accessUntil()}):
 * start → activated; resume → activated (status back to ACTIVE/TRIALING/PAST_DUE); renew and recover → renewed;
 * billing issue → renewed with status PAST_DUE and validUntil = grace end; cancel → cancelled; expire → expired;
 * refund → refunded (validUntil = the refund time).
 */
@ApplicationScoped
public class SubscriptionService {
    public static final String SUBSCRIPTIONS_PATH = "/api/payments/subscriptions";
    static final String CANCEL_PATH = SUBSCRIPTIONS_PATH + "/me/cancel";
    static final String RESUME_PATH = SUBSCRIPTIONS_PATH + "/me/resume";
    private static final String LIVE_SQL = "('TRIALING', 'ACTIVE', 'CANCELLED', 'PAST_DUE')";

    private final Idempotency idempotency;
    private final PaymentProvider provider;
    private final WalletLedger ledger;
    private final Outbox outbox;
    private final ObjectMapper json;
    private final Clock clock;
    private final Duration gracePeriod;
    private final Duration expiryLeeway;
    private final int expiryBatchSize;

    public SubscriptionService(Idempotency idempotency, PaymentProvider provider, WalletLedger ledger, Outbox outbox,
                               ObjectMapper json, Clock clock,
                               PaymentConfig config) {
        this.idempotency = idempotency;
        this.provider = provider;
        this.ledger = ledger;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
        this.gracePeriod = config.subscription().gracePeriod();
        this.expiryLeeway = config.subscription().expiryLeeway();
        this.expiryBatchSize = config.subscription().expiryBatchSize();
    }

    @WithSession
    public Uni<List<SubscriptionPlan>> plans() {
        return SubscriptionPlan.list("active = true", Sort.by("sortOrder"));
    }

    // ---- user operations (Idempotency-Key) ---------------------------------------------------------------------

    public Uni<StoredResponse> subscribe(String userId, String key, SubscriptionRequest request) {
        String hash = RequestFingerprint.of("POST", SUBSCRIPTIONS_PATH, json.valueToTree(request));
        return inTransaction(() -> idempotency.once(userId, key, hash, 201, () -> start(userId, key, request.planId())));
    }

    public Uni<StoredResponse> cancel(String userId, String key) {
        String hash = RequestFingerprint.of("POST", CANCEL_PATH, NullNode.getInstance());
        return inTransaction(() -> idempotency.once(userId, key, hash, 200,
                () -> changeLive(userId, state -> state.cancel(now()), EventTypes.SUBSCRIPTION_CANCELLED)));
    }

    public Uni<StoredResponse> resume(String userId, String key) {
        String hash = RequestFingerprint.of("POST", RESUME_PATH, NullNode.getInstance());
        return inTransaction(() -> idempotency.once(userId, key, hash, 200,
                () -> changeLive(userId, state -> state.resume(now()), EventTypes.SUBSCRIPTION_ACTIVATED)));
    }

    /** The user's live subscription (trialing, active, cancelled or past due). */
    @WithSession
    public Uni<Subscription> current(String userId) {
        return Subscription.<Subscription>find("userId = ?1 and status in ?2", Sort.descending("createdAt"), userId,
                        SubscriptionStatus.LIVE).firstResult()
                .onItem().ifNull().failWith(SubscriptionService::noSubscription);
    }

    private Uni<SubscriptionView> start(String userId, String key, String planId) {
        return SubscriptionPlan.<SubscriptionPlan>findById(planId)
                .chain(plan -> {
                    if (plan == null || !plan.active) {
                        return Uni.createFrom().failure(ProblemException.notFound("unknown-plan", "Unknown plan",
                                "There is no subscription plan '" + planId + "' on sale"));
                    }
                    return ledger.lock(userId)
                            .chain(() -> Subscription.<Subscription>find("userId = ?1 and status in ?2", userId,
                                    SubscriptionStatus.LIVE).<Subscription>firstResult())
                            .chain((Subscription live) -> {
                                if (live != null) {
                                    return Uni.createFrom().failure(alreadySubscribed(live));
                                }
                                // the free trial is for a user's first subscription only
                                return Subscription.count("userId", userId);
                            })
                            .chain(earlier -> create(userId, key, plan, earlier == 0 ? plan.trialDays : 0));
                })
                .map(SubscriptionView::of);
    }

    private Uni<Subscription> create(String userId, String key, SubscriptionPlan plan, int trialDays) {
        UUID id = UUID.randomUUID();
        SubscriptionIntentRequest request = new SubscriptionIntentRequest(id, userId, plan.id, plan.priceAmount,
                plan.currency, trialDays, userId + ":" + key);
        return provider.createSubscription(request).chain(created -> {
            Instant now = now();
            int trial = created.status() == ProviderSubscription.Status.TRIALING ? trialDays : 0;
            SubscriptionState state = SubscriptionState.start(now, plan.periodDays, trial);
            Subscription subscription = Subscription.create(id, userId, plan.id, provider.name(), state, now);
            subscription.providerSubscriptionId = created.providerSubscriptionId();
            return subscription.<Subscription>persist()
                    .call(s -> publish(s, EventTypes.SUBSCRIPTION_ACTIVATED, now));
        });
    }

    private Uni<SubscriptionView> changeLive(String userId, UnaryOperator<SubscriptionState> transition, String eventType) {
        return ledger.lock(userId)
                .chain(() -> Subscription.<Subscription>find("userId = ?1 and status in ?2", userId,
                        SubscriptionStatus.LIVE).withLock(LockModeType.PESSIMISTIC_WRITE).<Subscription>firstResult())
                .onItem().ifNull().failWith(SubscriptionService::noSubscription)
                .call((Subscription s) -> change(s, transition, eventType))
                .map(SubscriptionView::of);
    }

    // ---- provider operations (webhooks); run inside the caller's transaction ---------------------------------

    /**
     * A paid invoice: renews (or recovers) unless the period is not newer than what the user already has.
     * {@code mismatch} compares the invoice with the plan and the current period end (amount, currency, length); a
     * mismatch is answered as the outcome and nothing is applied.
     */
    public Uni<String> providerRenewed(UUID subscriptionId, Instant periodStart, Instant periodEnd,
                                       BiFunction<SubscriptionPlan, Instant, Optional<String>> mismatch) {
        return lockById(subscriptionId).chain(s -> s == null
                ? Uni.createFrom().item("ignored: unknown subscription " + subscriptionId)
                : SubscriptionPlan.<SubscriptionPlan>findById(s.planId).chain(plan -> {
                    Optional<String> disagreement = mismatch.apply(plan, s.currentPeriodEnd);
                    if (disagreement.isPresent()) {
                        return Uni.createFrom().item("rejected: subscription " + s.id + ": " + disagreement.get());
                    }
                    return changeById(subscriptionId, state -> state.renew(periodStart, periodEnd),
                            EventTypes.SUBSCRIPTION_RENEWED);
                }));
    }

    /**
     * A failed renewal charge: PAST_DUE with access kept for the grace period. A failure for a period the user
     * already has paid (the paid invoice overtook the failed attempt) is stale and ignored.
     */
    public Uni<String> providerBillingIssue(UUID subscriptionId, Instant invoicePeriodEnd) {
        Instant graceUntil = now().plus(gracePeriod);
        return changeById(subscriptionId, state -> {
            if (invoicePeriodEnd != null && !invoicePeriodEnd.isAfter(state.periodEnd()) && state.status() != SubscriptionStatus.PAST_DUE) {
                return state;
            }
            return state.billingIssue(graceUntil);
        }, EventTypes.SUBSCRIPTION_RENEWED);
    }

    /** The provider ended the subscription (e.g. Stripe's customer.subscription.deleted): expired now. */
    public Uni<String> providerEnded(UUID subscriptionId) {
        Instant now = now();
        return changeById(subscriptionId, state -> state.expire(now.isBefore(state.accessUntil()) ? now : state.accessUntil()),
                EventTypes.SUBSCRIPTION_EXPIRED);
    }

    /**
     * Refunds a subscription inside the caller's transaction (which must hold the user's wallet lock): REFUNDED,
     * subscription-refunded.v1 with validUntil = now.
     */
    public Uni<Subscription> refundLocked(Subscription subscription) {
        return change(subscription, state -> state.refund(now()), EventTypes.SUBSCRIPTION_REFUNDED)
                .replaceWith(subscription);
    }

    /** Locks the user's wallet, then loads the subscription for update; null when there is no such subscription. */
    public Uni<Subscription> lockById(UUID subscriptionId) {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery("select user_id from subscription where id = :id")
                        .setParameter("id", subscriptionId)
                        .getResultList())
                .chain(rows -> rows.isEmpty()
                        ? Uni.createFrom().nullItem()
                        : ledger.lock(rows.get(0).toString())
                                .chain(() -> Subscription.<Subscription>findById(subscriptionId, LockModeType.PESSIMISTIC_WRITE)));
    }

    private Uni<String> changeById(UUID subscriptionId, UnaryOperator<SubscriptionState> transition, String eventType) {
        return lockById(subscriptionId).chain(s -> {
            if (s == null) {
                return Uni.createFrom().item("ignored: unknown subscription " + subscriptionId);
            }
            return change(s, transition, eventType)
                    .map(changed -> changed ? "subscription " + s.id + " is " + s.status : "ignored: stale, no change")
                    // a provider event the state does not allow is logged and acknowledged: retrying cannot help
                    .onFailure(InvalidSubscriptionStateException.class)
                    .recoverWithItem(e -> "ignored: " + e.getMessage());
        });
    }

    /** Applies the transition; no change (stale or repeated event) writes nothing and emits nothing. */
    private Uni<Boolean> change(Subscription subscription, UnaryOperator<SubscriptionState> transition, String eventType) {
        SubscriptionState before = subscription.state();
        SubscriptionState after;
        try {
            after = transition.apply(before);
        } catch (InvalidSubscriptionStateException e) {
            return Uni.createFrom().failure(e);
        }
        if (after.equals(before)) {
            return Uni.createFrom().item(false);
        }
        Instant now = now();
        subscription.apply(after, now);
        return publish(subscription, eventType, now).replaceWith(true);
    }

    private Uni<Void> publish(Subscription s, String type, Instant now) {
        SubscriptionChanged data = new SubscriptionChanged(s.id.toString(), s.userId, s.planId, s.status.name(),
                s.startedAt, s.state().accessUntil(), now);
        return outbox.append(Topics.PAYMENT_EVENTS, s.userId,
                EventEnvelope.of(PurchaseCompletion.SOURCE, type, s.userId, data));
    }

    // ---- expiry -----------------------------------------------------------------------------------------------

    /**
     * Expires live subscriptions whose period (and grace) ended {@code expiry-leeway} ago without renewal, each in
     * its own transaction. The leeway gives late renewal webhooks a chance; the event's validUntil is still the
     * instant access ended. Returns how many expired.
     */
    public Uni<Integer> expireDue() {
        Instant now = now();
        Instant cutoff = now.minus(expiryLeeway);
        return Panache.withSession(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                                "select cast(id as text) from subscription where status in " + LIVE_SQL
                                        + " and greatest(current_period_end, coalesce(grace_until, current_period_end)) <= :cutoff"
                                        + " order by current_period_end limit :limit")
                        .setParameter("cutoff", cutoff)
                        .setParameter("limit", expiryBatchSize)
                        .getResultList()))
                .chain(ids -> Multi.createFrom().iterable(ids)
                        .onItem().transformToUniAndConcatenate(id -> expireOne(UUID.fromString(id.toString()), now)
                                .onFailure().recoverWithItem(e -> {
                                    Log.warnf("Could not expire subscription %s: %s", id, e.toString());
                                    return false;
                                }))
                        .collect().asList())
                .map(results -> (int) results.stream().filter(Boolean::booleanValue).count())
                .invoke(expired -> {
                    if (expired > 0) {
                        Log.infof("Expired %d subscriptions", expired);
                        outbox.afterCommit();
                    }
                });
    }

    private Uni<Boolean> expireOne(UUID id, Instant now) {
        return Panache.withTransaction(() -> lockById(id).chain(s -> {
            if (s == null || !s.state().dueForExpiry(now, expiryLeeway)) {
                return Uni.createFrom().item(false); // renewed or changed meanwhile
            }
            return change(s, state -> state.expire(state.accessUntil()), EventTypes.SUBSCRIPTION_EXPIRED);
        }));
    }

    private Uni<StoredResponse> inTransaction(java.util.function.Supplier<Uni<StoredResponse>> work) {
        return Panache.withTransaction(work)
                .invoke(stored -> {
                    if (!stored.replayed()) {
                        outbox.afterCommit();
                    }
                });
    }

    /** Microseconds, as PostgreSQL stores them: an event and a later read of the row show the same instants. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    static ProblemException noSubscription() {
        return ProblemException.notFound("no-subscription", "No subscription", "The user has no live subscription");
    }

    private static ProblemException alreadySubscribed(Subscription live) {
        return new ProblemException(409, "already-subscribed", "Already subscribed",
                "The user already has a live subscription (" + live.status + " until " + live.state().accessUntil() + ")",
                java.util.Map.of("subscriptionId", live.id.toString(), "subscriptionStatus", live.status.name()));
    }
}
