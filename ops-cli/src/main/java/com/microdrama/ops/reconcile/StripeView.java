package com.microdrama.ops.reconcile;

import com.microdrama.ops.OpsException;
import com.microdrama.ops.reconcile.ProviderRows.Intent;
import com.microdrama.ops.reconcile.ProviderRows.ProviderSubscription;
import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.PermissionException;
import com.stripe.exception.StripeException;
import com.stripe.model.Charge;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.model.Subscription;
import com.stripe.param.PaymentIntentListParams;
import com.stripe.param.PaymentIntentRetrieveParams;
import com.stripe.param.RefundListParams;
import com.stripe.param.SubscriptionListParams;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Stripe's side, read through stripe-java's list endpoints with auto-pagination: PaymentIntents and subscriptions
 * that carry our ids in their metadata (payment-service writes {@code purchaseId}/{@code userId} on intents and
 * {@code subscriptionId} on subscriptions and their charges), and refunds. Only reads: no call here changes anything
 * at Stripe.
 *
 * <p>{@code created[gte]} narrows the lists at Stripe; the same bound is applied again here, because a list endpoint
 * that ignores it (the local emulator does) must not widen the window.
 */
final class StripeView {
    static final String PURCHASE_ID = "purchaseId";
    static final String USER_ID = "userId";
    static final String SUBSCRIPTION_ID = "subscriptionId";
    private static final Set<String> REFUND_DID_NOT_HAPPEN = Set.of("failed", "canceled");

    private final StripeClient stripe;
    private final String apiBase;
    private final Long since;
    private final Map<String, Intent> intents = new LinkedHashMap<>();
    private final Map<String, ProviderSubscription> subscriptions = new LinkedHashMap<>();
    /** Refund ids and amounts of subscription charges, by our subscription id. */
    private final Map<String, List<Refund>> subscriptionRefunds = new HashMap<>();
    /** Refunds by PaymentIntent, for intents whose charge does not list them itself. */
    private final Map<String, List<Refund>> intentRefunds = new HashMap<>();

    StripeView(String apiKey, String apiBase, Instant since) {
        this.stripe = StripeClient.builder().setApiKey(apiKey).setApiBase(apiBase)
                .setMaxNetworkRetries(2).setConnectTimeout(5_000).setReadTimeout(30_000).build();
        this.apiBase = apiBase;
        this.since = since == null ? null : since.getEpochSecond();
    }

    /** Lists everything in the window: refunds first, so that the intents and subscriptions listed next know theirs. */
    void load() {
        call(() -> {
            RefundListParams.Builder refunds = RefundListParams.builder().setLimit(100L).addExpand("data.charge");
            if (since != null) {
                refunds.setCreated(RefundListParams.Created.builder().setGte(since).build());
            }
            for (Refund r : stripe.v1().refunds().list(refunds.build()).autoPagingIterable()) {
                if (inWindow(r.getCreated()) && !REFUND_DID_NOT_HAPPEN.contains(r.getStatus())) {
                    if (r.getPaymentIntent() != null) {
                        intentRefunds.computeIfAbsent(r.getPaymentIntent(), k -> new ArrayList<>()).add(r);
                    }
                    String subscriptionId = Optional.ofNullable(r.getChargeObject()).map(Charge::getMetadata)
                            .map(m -> m.get(SUBSCRIPTION_ID)).orElse(null);
                    if (subscriptionId != null) {
                        subscriptionRefunds.computeIfAbsent(subscriptionId, k -> new ArrayList<>()).add(r);
                    }
                }
            }
            PaymentIntentListParams.Builder pis = PaymentIntentListParams.builder().setLimit(100L)
                    .addExpand("data.latest_charge");
            if (since != null) {
                pis.setCreated(PaymentIntentListParams.Created.builder().setGte(since).build());
            }
            for (PaymentIntent pi : stripe.v1().paymentIntents().list(pis.build()).autoPagingIterable()) {
                if (inWindow(pi.getCreated())) {
                    keep(pi, false);
                }
            }
            SubscriptionListParams.Builder subs = SubscriptionListParams.builder().setLimit(100L)
                    .setStatus(SubscriptionListParams.Status.ALL);
            if (since != null) {
                subs.setCreated(SubscriptionListParams.Created.builder().setGte(since).build());
            }
            for (Subscription s : stripe.v1().subscriptions().list(subs.build()).autoPagingIterable()) {
                if (inWindow(s.getCreated())) {
                    keep(s, false);
                }
            }
            // A refund in the window of a payment made before it: that payment is in question too.
            for (String pi : List.copyOf(intentRefunds.keySet())) {
                if (!intents.containsKey(pi)) {
                    retrieveIntent(pi, false);
                }
            }
            return null;
        });
    }

    /** Looks up intents our rows name that the window did not list; one that does not exist stays absent. */
    void retrieveIntents(Collection<String> ids) {
        retrieveMissing(ids, intents.keySet(), id -> retrieveIntent(id, true));
    }

    void retrieveSubscriptions(Collection<String> ids) {
        retrieveMissing(ids, subscriptions.keySet(), id -> {
            try {
                keep(stripe.v1().subscriptions().retrieve(id), true);
            } catch (StripeException e) {
                rethrowUnlessMissing(e);
            }
        });
    }

    private interface Retrieve {
        void run(String id) throws StripeException;
    }

    private void retrieveMissing(Collection<String> ids, Set<String> known, Retrieve retrieve) {
        call(() -> {
            for (String id : ids) {
                if (!known.contains(id)) {
                    retrieve.run(id);
                }
            }
            return null;
        });
    }

    List<Intent> intents() {
        return List.copyOf(intents.values());
    }

    List<ProviderSubscription> subscriptions() {
        return List.copyOf(subscriptions.values());
    }

    private void retrieveIntent(String id, boolean namedByUs) throws StripeException {
        try {
            keep(stripe.v1().paymentIntents().retrieve(id,
                    PaymentIntentRetrieveParams.builder().addExpand("latest_charge").build()), namedByUs);
        } catch (StripeException e) {
            rethrowUnlessMissing(e);
        }
    }

    /**
     * Keeps an intent that carries our purchase id, or that one of our rows names ({@code namedByUs}: then missing
     * metadata is itself a difference); any other is not a coin pack of ours (an invoice's, another system's).
     */
    private void keep(PaymentIntent pi, boolean namedByUs) {
        Map<String, String> metadata = pi.getMetadata() == null ? Map.of() : pi.getMetadata();
        if (!namedByUs && !metadata.containsKey(PURCHASE_ID)) {
            return;
        }
        Charge charge = pi.getLatestChargeObject();
        Set<String> refundIds = new LinkedHashSet<>();
        if (charge != null && charge.getRefunds() != null && charge.getRefunds().getData() != null) {
            charge.getRefunds().getData().stream().filter(r -> !REFUND_DID_NOT_HAPPEN.contains(r.getStatus()))
                    .forEach(r -> refundIds.add(r.getId()));
        }
        List<Refund> listed = intentRefunds.getOrDefault(pi.getId(), List.of());
        listed.forEach(r -> refundIds.add(r.getId()));
        long refunded = charge != null && charge.getAmountRefunded() != null ? charge.getAmountRefunded()
                : listed.stream().mapToLong(Refund::getAmount).sum();
        intents.put(pi.getId(), new Intent(pi.getId(), pi.getStatus(), pi.getAmount(), pi.getCurrency(),
                metadata.get(PURCHASE_ID), metadata.get(USER_ID), refunded, List.copyOf(refundIds)));
    }

    private void keep(Subscription s, boolean namedByUs) {
        Map<String, String> metadata = s.getMetadata() == null ? Map.of() : s.getMetadata();
        String ours = metadata.get(SUBSCRIPTION_ID);
        if (ours == null && !namedByUs) {
            return;
        }
        List<Refund> refunds = ours == null ? List.of() : subscriptionRefunds.getOrDefault(ours, List.of());
        subscriptions.put(s.getId(), new ProviderSubscription(s.getId(), s.getStatus(),
                Boolean.TRUE.equals(s.getCancelAtPeriodEnd()), ours, metadata.get(USER_ID),
                refunds.stream().mapToLong(Refund::getAmount).sum(), refunds.stream().map(Refund::getId).toList()));
    }

    private boolean inWindow(Long created) {
        return since == null || created == null || created >= since;
    }

    private static void rethrowUnlessMissing(StripeException e) throws StripeException {
        if (e.getStatusCode() == null || e.getStatusCode() != 404) {
            throw e;
        }
    }

    private interface StripeCall<T> {
        T run() throws StripeException;
    }

    private <T> T call(StripeCall<T> call) {
        try {
            return call.run();
        } catch (StripeException e) {
            throw failure(e);
        } catch (OpsException e) {
            throw e;
        } catch (RuntimeException e) {
            // auto-pagination fetches the next page inside the iterator and wraps Stripe's exception
            if (e.getCause() instanceof StripeException stripeFailure) {
                throw failure(stripeFailure);
            }
            throw OpsException.failure("reading Stripe at " + apiBase + " failed: " + e, e);
        }
    }

    private OpsException failure(StripeException e) {
        if (e instanceof AuthenticationException || e instanceof PermissionException) {
            return OpsException.failure("Stripe at " + apiBase + " refused the API key (" + e.getStatusCode() + "): check "
                    + "STRIPE_API_KEY or --stripe-api-key-file; the key needs read access to PaymentIntents, "
                    + "Subscriptions, Charges and Refunds", e);
        }
        if (e instanceof ApiConnectionException) {
            return OpsException.failure("cannot reach Stripe at " + apiBase + " (" + e.getMessage()
                    + "): check --stripe-api-base (env STRIPE_API_BASE)", e);
        }
        return OpsException.failure("Stripe at " + apiBase + " answered " + e.getStatusCode() + ": " + e.getMessage(), e);
    }
}
