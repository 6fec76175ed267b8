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
import com.microdrama.ops.reconcile.StoreRows.ProductState;
import com.microdrama.ops.reconcile.StoreRows.StorePack;
import com.microdrama.ops.reconcile.StoreRows.StoreSub;
import com.microdrama.ops.reconcile.StoreRows.SubscriptionState;
import com.microdrama.ops.reconcile.StoreRows.Voided;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
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
        "Compare payment-service's purchases, subscriptions and refunds with the payment provider's view (Stripe or "
                + "Google Play, read through their APIs; the payments DB read-only) and report every difference with "
                + "both sides' ids. Exit code 0 when they agree, 3 when they differ.",
        "The Stripe key comes from env STRIPE_API_KEY or --stripe-api-key-file, Google Play's service account key from "
                + "a file (--play-service-account-key-file or env PLAY_SERVICE_ACCOUNT_KEY_FILE), never from the command line.",
        "--provider play reads back a COMPLETED coin pack by the purchase token payment-service keeps with it "
                + "(store_transaction.purchase_token); one recorded without a token is counted as unchecked and named in a note.",
        "--provider app-store reads no Apple server: the App Store Server API is not emulated locally, so there is no "
                + "list to compare with. It only checks that every App Store transaction revoked on our record has its "
                + "refund here."})
public class ProviderReconcileCommand implements Callable<Integer> {

    /** The providers this command can read; {@code column} is payment-service's {@code provider} value. */
    public enum Provider {
        STRIPE("stripe"), PLAY("play"), APP_STORE("app-store");

        final String column;

        Provider(String column) {
            this.column = column;
        }

        @Override
        public String toString() {
            return column;
        }
    }

    /** Providers are named as payment-service's provider column names them ({@code app-store}, not APP_STORE). */
    static final class ProviderConverter implements ITypeConverter<Provider> {
        @Override
        public Provider convert(String value) {
            for (Provider p : Provider.values()) {
                if (p.column.equalsIgnoreCase(value)) {
                    return p;
                }
            }
            throw new TypeConversionException("'" + value + "' is not a provider: stripe, play or app-store");
        }
    }

    /**
     * What one provider's check found: the counts of what was compared on each side ({@code here} and {@code there}
     * name them for the table), the differences, and what could not be compared.
     */
    record Outcome(Map<String, Integer> scanned, String here, String there, List<ProviderMismatch> mismatches,
                   List<String> notes) {
    }

    @Spec
    CommandSpec spec;

    @Mixin
    DbOptions db;

    @Option(names = "--provider", paramLabel = "PROVIDER", defaultValue = "stripe", converter = ProviderConverter.class,
            description = "Payment provider to compare with: stripe, play or app-store (default: ${DEFAULT-VALUE})")
    Provider provider;

    @Option(names = "--since", paramLabel = "INSTANT",
            description = "Only purchases, subscriptions and provider objects created at or after this ISO-8601 instant "
                    + "(or date), Google Play purchases voided since then; their partners on the other side are looked "
                    + "up whatever their age")
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

    @Option(names = "--play-package-name", paramLabel = "PACKAGE", defaultValue = "${env:PLAY_PACKAGE_NAME}",
            description = "The Android app's package name (default: env PLAY_PACKAGE_NAME)")
    String playPackageName;

    @Option(names = "--play-service-account-key-file", paramLabel = "FILE", defaultValue = "${env:PLAY_SERVICE_ACCOUNT_KEY_FILE}",
            description = "The service account's JSON key file, with Play Console access to orders and subscriptions "
                    + "(default: env PLAY_SERVICE_ACCOUNT_KEY_FILE)")
    Path playKeyFile;

    @Option(names = "--play-api-root", paramLabel = "URL",
            defaultValue = "${env:PLAY_API_ROOT:-https://androidpublisher.googleapis.com/}",
            description = "Google Play Developer API root (default: env PLAY_API_ROOT or ${DEFAULT-VALUE}; locally the "
                    + "store emulator, http://127.0.0.1:12112/)")
    String playApiRoot;

    @Override
    public Integer call() {
        Instant from = RangeOptions.parseTime(since, "--since");
        Outcome outcome = switch (provider) {
            case STRIPE -> stripe(from);
            case PLAY -> play(from);
            case APP_STORE -> appStore(from);
        };
        print(spec.commandLine().getOut(), outcome, from);
        return outcome.mismatches().isEmpty() ? ExitCodes.OK : ExitCodes.MISMATCHES;
    }

    private Outcome stripe(Instant from) {
        String apiBase = RebuildRefusals.baseUrl(stripeApiBase).map(Object::toString).orElseThrow(() -> OpsException.usage(
                "--stripe-api-base '" + stripeApiBase + "' is not an http(s) URL (e.g. https://api.stripe.com)"));
        StripeView stripe = new StripeView(stripeKey(), apiBase, from);
        // Stripe first, then our tables: a payment Stripe completes meanwhile is then already in the Stripe list and
        // usually recorded here too, rather than recorded here but missing from an older Stripe list.
        stripe.load();
        Snapshot snapshot;
        try (Connection payments = db.payments()) {
            snapshot = snapshot(new ProviderRowsLoader(payments, provider.column), stripe, from);
            payments.rollback();
        } catch (SQLException e) {
            throw dbFailure(e);
        }
        return new Outcome(scanned(snapshot.purchases().size(), snapshot.subscriptions().size(), snapshot.intents().size(),
                snapshot.providerSubscriptions().size()), snapshot.purchases().size() + " purchases, " + snapshot.subscriptions().size()
                + " subscriptions here", snapshot.intents().size() + " payments, " + snapshot.providerSubscriptions().size()
                + " subscriptions at " + provider, ProviderReconciler.find(snapshot), List.of());
    }

    /**
     * Google Play: the voided purchases first (like Stripe's lists, so what Google voids meanwhile is more likely
     * refunded here already than missing from an older list), then our rows with the partners of those voids, then
     * each of our tokens read back from Google.
     */
    private Outcome play(Instant from) {
        if (playPackageName == null || playPackageName.isBlank()) {
            throw OpsException.usage("no Google Play package: set env PLAY_PACKAGE_NAME or pass --play-package-name");
        }
        if (playKeyFile == null) {
            throw OpsException.usage("no Google Play service account key: set env PLAY_SERVICE_ACCOUNT_KEY_FILE or pass "
                    + "--play-service-account-key-file FILE");
        }
        String apiRoot = RebuildRefusals.baseUrl(playApiRoot).map(u -> u.toString().endsWith("/") ? u.toString()
                : u + "/").orElseThrow(() -> OpsException.usage("--play-api-root '" + playApiRoot
                + "' is not an http(s) URL (e.g. https://androidpublisher.googleapis.com/)"));
        PlayView play = new PlayView(playPackageName, playKeyFile, apiRoot);
        List<Voided> voided = play.voided(from);

        Map<String, StorePack> packs;
        Map<String, StoreSub> subs;
        try (Connection payments = db.payments()) {
            ProviderRowsLoader loader = new ProviderRowsLoader(payments, provider.column);
            packs = byId(loader.storePacks(from, users), StorePack::id);
            subs = byId(loader.storeSubscriptions(from, users), StoreSub::token);
            // the rows Google's voids belong to, however old they are (and whoever's: --user is applied below)
            loader.storePacksByOrder(voided.stream().map(Voided::orderId).filter(Objects::nonNull).toList())
                    .forEach(p -> packs.putIfAbsent(p.id(), p));
            loader.storeSubscriptionsByToken(voided.stream().map(Voided::purchaseToken).filter(Objects::nonNull).toList())
                    .forEach(x -> subs.putIfAbsent(x.token(), x));
            payments.rollback();
        } catch (SQLException e) {
            throw dbFailure(e);
        }
        if (!users.isEmpty()) {
            packs.values().removeIf(p -> !users.contains(p.userId()));
            subs.values().removeIf(x -> !users.contains(x.userId()));
            // a void is a user's when it is one of their rows; Google's list names no user
            Set<String> orders = new HashSet<>();
            packs.values().forEach(p -> orders.add(p.orderId()));
            voided = voided.stream().filter(v -> orders.contains(v.orderId()) || subs.containsKey(v.purchaseToken())).toList();
        }
        Set<String> voidedOrders = new HashSet<>();
        voided.forEach(v -> voidedOrders.add(v.orderId()));
        Map<String, ProductState> products = new LinkedHashMap<>();
        int unchecked = 0;
        for (StorePack p : packs.values()) {
            if (!"COMPLETED".equals(p.status()) || voidedOrders.contains(p.orderId())) {
                continue;
            }
            if (p.purchaseToken() == null || p.productId() == null) {
                unchecked++;
            } else {
                products.put(p.purchaseToken(), play.product(p.productId(), p.purchaseToken()));
            }
        }
        Map<String, SubscriptionState> states = new LinkedHashMap<>();
        subs.keySet().forEach(token -> states.put(token, play.subscription(token)));

        StoreRows.Snapshot snapshot = new StoreRows.Snapshot(List.copyOf(packs.values()), List.copyOf(subs.values()),
                voided, products, states, List.of(), Instant.now());
        Map<String, Integer> scanned = scanned(packs.size(), subs.size(), products.size(), states.size());
        scanned.put("voidedPurchases", voided.size());
        scanned.put("uncheckedPurchases", unchecked);
        List<String> notes = unchecked == 0 ? List.of() : List.of(unchecked + " COMPLETED pack purchase(s) not read back "
                + "from Google Play: their store transactions carry no purchase token (store_transaction.purchase_token), "
                + "and purchases.products.get needs one");
        return new Outcome(scanned, packs.size() + " purchases, " + subs.size() + " store subscriptions here",
                products.size() + " purchases, " + states.size() + " subscriptions, " + voided.size()
                        + " voided purchases at " + provider, StoreReconciler.find(snapshot), notes);
    }

    /** The App Store Server API is not read (nothing emulates it): only our own record is checked against itself. */
    private Outcome appStore(Instant from) {
        List<StoreRows.RevokedCharge> revoked;
        try (Connection payments = db.payments()) {
            revoked = new ProviderRowsLoader(payments, provider.column).revokedCharges(from, users);
            payments.rollback();
        } catch (SQLException e) {
            throw dbFailure(e);
        }
        StoreRows.Snapshot snapshot = new StoreRows.Snapshot(List.of(), List.of(), List.of(), Map.of(), Map.of(), revoked,
                Instant.now());
        Map<String, Integer> scanned = new LinkedHashMap<>();
        scanned.put("revokedTransactions", revoked.size());
        return new Outcome(scanned, revoked.size() + " revoked transactions here", "nothing read at " + provider,
                StoreReconciler.find(snapshot), List.of("the App Store Server API is not read: only transactions revoked "
                + "on our record are checked against our refunds"));
    }

    /** The counts every provider reports alike: our rows compared, and the provider's objects they were compared with. */
    private static Map<String, Integer> scanned(int purchases, int subscriptions, int providerPayments,
                                                int providerSubscriptions) {
        Map<String, Integer> scanned = new LinkedHashMap<>();
        scanned.put("purchases", purchases);
        scanned.put("subscriptions", subscriptions);
        scanned.put("providerPayments", providerPayments);
        scanned.put("providerSubscriptions", providerSubscriptions);
        return scanned;
    }

    private static OpsException dbFailure(SQLException e) {
        return OpsException.failure("reading the payments database failed: " + e.getMessage(), e);
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

    private void print(PrintWriter out, Outcome o, Instant from) {
        List<ProviderMismatch> mismatches = o.mismatches();
        Map<String, Long> perKind = MismatchReport.perKind(mismatches, ProviderMismatch::kind);
        if (json) {
            ObjectNode n = RecordJson.MAPPER.createObjectNode();
            n.put("provider", provider.column);
            n.put("since", from == null ? null : from.toString());
            n.put("clean", mismatches.isEmpty());
            ObjectNode scanned = n.putObject("scanned");
            o.scanned().forEach(scanned::put);
            if (!o.notes().isEmpty()) {
                o.notes().forEach(n.putArray("notes")::add);
            }
            MismatchReport.put(n, perKind, mismatches);
            out.println(RecordJson.write(n));
        } else {
            out.printf("reconcile-provider %s%s: %s; %s: %d difference(s)%n", provider, from == null ? "" : " since " + from,
                    o.here(), o.there(), mismatches.size());
            o.notes().forEach(note -> out.println("note: " + note));
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
