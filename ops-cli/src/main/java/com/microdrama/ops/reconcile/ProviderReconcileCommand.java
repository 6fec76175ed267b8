package com.microdrama.ops.reconcile;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microdrama.ops.ExitCodes;
import com.microdrama.ops.OpsException;
import com.microdrama.ops.kafka.RangeOptions;
import com.microdrama.ops.kafka.RecordJson;
import com.microdrama.ops.rebuild.RebuildRefusals;
import com.microdrama.ops.reconcile.ProviderRows.Intent;
import com.microdrama.ops.reconcile.ProviderRows.ProviderSubscription;
import com.microdrama.ops.reconcile.ProviderRows.Purchase;
import com.microdrama.ops.reconcile.ProviderRows.Snapshot;
import com.microdrama.ops.reconcile.ProviderRows.Subscription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;

@Command(name = "reconcile-provider", description = {
        "Compare payment-service's purchases, subscriptions and refunds with the payment provider's view (Stripe, read "
                + "through its API; the payments DB read-only) and report every difference with both sides' ids. "
                + "Exit code 0 when they agree, 3 when they differ.",
        "The Stripe key comes from env STRIPE_API_KEY or --stripe-api-key-file, never from the command line."})
public class ProviderReconcileCommand implements Callable<Integer> {

    /** The providers this command can read; the value is payment-service's {@code provider} column. */
    public enum Provider {
        stripe
    }

    @Spec
    CommandSpec spec;

    @Mixin
    DbOptions db;

    @Option(names = "--provider", paramLabel = "PROVIDER", defaultValue = "stripe",
            description = "Payment provider to compare with: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    Provider provider;

    @Option(names = "--since", paramLabel = "INSTANT",
            description = "Only purchases, subscriptions and provider objects created at or after this ISO-8601 instant "
                    + "(or date); their partners on the other side are looked up whatever their age")
    String since;

    @Option(names = "--user", split = ",", paramLabel = "USER_ID",
            description = "Only these users (repeatable): our rows by user_id, provider objects by metadata userId or by "
                    + "the row they belong to")
    List<String> users = new ArrayList<>();

    @Option(names = "--json", description = "Print a JSON summary instead of the table")
    boolean json;

    @Option(names = "--stripe-api-key-file", paramLabel = "FILE",
            description = "File holding the Stripe secret (or restricted read) key; default: env STRIPE_API_KEY")
    Path stripeKeyFile;

    @Option(names = "--stripe-api-base", paramLabel = "URL", defaultValue = "${env:STRIPE_API_BASE:-https://api.stripe.com}",
            description = "Stripe's API base (default: env STRIPE_API_BASE or ${DEFAULT-VALUE}; locally the emulator, "
                    + "http://127.0.0.1:12111)")
    String stripeApiBase;

    @Override
    public Integer call() {
        Instant from = RangeOptions.parseTime(since, "--since");
        String apiBase = RebuildRefusals.baseUrl(stripeApiBase).map(Object::toString).orElseThrow(() -> OpsException.usage(
                "--stripe-api-base '" + stripeApiBase + "' is not an http(s) URL (e.g. https://api.stripe.com)"));
        StripeView stripe = new StripeView(stripeKey(), apiBase, from);
        // Stripe first, then our tables: a payment Stripe completes meanwhile is then already in the Stripe list and
        // usually recorded here too, rather than recorded here but missing from an older Stripe list.
        stripe.load();
        Snapshot snapshot;
        try (Connection payments = db.payments()) {
            snapshot = snapshot(new ProviderRowsLoader(payments, provider.name()), stripe, from);
            payments.rollback();
        } catch (SQLException e) {
            throw OpsException.failure("reading the payments database failed: " + e.getMessage(), e);
        }
        List<ProviderMismatch> mismatches = ProviderReconciler.find(snapshot);
        print(spec.commandLine().getOut(), snapshot, mismatches, from);
        return mismatches.isEmpty() ? ExitCodes.OK : ExitCodes.MISMATCHES;
    }

    private Snapshot snapshot(ProviderRowsLoader loader, StripeView stripe, Instant from) throws SQLException {
        Map<String, Purchase> purchases = byId(loader.purchases(from, users), Purchase::id);
        Map<String, Subscription> subscriptions = byId(loader.subscriptions(from, users), Subscription::id);
        // the rows the provider's objects in scope belong to, however old they are
        Set<String> wantedPurchases = new HashSet<>();
        stripe.intents().stream().filter(i -> inScope(i.userId(), i.purchaseId(), purchases.keySet()))
                .forEach(i -> wantedPurchases.add(i.purchaseId()));
        wantedPurchases.removeAll(purchases.keySet());
        loader.purchasesById(wantedPurchases).forEach(p -> purchases.put(p.id(), p));
        Set<String> wantedSubscriptions = new HashSet<>();
        stripe.subscriptions().stream().filter(s -> inScope(s.userId(), s.subscriptionId(), subscriptions.keySet()))
                .forEach(s -> wantedSubscriptions.add(s.subscriptionId()));
        wantedSubscriptions.removeAll(subscriptions.keySet());
        loader.subscriptionsById(wantedSubscriptions).forEach(s -> subscriptions.put(s.id(), s));
        // the provider's objects our rows name, however old they are
        stripe.retrieveIntents(purchases.values().stream().map(Purchase::providerPaymentId).filter(Objects::nonNull).toList());
        stripe.retrieveSubscriptions(subscriptions.values().stream().map(Subscription::providerSubscriptionId)
                .filter(Objects::nonNull).toList());

        Set<String> namedPayments = new HashSet<>();
        purchases.values().forEach(p -> namedPayments.add(p.providerPaymentId()));
        Set<String> namedSubscriptions = new HashSet<>();
        subscriptions.values().forEach(s -> namedSubscriptions.add(s.providerSubscriptionId()));
        List<Intent> intents = stripe.intents().stream().filter(i -> namedPayments.contains(i.id())
                || inScope(i.userId(), i.purchaseId(), purchases.keySet())).toList();
        List<ProviderSubscription> providerSubscriptions = stripe.subscriptions().stream()
                .filter(s -> namedSubscriptions.contains(s.id()) || inScope(s.userId(), s.subscriptionId(), subscriptions.keySet()))
                .toList();
        return new Snapshot(List.copyOf(purchases.values()), List.copyOf(subscriptions.values()), intents,
                providerSubscriptions);
    }

    /** A provider object is in scope without --user, or when it names one of the users or one of their rows. */
    private boolean inScope(String userId, String ourId, Set<String> ourIds) {
        return users.isEmpty() || users.contains(userId) || ourIds.contains(ourId);
    }

    private static <T> Map<String, T> byId(List<T> rows, Function<T, String> id) {
        Map<String, T> out = new LinkedHashMap<>();
        rows.forEach(r -> out.put(id.apply(r), r));
        return out;
    }

    private String stripeKey() {
        String key;
        if (stripeKeyFile != null) {
            try {
                key = Files.readString(stripeKeyFile).strip();
            } catch (IOException e) {
                throw OpsException.usage("--stripe-api-key-file: cannot read " + stripeKeyFile + " (" + e.getMessage() + ")");
            }
        } else {
            key = System.getenv("STRIPE_API_KEY");
        }
        if (key == null || key.isBlank()) {
            throw OpsException.usage("no Stripe API key: set env STRIPE_API_KEY or pass --stripe-api-key-file FILE");
        }
        return key;
    }

    private void print(PrintWriter out, Snapshot s, List<ProviderMismatch> mismatches, Instant from) {
        Map<String, Long> perKind = MismatchReport.perKind(mismatches, ProviderMismatch::kind);
        if (json) {
            ObjectNode n = RecordJson.MAPPER.createObjectNode();
            n.put("provider", provider.name());
            n.put("since", from == null ? null : from.toString());
            n.put("clean", mismatches.isEmpty());
            ObjectNode scanned = n.putObject("scanned");
            scanned.put("purchases", s.purchases().size());
            scanned.put("subscriptions", s.subscriptions().size());
            scanned.put("providerPayments", s.intents().size());
            scanned.put("providerSubscriptions", s.providerSubscriptions().size());
            MismatchReport.put(n, perKind, mismatches);
            out.println(RecordJson.write(n));
        } else {
            out.printf("reconcile-provider %s%s: %d purchases, %d subscriptions here; %d payments, %d subscriptions at %s: "
                            + "%d difference(s)%n", provider, from == null ? "" : " since " + from, s.purchases().size(),
                    s.subscriptions().size(), s.intents().size(), s.providerSubscriptions().size(), provider,
                    mismatches.size());
            if (!mismatches.isEmpty()) {
                String row = "%-24s %-38s %-38s %-28s %-24s %-28s %s%n";
                out.printf(row, "KIND", "USER", "OUR ID", "PROVIDER ID", "OURS", "PROVIDER", "DETAIL");
                for (ProviderMismatch m : mismatches) {
                    out.printf(row, m.kind(), dash(m.userId()), dash(m.ourId()), dash(m.providerId()), m.ours(),
                            m.provider(), m.detail());
                }
                perKind.forEach((k, c) -> out.printf("  %-24s %d%n", k, c));
            }
        }
        out.flush();
    }

    private static String dash(String s) {
        return s == null ? "-" : s;
    }
}
