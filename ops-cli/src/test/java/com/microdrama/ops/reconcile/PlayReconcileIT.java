package com.microdrama.ops.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microdrama.ops.Cli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * reconcile-provider --provider play against the local platform's store emulator (Google's endpoints, read through
 * Google's own client with a service-account key the emulator issued) and a private schema in {@code payments_test}:
 * purchases are made and voided, subscriptions expired, cancelled and voided at the emulator, our rows written to
 * agree or not, and exactly the differences put in are reported until our rows are set right. The package name is
 * this run's own, so other tests' purchases never show.
 */
class PlayReconcileIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String SUFFIX = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private static final String PACKAGE = "com.microdrama.opsit.p" + SUFFIX;
    private static final String COINS = "coins_500";
    private static final String VIP = "vip_weekly";
    private static final String USER = "ops-it-play-" + SUFFIX;
    private static final Instant SINCE = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(2);

    private static final UUID PACK_OK = UUID.randomUUID();
    private static final UUID PACK_VOIDED = UUID.randomUUID();
    private static final UUID PACK_VOIDED_REFUNDED = UUID.randomUUID();
    private static final UUID PACK_GHOST = UUID.randomUUID();
    private static final UUID PACK_NO_TOKEN = UUID.randomUUID();
    private static final UUID SUB_OK = UUID.randomUUID();
    private static final UUID SUB_ENDED_HERE = UUID.randomUUID();
    private static final UUID SUB_EXPIRED_THERE = UUID.randomUUID();
    private static final UUID SUB_VOIDED = UUID.randomUUID();
    private static final UUID SUB_VOIDED_REFUNDED = UUID.randomUUID();
    private static final UUID SUB_CANCELED = UUID.randomUUID();

    private static ScratchSchemas payments;
    private static Path keyFile;
    private static final List<String> EXPECTED = new ArrayList<>();
    private static String unknownVoidedOrder;
    private static String voidedPackOrder;

    @BeforeAll
    static void putDifferencesIn() throws Exception {
        payments = new ScratchSchemas("payments_test", "payment-service");
        keyFile = Files.createTempFile("ops-it-play-key", ".json");
        Files.writeString(keyFile, emulator("POST", "/_emulator/play/service-accounts", Map.of()).toString());
        emulator("PUT", "/_emulator/play/apps/" + PACKAGE, Map.of());
        emulator("PUT", "/_emulator/play/apps/" + PACKAGE + "/products/" + COINS, Map.of("type", "inapp",
                "defaultPrice", Map.of("priceMicros", "4990000", "currency", "USD")));
        emulator("PUT", "/_emulator/play/apps/" + PACKAGE + "/products/" + VIP, Map.of("type", "subs",
                "defaultPrice", Map.of("priceMicros", "19990000", "currency", "USD"), "basePlanId", "weekly", "period", "P7D"));

        // bought, completed here: agrees
        JsonNode ok = buy(COINS, USER);
        pack(PACK_OK, "COMPLETED", ok, true);
        // voided at Google, still COMPLETED with no refund here
        JsonNode voided = buy(COINS, USER);
        voidPurchase(voided);
        voidedPackOrder = voided.get("orderId").asText();
        pack(PACK_VOIDED, "COMPLETED", voided, true);
        EXPECTED.add("REFUND_MISMATCH " + PACK_VOIDED);
        // voided and refunded here: agrees
        JsonNode refunded = buy(COINS, USER);
        voidPurchase(refunded);
        pack(PACK_VOIDED_REFUNDED, "REFUNDED", refunded, true);
        refund("coin-pack", PACK_VOIDED_REFUNDED, USER);
        // voided at Google, never recorded here
        JsonNode unknown = buy(COINS, USER);
        voidPurchase(unknown);
        unknownVoidedOrder = unknown.get("orderId").asText();
        EXPECTED.add("PURCHASE_MISSING " + unknownVoidedOrder);
        // completed here with a token Google does not know
        pack(PACK_GHOST, "COMPLETED", JSON.createObjectNode().put("orderId", "GPA.3300-0000-0000-" + SUFFIX.substring(0, 5))
                .put("purchaseToken", "ops-it-unknown-token-" + SUFFIX), true);
        EXPECTED.add("PROVIDER_OBJECT_MISSING " + PACK_GHOST);
        // completed here, its store transaction without a token: noted, not judged
        pack(PACK_NO_TOKEN, "COMPLETED", buy(COINS, USER), false);

        // one open subscription per user and provider, so each subscription has a viewer of its own
        subscription(SUB_OK, "ACTIVE", buy(VIP, USER + "-s1"), USER + "-s1");
        // active at Google, ended here
        subscription(SUB_ENDED_HERE, "EXPIRED", buy(VIP, USER + "-s2"), USER + "-s2");
        EXPECTED.add("SUBSCRIPTION_STATUS " + SUB_ENDED_HERE);
        // expired at Google, still ACTIVE here
        JsonNode expired = buy(VIP, USER + "-s3");
        emulator("POST", "/_emulator/play/subscriptions/" + expired.get("purchaseToken").asText() + "/expire?deliver=false", null);
        subscription(SUB_EXPIRED_THERE, "ACTIVE", expired, USER + "-s3");
        EXPECTED.add("SUBSCRIPTION_STATUS " + SUB_EXPIRED_THERE);
        // its order voided at Google (access kept there until revoked), still ACTIVE and unrefunded here
        JsonNode subVoided = buy(VIP, USER + "-s4");
        voidPurchase(subVoided);
        subscription(SUB_VOIDED, "ACTIVE", subVoided, USER + "-s4");
        EXPECTED.add("REFUND_MISMATCH " + SUB_VOIDED);
        // voided at Google and refunded here, which ends access here at once: agrees
        JsonNode subRefunded = buy(VIP, USER + "-s5");
        voidPurchase(subRefunded);
        subscription(SUB_VOIDED_REFUNDED, "REFUNDED", subRefunded, USER + "-s5");
        refund("subscription", SUB_VOIDED_REFUNDED, USER + "-s5");
        // cancelled on both sides, access until the period end: agrees
        JsonNode canceled = buy(VIP, USER + "-s6");
        emulator("POST", "/_emulator/play/subscriptions/" + canceled.get("purchaseToken").asText() + "/cancel?deliver=false", null);
        subscription(SUB_CANCELED, "CANCELLED", canceled, USER + "-s6");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        payments.close();
        Files.deleteIfExists(keyFile);
    }

    private static String emulatorBase() {
        return System.getenv().getOrDefault("STORE_EMULATOR_URL", "http://127.0.0.1:12112");
    }

    /** A call to the emulator's control surface; fails the test unless it answers 2xx. */
    private static JsonNode emulator(String method, String path, Object body) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(emulatorBase() + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json");
        r.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        HttpResponse<String> response = HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() / 100 == 2, method + " " + path + ": " + response.statusCode() + " " + response.body());
        return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }

    /** A purchase as the app makes it, tagged with the buyer's id; no notification is pushed (no endpoint registered). */
    private static JsonNode buy(String product, String user) throws Exception {
        return emulator("POST", "/_emulator/play/apps/" + PACKAGE + "/purchases?deliver=false",
                Map.of("productId", product, "obfuscatedExternalAccountId", user, "regionCode", "US"));
    }

    private static void voidPurchase(JsonNode purchase) throws Exception {
        emulator("POST", "/_emulator/play/purchases/" + purchase.get("purchaseToken").asText() + "/void?deliver=false", Map.of());
    }

    /** A pack purchase and its store transaction as payment-service records them (with the token when {@code withToken}). */
    private static void pack(UUID id, String status, JsonNode purchase, boolean withToken) throws Exception {
        Timestamp now = Timestamp.from(Instant.now());
        String order = purchase.get("orderId").asText();
        payments.exec("insert into pack_purchase (id, user_id, pack_id, coins, bonus_coins, price_amount, currency, provider, "
                        + "provider_payment_id, status, created_at) values (?, ?, 'coins-500', 500, 50, ?, 'USD', 'play', ?, ?, ?)",
                id, USER, new BigDecimal("4.99"), order, status, now);
        payments.exec("insert into store_transaction (provider, transaction_id, user_id, product_id, kind, pack_purchase_id, "
                        + "price_amount, currency, environment, purchased_at, recorded_at, purchase_token) "
                        + "values ('play', ?, ?, ?, 'coin-pack', ?, 4.99, 'USD', 'test', ?, ?, ?)", order, USER, COINS, id, now, now,
                withToken ? purchase.get("purchaseToken").asText() : null);
    }

    /** Our subscription row and the store subscription naming it as current. */
    private static void subscription(UUID id, String status, JsonNode purchase, String user) throws Exception {
        Instant now = Instant.now();
        String token = purchase.get("purchaseToken").asText();
        payments.exec("insert into subscription (id, user_id, plan_id, status, provider, provider_subscription_id, started_at, "
                        + "current_period_start, current_period_end, created_at, updated_at) "
                        + "values (?, ?, 'vip-weekly', ?, 'play', ?, ?, ?, ?, ?, ?)", id, user, status, token,
                Timestamp.from(now), Timestamp.from(now), Timestamp.from(now.plus(7, ChronoUnit.DAYS)), Timestamp.from(now),
                Timestamp.from(now));
        payments.exec("insert into store_subscription (provider, store_subscription_id, user_id, product_id, plan_id, "
                        + "subscription_id, store_status, expires_at, auto_renew, state_at, created_at, updated_at) "
                        + "values ('play', ?, ?, ?, 'vip-weekly', ?, 'ACTIVE', ?, true, ?, ?, ?)", token, user, VIP, id,
                Timestamp.from(now.plus(7, ChronoUnit.DAYS)), Timestamp.from(now), Timestamp.from(now), Timestamp.from(now));
    }

    private static void refund(String kind, UUID target, String user) throws Exception {
        payments.exec("insert into refund (id, user_id, kind, target_id, reason, source, created_by, created_at) "
                        + "values (?, ?, ?, ?, 'refunded by Google Play', 'play', 'play', ?)", UUID.randomUUID(), user, kind,
                target.toString(), Timestamp.from(Instant.now()));
    }

    private static Cli.Result reconcile(String... extra) {
        List<String> args = new ArrayList<>(List.of("reconcile-provider", "--provider", "play",
                "--payments-db-url", payments.jdbcUrl(), "--play-package-name", PACKAGE,
                "--play-service-account-key-file", keyFile.toString(), "--play-api-root", emulatorBase() + "/",
                "--since", SINCE.toString()));
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(String[]::new));
    }

    private static Set<String> found(JsonNode report) {
        Set<String> found = new TreeSet<>();
        for (JsonNode m : report.get("mismatches")) {
            found.add(m.get("kind").asText() + " " + (m.get("ourId").isNull() ? m.get("providerId").asText()
                    : m.get("ourId").asText()));
        }
        return found;
    }

    @Test
    void reportsExactlyTheDifferencesPutInThenExitsZeroOnceOurRowsAgree() throws Exception {
        Cli.Result result = reconcile("--json");
        assertEquals(3, result.exitCode(), result.out() + result.err());
        JsonNode report = JSON.readTree(result.out());
        assertEquals("play", report.get("provider").asText());
        assertEquals(new TreeSet<>(EXPECTED), found(report), result.out());
        assertEquals(EXPECTED.size(), report.get("mismatchCount").asInt());
        JsonNode scanned = report.get("scanned");
        // four voids: two packs of ours, one unknown, two subscriptions
        assertEquals(5, scanned.get("voidedPurchases").asInt(), result.out());
        assertEquals(5, scanned.get("purchases").asInt(), result.out());
        assertEquals(6, scanned.get("subscriptions").asInt(), result.out());
        // read back: the agreeing pack and the ghost (voided ones are judged by their void, one has no token)
        assertEquals(2, scanned.get("providerPayments").asInt(), result.out());
        assertEquals(6, scanned.get("providerSubscriptions").asInt(), result.out());
        assertEquals(1, scanned.get("uncheckedPurchases").asInt(), result.out());
        for (JsonNode m : report.get("mismatches")) {
            if (m.get("ourId").asText().equals(PACK_VOIDED.toString())) {
                assertEquals(voidedPackOrder, m.get("providerId").asText());
                assertEquals(USER, m.get("userId").asText());
            }
            if (m.get("kind").asText().equals("PURCHASE_MISSING")) {
                assertNull(m.get("userId").textValue(), m.toString());
            }
        }

        Cli.Result table = reconcile();
        assertEquals(3, table.exitCode(), table.err());
        assertTrue(table.out().startsWith("reconcile-provider play since " + SINCE), table.out());
        assertTrue(table.out().contains("KIND") && table.out().contains(unknownVoidedOrder), table.out());
        assertTrue(table.out().contains("note: 1 COMPLETED pack purchase(s) not read back"), table.out());

        // --user: only that viewer's rows, and the voids of their rows (the unknown void names nobody)
        Cli.Result one = reconcile("--json", "--user", USER + "-s1");
        assertEquals(0, one.exitCode(), one.out() + one.err());
        assertEquals(1, JSON.readTree(one.out()).get("scanned").get("subscriptions").asInt(), one.out());
        assertEquals(0, JSON.readTree(one.out()).get("scanned").get("voidedPurchases").asInt(), one.out());

        // set our side right: now both agree
        payments.exec("update pack_purchase set status = 'REFUNDED' where id = ?", PACK_VOIDED);
        payments.exec("insert into pack_purchase (id, user_id, pack_id, coins, bonus_coins, price_amount, currency, provider, "
                        + "provider_payment_id, status, created_at) values (?, ?, 'coins-500', 500, 50, 4.99, 'USD', 'play', ?, "
                        + "'REFUNDED', ?)", UUID.randomUUID(), USER, unknownVoidedOrder, Timestamp.from(Instant.now()));
        payments.exec("update pack_purchase set status = 'FAILED' where id = ?", PACK_GHOST);
        payments.exec("update subscription set status = 'ACTIVE' where id = ?", SUB_ENDED_HERE);
        payments.exec("update subscription set status = 'EXPIRED' where id = ?", SUB_EXPIRED_THERE);
        payments.exec("update subscription set status = 'REFUNDED' where id = ?", SUB_VOIDED);

        Cli.Result clean = reconcile("--json");
        assertEquals(0, clean.exitCode(), clean.out() + clean.err());
        JsonNode cleanReport = JSON.readTree(clean.out());
        assertTrue(cleanReport.get("clean").asBoolean(), clean.out());
        assertFalse(cleanReport.get("notes").isEmpty(), clean.out());
    }

    @Test
    void missingSettingsAreUsageErrorsAndAnUnknownPackageAFailure() {
        Cli.Result noPackage = Cli.run("reconcile-provider", "--provider", "play", "--payments-db-url", payments.jdbcUrl(),
                "--play-service-account-key-file", keyFile.toString(), "--play-api-root", emulatorBase() + "/");
        assertEquals(2, noPackage.exitCode(), noPackage.err());
        assertTrue(noPackage.err().contains("no Google Play package"), noPackage.err());
        Cli.Result noKey = Cli.run("reconcile-provider", "--provider", "play", "--payments-db-url", payments.jdbcUrl(),
                "--play-package-name", PACKAGE, "--play-api-root", emulatorBase() + "/");
        assertEquals(2, noKey.exitCode(), noKey.err());
        assertTrue(noKey.err().contains("no Google Play service account key"), noKey.err());
        Cli.Result unknown = Cli.run("reconcile-provider", "--provider", "play", "--payments-db-url", payments.jdbcUrl(),
                "--play-package-name", PACKAGE + ".unknown", "--play-service-account-key-file", keyFile.toString(),
                "--play-api-root", emulatorBase() + "/");
        assertEquals(1, unknown.exitCode(), unknown.err());
        assertTrue(unknown.err().contains("404"), unknown.err());
    }

    @Test
    void appStoreChecksOnlyOurOwnRecordOfRevokedTransactions() throws Exception {
        String user = USER + "-apple";
        UUID refunded = UUID.randomUUID();
        UUID kept = UUID.randomUUID();
        Timestamp now = Timestamp.from(Instant.now());
        for (UUID id : List.of(refunded, kept)) {
            String transaction = "2000000" + Math.abs(id.getMostSignificantBits() % 1_000_000_000L);
            payments.exec("insert into pack_purchase (id, user_id, pack_id, coins, bonus_coins, price_amount, currency, "
                            + "provider, provider_payment_id, status, created_at) values (?, ?, 'coins-500', 500, 50, 4.99, 'USD', "
                            + "'app-store', ?, ?, ?)", id, user, transaction, id == refunded ? "REFUNDED" : "COMPLETED", now);
            payments.exec("insert into store_transaction (provider, transaction_id, user_id, product_id, kind, pack_purchase_id, "
                    + "purchased_at, revoked_at, recorded_at) values ('app-store', ?, ?, 'coins.500', 'coin-pack', ?, ?, ?, ?)",
                    transaction, user, id, now, now, now);
        }
        Cli.Result result = Cli.run("reconcile-provider", "--provider", "app-store", "--payments-db-url", payments.jdbcUrl(),
                "--user", user, "--json");
        assertEquals(3, result.exitCode(), result.out() + result.err());
        JsonNode report = JSON.readTree(result.out());
        assertEquals(Set.of("REFUND_MISMATCH " + kept), found(report), result.out());
        assertEquals(2, report.get("scanned").get("revokedTransactions").asInt(), result.out());
        assertTrue(report.get("notes").get(0).asText().contains("App Store Server API is not read"), result.out());
    }
}
