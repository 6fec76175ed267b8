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
import com.microdrama.payment.pack.PurchaseMetrics;
import com.microdrama.support.problem.ProblemException;
import com.microdrama.payment.provider.PaymentProvider;
import com.microdrama.payment.provider.ProviderSubscription;
import com.microdrama.payment.provider.SubscriptionIntentRequest;
import com.microdrama.payment.subscription.SubscriptionViews.SubscriptionView;
import com.microdrama.payment.wallet.WalletLedger;
import com.microdrama.support.metrics.AfterCommit;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.logging.Log;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import com.microdrama.payment.provider.ProviderCustomers;
import com.microdrama.payment.provider.SandboxPaymentProvider;

import java.nio.charset.StandardCharsets;
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
    /** The outcome of a provider event about a subscription we have not stored (yet: see StripeWebhookService). */
    public static final String UNKNOWN_SUBSCRIPTION = "ignored: unknown subscription ";
    private static final String LIVE_SQL = "('TRIALING', 'ACTIVE', 'CANCELLED', 'PAST_DUE')";

    private final Idempotency idempotency;
    private final PaymentProvider provider;
    private final ProviderCustomers customers;
    private final WalletLedger ledger;
    private final Outbox outbox;
    private final ObjectMapper json;
    private final Clock clock;
    private final Duration gracePeriod;
    private final Duration expiryLeeway;
    private final int expiryBatchSize;
    private final SubscriptionMetrics metrics;
    private final PurchaseMetrics purchases;

    public SubscriptionService(Idempotency idempotency, PaymentProvider provider, ProviderCustomers customers,
                               WalletLedger ledger, Outbox outbox, ObjectMapper json, Clock clock,
                               PaymentConfig config, SubscriptionMetrics metrics, PurchaseMetrics purchases) {
        this.metrics = metrics;
        this.purchases = purchases;
        this.idempotency = idempotency;
        this.provider = provider;
        this.customers = customers;
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
                () -> changeLive(userId, key, true, state -> state.cancel(now()), EventTypes.SUBSCRIPTION_CANCELLED)));
    }

    public Uni<StoredResponse> resume(String userId, String key) {
        String hash = RequestFingerprint.of("POST", RESUME_PATH, NullNode.getInstance());
        return inTransaction(() -> idempotency.once(userId, key, hash, 200,
                () -> changeLive(userId, key, false, state -> state.resume(now()), EventTypes.SUBSCRIPTION_ACTIVATED)));
    }

    /** The user's open subscription: live (trialing, active, cancelled, past due) or waiting for the provider. */
    @WithSession
    public Uni<Subscription> current(String userId) {
        return Subscription.<Subscription>find("userId = ?1 and status in ?2", Sort.descending("createdAt"), userId,
                        SubscriptionStatus.OPEN).firstResult()
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
                            .chain(() -> Subscription.<Subscription>list("userId = ?1 and status in ?2", userId,
                                    SubscriptionStatus.OPEN))
                            .chain((List<Subscription> open) -> {
                                // VIP bought in a store counts too: nobody pays twice for the same access
                                Optional<Subscription> live = open.stream()
                                        .filter(s -> s.status != SubscriptionStatus.INCOMPLETE).findFirst();
                                if (live.isPresent()) {
                                    return Uni.createFrom().failure(alreadySubscribed(live.get()));
                                }
                                Uni<Void> abandoned = Uni.createFrom().voidItem();
                                for (Subscription incomplete : open) {
                                    abandoned = abandoned.chain(() -> abandon(incomplete));
                                }
                                return abandoned;
                            })
                            // the free trial is for a user's first subscription that ever gave access
                            .chain(() -> Subscription.count("userId = ?1 and activatedAt is not null", userId))
                            .chain(earlier -> create(userId, key, plan, earlier == 0 ? plan.trialDays : 0));
                });
    }

    /**
     * A second subscribe while the first still waits for its payment replaces it (the app lost the first one's
     * confirmation secret, or the user picked another plan): ended at the provider, then here, without access.
     */
    private Uni<Void> abandon(Subscription incomplete) {
        Uni<Void> atProvider = incomplete.providerSubscriptionId == null ? Uni.createFrom().voidItem()
                : provider.cancelNow(incomplete.providerSubscriptionId);
        return atProvider.chain(() -> change(incomplete, state -> state.abandon(now()), null))
                // the ended row leaves the open-subscription index before the new one enters it
                .chain(() -> Panache.getSession().chain(session -> session.flush()));
    }

    private Uni<SubscriptionView> create(String userId, String key, SubscriptionPlan plan, int trialDays) {
        // the same request (user and key) names the same subscription, so the provider's idempotency holds across retries
        UUID id = UUID.nameUUIDFromBytes(("subscription:" + userId + ":" + key).getBytes(StandardCharsets.UTF_8));
        return customers.find(provider.name(), userId).chain(customerId -> {
            SubscriptionIntentRequest request = new SubscriptionIntentRequest(id, userId, plan.id, plan.priceAmount,
                    plan.currency, trialDays, userId + ":" + key, customerId);
            return provider.createSubscription(request).chain(created -> {
                Instant now = now();
                Uni<Void> remembered = created.customerId() == null || created.customerId().equals(customerId)
                        ? Uni.createFrom().voidItem()
                        : customers.remember(provider.name(), userId, created.customerId());
                if (created.status() == ProviderSubscription.Status.INCOMPLETE) {
                    // nothing starts on our own say-so: the provider's events activate it (decision 0018)
                    Subscription subscription = Subscription.create(id, userId, plan.id, provider.name(),
                            SubscriptionState.incomplete(now, plan.periodDays), now);
                    subscription.providerSubscriptionId = created.providerSubscriptionId();
                    return remembered.chain(() -> subscription.<Subscription>persist())
                            .map(s -> SubscriptionView.of(s, created.clientSecret()));
                }
                int trial = created.status() == ProviderSubscription.Status.TRIALING ? trialDays : 0;
                SubscriptionState state = SubscriptionState.start(now, plan.periodDays, trial);
                Subscription subscription = Subscription.create(id, userId, plan.id, provider.name(), state, now);
                subscription.providerSubscriptionId = created.providerSubscriptionId();
                return remembered.chain(() -> subscription.<Subscription>persist())
                        .call(s -> publish(s, EventTypes.SUBSCRIPTION_ACTIVATED, now))
                        .map(s -> SubscriptionView.of(s, created.clientSecret()));
            });
        });
    }

    /**
     * A user's cancel or resume: checked against our state first, then told to the provider (which bills), then
     * applied. The provider's event about it later finds nothing to change.
     */
    private Uni<SubscriptionView> changeLive(String userId, String key, boolean cancelAtPeriodEnd,
                                             UnaryOperator<SubscriptionState> transition, String eventType) {
        return ledger.lock(userId)
                .chain(() -> Subscription.<Subscription>find("userId = ?1 and status in ?2", userId,
                        SubscriptionStatus.LIVE).withLock(LockModeType.PESSIMISTIC_WRITE).<Subscription>list())
                .chain((List<Subscription> live) -> {
                    Optional<Subscription> ours = live.stream().filter(s -> s.provider.equals(provider.name())).findFirst();
                    if (ours.isPresent()) {
                        return Uni.createFrom().item(ours.get());
                    }
                    // cancelled and resumed where it was bought: the store tells us (decision 0020)
                    return Uni.createFrom().failure(live.isEmpty() ? noSubscription() : managedByStore(live.get(0)));
                })
                .call((Subscription s) -> {
                    try {
                        transition.apply(s.state());
                    } catch (InvalidSubscriptionStateException e) {
                        return Uni.createFrom().failure(e);
                    }
                    return s.providerSubscriptionId == null ? Uni.createFrom().voidItem()
                            : provider.cancelAtPeriodEnd(s.providerSubscriptionId, cancelAtPeriodEnd,
                                    userId + ":" + key + (cancelAtPeriodEnd ? ":cancel" : ":resume"));
                })
                .call((Subscription s) -> change(s, transition, eventType))
                .map(SubscriptionView::of);
    }

    // ---- store subscriptions (decision 0020); the caller holds the user's wallet lock -----------------------

    /** The open row of a store subscription, locked; null when it has none. */
    public Uni<Subscription> openByProviderRef(String billedBy, String providerSubscriptionId) {
        return Subscription.<Subscription>find("provider = ?1 and providerSubscriptionId = ?2 and status in ?3",
                        billedBy, providerSubscriptionId, SubscriptionStatus.OPEN)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /** A store granted access: a new row in {@code state} and its subscription-activated event. */
    public Uni<Subscription> startFromStore(String userId, String planId, String billedBy, String providerSubscriptionId,
                                            SubscriptionState state) {
        Instant now = now();
        Subscription s = Subscription.create(UUID.randomUUID(), userId, planId, billedBy, state, now);
        s.providerSubscriptionId = providerSubscriptionId;
        return s.<Subscription>persist().call(created -> publish(created, EventTypes.SUBSCRIPTION_ACTIVATED, now));
    }

    /** A store's statement moves the row to {@code next} (computed by StoreSync from its current state). */
    public Uni<Boolean> changeFromStore(Subscription s, SubscriptionState next, String eventType) {
        return change(s, state -> next, eventType);
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
                ? Uni.createFrom().item(UNKNOWN_SUBSCRIPTION + subscriptionId)
                : SubscriptionPlan.<SubscriptionPlan>findById(s.planId).chain(plan -> {
                    Optional<String> disagreement = mismatch.apply(plan, s.currentPeriodEnd);
                    if (disagreement.isPresent()) {
                        return Uni.createFrom().item("rejected: subscription " + s.id + ": " + disagreement.get());
                    }
                    // the first paid invoice of an incomplete subscription starts it
                    return changeLocked(s, subscriptionId, state -> state.renew(periodStart, periodEnd),
                            s.status == SubscriptionStatus.INCOMPLETE ? EventTypes.SUBSCRIPTION_ACTIVATED
                                    : EventTypes.SUBSCRIPTION_RENEWED)
                            // a paid invoice that moved the subscription on is VIP revenue (a stale one changed nothing)
                            .invoke(outcome -> {
                                if (!outcome.startsWith("ignored")) {
                                    purchases.paid(s.provider, plan.currency, plan.priceAmount);
                                }
                            });
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

    /**
     * The provider ended the subscription (e.g. Stripe's customer.subscription.deleted): expired now; one that never
     * started is abandoned without an event.
     */
    public Uni<String> providerEnded(UUID subscriptionId) {
        Instant now = now();
        return lockById(subscriptionId).chain(s -> s != null && s.status == SubscriptionStatus.INCOMPLETE
                ? changeLocked(s, subscriptionId, state -> state.abandon(now), null)
                : changeLocked(s, subscriptionId,
                        state -> state.expire(now.isBefore(state.accessUntil()) ? now : state.accessUntil()),
                        EventTypes.SUBSCRIPTION_EXPIRED));
    }

    /**
     * One of the provider's subscription events (Stripe's customer.subscription.created/updated/deleted): the
     * subscription is read back from the provider and ours follows its current state ({@link ProviderSync}). A
     * subscription of another provider (the sandbox) has no provider state to read; its deletion still ends it.
     */
    public Uni<String> providerChanged(UUID subscriptionId, boolean deleted) {
        // only the ids, not the entity: the state is read under the lock below (a managed entity loaded now would
        // keep this moment's state through the locking read)
        return Panache.getSession().chain(session -> session.createNativeQuery(
                                "select provider, coalesce(provider_subscription_id, '') from subscription where id = :id", Object[].class)
                        .setParameter("id", subscriptionId)
                        .getResultList())
                .chain(rows -> {
            if (rows.isEmpty()) {
                return Uni.createFrom().item(UNKNOWN_SUBSCRIPTION + subscriptionId);
            }
            String billedBy = rows.get(0)[0].toString();
            String providerSubscriptionId = rows.get(0)[1].toString();
            if (!billedBy.equals(provider.name()) || providerSubscriptionId.isEmpty()
                    || SandboxPaymentProvider.NAME.equals(billedBy)) {
                return deleted ? providerEnded(subscriptionId)
                        : Uni.createFrom().item("ignored: subscription " + subscriptionId + " is not billed by " + provider.name());
            }
            // read before locking: the provider's answer is not waited for while the user's wallet is locked
            return provider.subscription(providerSubscriptionId).chain(theirs -> lockById(subscriptionId).chain(s -> {
                if (theirs.planId() == null || !theirs.planId().equals(s.planId)) {
                    return Uni.createFrom().item("rejected: subscription " + s.id + " bills price " + theirs.priceId()
                            + ", not the price of plan " + s.planId);
                }
                List<ProviderSync.Change> changes;
                try {
                    changes = ProviderSync.changes(s.state(), theirs, now(), now().plus(gracePeriod));
                } catch (InvalidSubscriptionStateException e) {
                    return Uni.createFrom().item("ignored: " + e.getMessage());
                }
                if (changes.isEmpty()) {
                    return Uni.createFrom().item("ignored: subscription " + s.id + " already agrees with the provider ("
                            + theirs.status() + ")");
                }
                Uni<Void> applied = Uni.createFrom().voidItem();
                for (ProviderSync.Change c : changes) {
                    applied = applied.chain(() -> change(s, state -> c.state(), c.eventType())).replaceWithVoid();
                }
                return applied.map(v -> "subscription " + s.id + " is " + s.status + " (provider: " + theirs.status() + ")");
            }));
        });
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
        return lockById(subscriptionId).chain(s -> changeLocked(s, subscriptionId, transition, eventType));
    }

    /** {@link #changeById} for a subscription already locked by {@link #lockById} (null: unknown). */
    private Uni<String> changeLocked(Subscription s, UUID subscriptionId, UnaryOperator<SubscriptionState> transition,
                                     String eventType) {
        if (s == null) {
            return Uni.createFrom().item(UNKNOWN_SUBSCRIPTION + subscriptionId);
        }
        return change(s, transition, eventType)
                .map(changed -> changed ? "subscription " + s.id + " is " + s.status : "ignored: stale, no change")
                // a provider event the state does not allow is logged and acknowledged: retrying cannot help
                .onFailure(InvalidSubscriptionStateException.class)
                .recoverWithItem(e -> "ignored: " + e.getMessage());
    }

    /**
     * Applies the transition; no change (stale or repeated event) writes nothing and emits nothing. A null
     * {@code eventType} changes only our row (a subscription the entitlements never heard of).
     */
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
        metrics.changed(subscription.provider, before, after, eventType);
        if (eventType == null) {
            return Uni.createFrom().item(true);
        }
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
        return AfterCommit.counting(() -> Panache.withTransaction(() -> lockById(id).chain(s -> {
            if (s == null || !s.state().dueForExpiry(now, expiryLeeway)) {
                return Uni.createFrom().item(false); // renewed or changed meanwhile
            }
            return change(s, state -> state.expire(state.accessUntil()), EventTypes.SUBSCRIPTION_EXPIRED);
        })));
    }

    private Uni<StoredResponse> inTransaction(java.util.function.Supplier<Uni<StoredResponse>> work) {
        return AfterCommit.counting(() -> Panache.withTransaction(work))
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

    private static ProblemException managedByStore(Subscription s) {
        return new ProblemException(409, "subscription-managed-by-store", "Managed by the store",
                "This subscription was bought through " + s.provider + "; cancel or resume it in the store's subscription settings",
                java.util.Map.of("subscriptionId", s.id.toString(), "provider", s.provider));
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
