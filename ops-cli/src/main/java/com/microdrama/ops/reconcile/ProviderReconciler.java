package com.microdrama.ops.reconcile;

import com.microdrama.ops.reconcile.ProviderMismatch.Kind;
import com.microdrama.ops.reconcile.ProviderRows.Intent;
import com.microdrama.ops.reconcile.ProviderRows.ProviderSubscription;
import com.microdrama.ops.reconcile.ProviderRows.Purchase;
import com.microdrama.ops.reconcile.ProviderRows.Snapshot;
import com.microdrama.ops.reconcile.ProviderRows.Subscription;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The rules by which our purchases and subscriptions agree with Stripe's PaymentIntents, subscriptions and refunds.
 * Pure: the command gathers both sides, this class judges them, and every rule is unit-tested on hand-made objects.
 */
public final class ProviderReconciler {
    static final Set<String> PAID_HERE = Set.of("COMPLETED", "REFUNDED");

    private ProviderReconciler() {
    }

    public static List<ProviderMismatch> find(Snapshot s) {
        List<ProviderMismatch> out = new ArrayList<>();
        purchases(s, out);
        subscriptions(s, out);
        return sorted(out);
    }

    /** The report's order, for every provider: by kind, then user, our id and the provider's id. */
    static List<ProviderMismatch> sorted(List<ProviderMismatch> out) {
        out.sort(Comparator.comparing(ProviderMismatch::kind)
                .thenComparing(ProviderMismatch::userId, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(ProviderMismatch::ourId, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(ProviderMismatch::providerId, Comparator.nullsFirst(Comparator.naturalOrder())));
        return out;
    }

    private static void purchases(Snapshot s, List<ProviderMismatch> out) {
        Map<String, Intent> intents = new HashMap<>();
        s.intents().forEach(i -> intents.put(i.id(), i));
        Map<String, Purchase> purchases = new HashMap<>();
        s.purchases().forEach(p -> purchases.put(p.id(), p));

        for (Purchase p : s.purchases()) {
            Intent i = p.providerPaymentId() == null ? null : intents.get(p.providerPaymentId());
            if (i == null) {
                // A purchase still PENDING or FAILED without an intent took no money; only a paid one is a problem
                // when its id names nothing, but a named intent that does not exist is always one.
                if (p.providerPaymentId() != null || PAID_HERE.contains(p.status())) {
                    out.add(new ProviderMismatch(Kind.PROVIDER_OBJECT_MISSING, p.userId(), p.id(), p.providerPaymentId(),
                            p.status(), "missing", p.providerPaymentId() == null
                            ? "purchase is " + p.status() + " but names no PaymentIntent"
                            : "PaymentIntent " + p.providerPaymentId() + " does not exist at Stripe"));
                }
                continue;
            }
            comparePayment(p, i, out);
        }
        Set<String> named = new HashSet<>();
        s.purchases().forEach(p -> named.add(p.providerPaymentId()));
        for (Intent i : s.intents()) {
            if (i.purchaseId() == null || named.contains(i.id())) {
                continue; // a purchase names it: judged above, metadata included
            }
            Purchase p = purchases.get(i.purchaseId());
            if (p == null) {
                out.add(new ProviderMismatch(Kind.PURCHASE_MISSING, i.userId(), i.purchaseId(), i.id(), "missing",
                        i.status(), "PaymentIntent " + i.status() + " for " + StripeAmounts.display(i.amount(), i.currency())
                        + " carries purchase id " + i.purchaseId() + ", which does not exist here"));
            } else {
                out.add(new ProviderMismatch(Kind.IDS_DISAGREE, p.userId(), p.id(), i.id(), p.providerPaymentId(),
                        i.status(), "PaymentIntent " + i.id() + " (" + i.status() + ") carries this purchase's id, but the "
                        + "purchase names " + p.providerPaymentId()));
            }
        }
    }

    private static void comparePayment(Purchase p, Intent i, List<ProviderMismatch> out) {
        boolean succeeded = "succeeded".equals(i.status());
        if (succeeded && !PAID_HERE.contains(p.status())) {
            out.add(new ProviderMismatch(Kind.PAYMENT_NOT_RECORDED, p.userId(), p.id(), i.id(), p.status(), i.status(),
                    "Stripe took " + StripeAmounts.display(i.amount(), i.currency()) + " but the purchase is " + p.status()));
        } else if (!succeeded && PAID_HERE.contains(p.status())) {
            out.add(new ProviderMismatch(Kind.PAYMENT_NOT_AT_PROVIDER, p.userId(), p.id(), i.id(), p.status(), i.status(),
                    "the purchase is " + p.status() + " but its PaymentIntent is " + i.status()));
        }
        if (!p.id().equals(i.purchaseId()) || !p.userId().equals(i.userId())) {
            out.add(new ProviderMismatch(Kind.IDS_DISAGREE, p.userId(), p.id(), i.id(), p.id() + " / " + p.userId(),
                    i.purchaseId() + " / " + i.userId(), "the PaymentIntent's metadata (purchaseId / userId) names "
                    + i.purchaseId() + " / " + i.userId()));
        }
        Optional<Long> price = StripeAmounts.minor(p.priceAmount(), p.currency());
        String ourPrice = p.priceAmount().toPlainString() + " " + p.currency().trim();
        if (price.isEmpty() || price.get() != i.amount() || !StripeAmounts.sameCurrency(p.currency(), i.currency())) {
            out.add(new ProviderMismatch(Kind.AMOUNT_MISMATCH, p.userId(), p.id(), i.id(), ourPrice,
                    StripeAmounts.display(i.amount(), i.currency()), "Stripe's amount is " + i.amount() + " "
                    + i.currency() + (price.isEmpty() ? ", our price " + ourPrice + " has no such amount"
                    : ", our price is " + price.get() + " in minor units")));
        }
        // Without a succeeded payment there is no charge to refund; the payment difference above says it all.
        Optional<Long> refunded = StripeAmounts.minor(p.refunded(), p.currency());
        if (succeeded && (refunded.isEmpty() || refunded.get() != i.amountRefunded())) {
            out.add(new ProviderMismatch(Kind.REFUND_MISMATCH, p.userId(), p.id(), i.id(),
                    p.refunded().toPlainString() + " " + p.currency().trim() + refundList(p.refundIds()),
                    StripeAmounts.display(i.amountRefunded(), i.currency()) + refundList(i.refundIds()),
                    "refunded here " + p.refunded().toPlainString() + " " + p.currency().trim() + ", at Stripe "
                    + StripeAmounts.display(i.amountRefunded(), i.currency())));
        }
    }

    private static void subscriptions(Snapshot s, List<ProviderMismatch> out) {
        Map<String, ProviderSubscription> theirs = new HashMap<>();
        s.providerSubscriptions().forEach(x -> theirs.put(x.id(), x));
        Map<String, Subscription> ours = new HashMap<>();
        s.subscriptions().forEach(x -> ours.put(x.id(), x));

        for (Subscription sub : s.subscriptions()) {
            ProviderSubscription ps = sub.providerSubscriptionId() == null ? null : theirs.get(sub.providerSubscriptionId());
            if (ps == null) {
                // INCOMPLETE: created here just before Stripe was asked, never paid, no access; nothing to compare
                if (sub.providerSubscriptionId() != null || !"INCOMPLETE".equals(sub.status())) {
                    out.add(new ProviderMismatch(Kind.PROVIDER_OBJECT_MISSING, sub.userId(), sub.id(),
                            sub.providerSubscriptionId(), sub.status(), "missing", sub.providerSubscriptionId() == null
                            ? "subscription is " + sub.status() + " but names no Stripe subscription"
                            : "subscription " + sub.providerSubscriptionId() + " does not exist at Stripe"));
                }
                continue;
            }
            compareSubscription(sub, ps, out);
        }
        Set<String> named = new HashSet<>();
        s.subscriptions().forEach(sub -> named.add(sub.providerSubscriptionId()));
        for (ProviderSubscription ps : s.providerSubscriptions()) {
            if (ps.subscriptionId() == null || named.contains(ps.id())) {
                continue; // a subscription of ours names it: judged above, metadata included
            }
            Subscription sub = ours.get(ps.subscriptionId());
            if (sub == null) {
                out.add(new ProviderMismatch(Kind.SUBSCRIPTION_MISSING, ps.userId(), ps.subscriptionId(), ps.id(),
                        "missing", describe(ps), "Stripe subscription carries subscription id " + ps.subscriptionId()
                        + ", which does not exist here"));
            } else {
                out.add(new ProviderMismatch(Kind.IDS_DISAGREE, sub.userId(), sub.id(), ps.id(),
                        sub.providerSubscriptionId(), describe(ps), "Stripe subscription " + ps.id()
                        + " carries this subscription's id, but the subscription names " + sub.providerSubscriptionId()));
            }
        }
    }

    private static void compareSubscription(Subscription sub, ProviderSubscription ps, List<ProviderMismatch> out) {
        if (!sub.id().equals(ps.subscriptionId()) || (ps.userId() != null && !sub.userId().equals(ps.userId()))) {
            out.add(new ProviderMismatch(Kind.IDS_DISAGREE, sub.userId(), sub.id(), ps.id(), sub.id() + " / " + sub.userId(),
                    ps.subscriptionId() + " / " + ps.userId(), "the Stripe subscription's metadata (subscriptionId / userId) names "
                    + ps.subscriptionId() + " / " + ps.userId()));
        }
        Set<String> expected = expectedStatuses(ps.status(), ps.cancelAtPeriodEnd());
        if (!expected.contains(sub.status())) {
            boolean onlyCancelFlag = expectedStatuses(ps.status(), !ps.cancelAtPeriodEnd()).contains(sub.status());
            out.add(new ProviderMismatch(onlyCancelFlag ? Kind.CANCEL_AT_PERIOD_END : Kind.SUBSCRIPTION_STATUS,
                    sub.userId(), sub.id(), ps.id(), sub.status(), describe(ps), onlyCancelFlag
                    ? (ps.cancelAtPeriodEnd() ? "Stripe cancels at the period end, we do not (" + sub.status() + ")"
                    : "we cancel at the period end (CANCELLED), Stripe does not")
                    : "Stripe's " + describe(ps) + " means " + (expected.isEmpty() ? "no status we know"
                    : String.join(" or ", expected.stream().sorted().toList())) + " here, not " + sub.status()));
        }
        boolean refundedThere = ps.amountRefunded() > 0;
        boolean refundedHere = !sub.refundIds().isEmpty();
        if (refundedThere != refundedHere) {
            out.add(new ProviderMismatch(Kind.REFUND_MISMATCH, sub.userId(), sub.id(), ps.id(),
                    refundedHere ? "refunded" + refundList(sub.refundIds()) : "not refunded",
                    refundedThere ? "refunded " + ps.amountRefunded() + refundList(ps.refundIds()) : "not refunded",
                    refundedHere ? "refunded here, but Stripe refunded none of its charges"
                            : "Stripe refunded its charges, no refund is recorded here"));
        }
    }

    /**
     * Our statuses that agree with a Stripe subscription status. CANCELLED is ours for "live until the period end,
     * then over", which Stripe says as trialing/active with {@code cancel_at_period_end}.
     */
    static Set<String> expectedStatuses(String stripeStatus, boolean cancelAtPeriodEnd) {
        return switch (Objects.requireNonNullElse(stripeStatus, "")) {
            case "trialing" -> Set.of(cancelAtPeriodEnd ? "CANCELLED" : "TRIALING");
            case "active" -> Set.of(cancelAtPeriodEnd ? "CANCELLED" : "ACTIVE");
            case "past_due", "unpaid" -> Set.of("PAST_DUE");
            case "canceled", "incomplete_expired" -> Set.of("EXPIRED", "REFUNDED");
            case "incomplete" -> Set.of("INCOMPLETE");
            // paused and anything newer: we never create such subscriptions, so any status of ours disagrees
            default -> Set.of();
        };
    }

    private static String describe(ProviderSubscription ps) {
        return ps.status() + (ps.cancelAtPeriodEnd() ? " (cancel_at_period_end)" : "");
    }

    private static String refundList(List<String> ids) {
        return ids.isEmpty() ? "" : " " + ids;
    }
}
