package com.microdrama.entitlement.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microdrama.events.EventEnvelope;
import com.microdrama.events.EventTypes;
import com.microdrama.events.Topics;
import com.microdrama.events.payload.CoinsPurchased;
import com.microdrama.events.payload.EpisodePurchased;
import com.microdrama.events.payload.Money;
import com.microdrama.events.payload.PurchaseRefunded;
import com.microdrama.events.payload.SeriesPurchased;
import com.microdrama.events.payload.SubscriptionChanged;
import com.microdrama.events.experiment.PaywallExperiment;
import com.microdrama.events.experiment.PaywallVariant;
import com.microdrama.testsupport.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The entitlement tables are a projection of the log: rebuilding them from catalog-events and payment-events (plus
 * the admin journal) must give the rows live consumption gave, and lose nothing consumed while it ran. The topics
 * are shared and persistent, so the rebuild reads everything ever written; the comparison is exact for this test's
 * users, and for the whole table but the rows that events written meanwhile (by other modules' tests) caused.
 */
@QuarkusTest
class RebuildIT {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] TOPICS = {Topics.CATALOG_EVENTS, Topics.PAYMENT_EVENTS};

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String series = "it-rb-series-" + run;
    private final List<String> episodes = List.of(ep(1), ep(2), ep(3), ep(4));
    private final String buyer = user("buyer");
    private final String early = user("early-refund");
    private final String vip = user("vip");
    private final String promo = user("promo");
    private final List<String> users = List.of(buyer, early, vip, promo);

    private String ep(int n) {
        return "it-rb-ep-" + run + "-" + n;
    }

    private String user(String role) {
        return "it-rb-" + role + "-" + run;
    }

    @Test
    void aRebuildFromTheLogReproducesTheLiveRowsAndLosesNothingConsumedMeanwhile() {
        publishCatalog();
        // Earlier tests delete rows behind the consumer's back; start from live = projection of the log.
        awaitSwapped(startRebuild());

        produceMixedHistory();
        adminActions();

        Map<String, Long> ends = awaitLiveCaughtUp();
        List<String> rowsBefore = businessRows();
        List<String> tableBefore = TestDb.rows(TABLE_ROWS);
        List<String> checksBefore = checks();

        String job = startRebuild();
        secondRebuildIsRefusedWhile(job);
        // Consumed live while the rebuild runs: the swap must not throw it away.
        String latecomer = user("latecomer");
        String lateUnlock = "unl-" + UUID.randomUUID();
        awaitPhaseAfterPreparing(job);
        TestKafka.payment(EventTypes.EPISODE_PURCHASED, latecomer,
                new EpisodePurchased(lateUnlock, latecomer, ep(2), series, 80, Instant.now()));
        boolean liveTookItDuringTheRebuild = awaitLiveOrSwapped(job, lateUnlock);
        JsonPath status = awaitSwapped(job);
        if (liveTookItDuringTheRebuild) {
            // Beyond the end offsets captured at start: the swap had to read it under the lock, unless the replay
            // itself already polled past those offsets (it keeps fetching finished partitions while others lag).
            assertTrue(status.getLong("catchUpRecords") >= 1
                    || status.getLong("recordsRead") > status.getLong("recordsToRead"), status.prettify());
        }

        assertEquals(rowsBefore, businessRows(), "this test's users have exactly the rows they had live");
        assertEquals(checksBefore, checks(), "and the checks answer as before");
        await().atMost(PATIENCE).until(() -> TestDb.count(
                "select count(*) from entitlement where source = ? and revoked_at is null", lateUnlock) == 1);
        assertProgressReported(status, ends);

        // The whole table: every row there was live is there again, and nothing else but what the events written
        // since the live positions were taken caused (the latecomer's, and those of other modules' tests that share
        // the topics while mvn builds two modules at once: docs/decisions/0038-two-modules-at-once.md).
        Set<String> writtenSince = eventIdsSince(ends);
        assertTrue(writtenSince.contains(TestDb.rows("select cause_event_id from entitlement where source = ?",
                lateUnlock).get(0)), "the latecomer's event is among those written since");
        assertEquals(withoutCausedBy(tableBefore, writtenSince), withoutCausedBy(TestDb.rows(TABLE_ROWS), writtenSince),
                "the whole table has the rows it had live, but for those caused by events written since");
    }

    /** Every entitlement row as "id cause-event-id" (the id is derived from the row's source, decision 0033). */
    private static final String TABLE_ROWS = "select id::text || ' ' || coalesce(cause_event_id, '') from entitlement"
            + " order by id";

    private static List<String> withoutCausedBy(List<String> rows, Set<String> eventIds) {
        return rows.stream().filter(r -> !eventIds.contains(r.substring(r.indexOf(' ') + 1))).toList();
    }

    /** The envelope ids of the records of both topics beyond {@code ends} ("topic-partition" → offset). */
    private static Set<String> eventIdsSince(Map<String, Long> ends) {
        Set<String> ids = new HashSet<>();
        for (String topic : TOPICS) {
            Map<Integer, Long> from = new HashMap<>();
            ends.forEach((tp, offset) -> {
                if (tp.substring(0, tp.lastIndexOf('-')).equals(topic)) {
                    from.put(Integer.parseInt(tp.substring(tp.lastIndexOf('-') + 1)), offset);
                }
            });
            for (ConsumerRecord<String, String> r : TopicReader.readUpToEnd(topic, from)) {
                try {
                    JsonNode id = JSON.readTree(r.value() == null ? "null" : r.value()).path("id");
                    if (id.isTextual()) {
                        ids.add(id.asText());
                    }
                } catch (IOException notJson) {
                    // another test's poison record: it causes nothing
                }
            }
        }
        return ids;
    }

    /**
     * A paywall experiment is in the series' own event, so the rebuild projects it like the series' other facts; the
     * exposures are in no log, and the rebuilt series must still send the checks to them, also for a series whose
     * experiment has stopped (docs/decisions/0036-paywall-experiments.md).
     */
    @Test
    void aRebuildKeepsTheRunningExperimentAndTheExposuresThatOutliveIt() {
        PaywallExperiment experiment = new PaywallExperiment("it-rb-exp-" + run, Instant.now(), List.of(
                new PaywallVariant("control", 50, null, null), new PaywallVariant("three-free", 50, 3, null)));
        String running = "it-rb-exp-running-" + run;
        String stopped = "it-rb-exp-stopped-" + run;
        String generous = IntStream.range(0, 10_000).mapToObj(i -> user("exp-" + i))
                .filter(u -> experiment.variantFor(u).name().equals("three-free")).findFirst().orElseThrow();
        String control = IntStream.range(0, 10_000).mapToObj(i -> user("exp-" + i))
                .filter(u -> experiment.variantFor(u).name().equals("control")).findFirst().orElseThrow();
        for (String s : List.of(running, stopped)) {
            TestKafka.series(s, 4, 1, experiment);
            for (int n = 1; n <= 4; n++) {
                TestKafka.episode(s + "-ep-" + n, s, n, n == 1);
            }
        }
        await().atMost(PATIENCE).until(() -> TestDb.count("select count(*) from catalog_series"
                + " where series_id in (?, ?) and experiment is not null", running, stopped) == 2
                && TestDb.count("select count(*) from catalog_episode where series_id in (?, ?)", running, stopped) == 8);
        for (String s : List.of(running, stopped)) {
            given().auth().oauth2(AdminTokens.ADMIN).queryParam("episodeId", s + "-ep-3")
                    .when().get("/api/entitlements/users/{userId}/check", generous)
                    .then().statusCode(200).body("allowed", equalTo(true)).body("reason", equalTo("free"));
        }
        assertEquals(2, TestDb.count("select count(*) from paywall_exposure where user_id = ?", generous));
        TestKafka.series(stopped, 4, 1, null);
        await().atMost(PATIENCE).until(() -> TestDb.count(
                "select count(*) from catalog_series where series_id = ? and experiment is null", stopped) == 1);
        awaitLiveCaughtUp();
        List<String> seriesBefore = TestDb.rows("select series_id, experiment::text, exposed from catalog_series"
                + " where series_id in (?, ?) order by series_id", running, stopped);
        List<String> answersBefore = experimentChecks(List.of(running, stopped), List.of(generous, control));
        assertTrue(answersBefore.contains(stopped + "-ep-3 " + generous + " true free"), answersBefore.toString());
        assertTrue(answersBefore.contains(stopped + "-ep-3 " + control + " false none"), answersBefore.toString());

        awaitSwapped(startRebuild());

        assertEquals(seriesBefore, TestDb.rows("select series_id, experiment::text, exposed from catalog_series"
                + " where series_id in (?, ?) order by series_id", running, stopped));
        assertEquals(answersBefore, experimentChecks(List.of(running, stopped), List.of(generous, control)));
        assertEquals(2, TestDb.count("select count(*) from paywall_exposure where user_id = ?", generous),
                "the rebuild neither drops nor adds exposures");
    }

    private static List<String> experimentChecks(List<String> seriesIds, List<String> userIds) {
        List<String> answers = new ArrayList<>();
        for (String s : seriesIds) {
            for (int n = 1; n <= 4; n++) {
                for (String u : userIds) {
                    JsonPath answer = given().auth().oauth2(AdminTokens.ADMIN).queryParam("episodeId", s + "-ep-" + n)
                            .when().get("/api/entitlements/users/{userId}/check", u)
                            .then().statusCode(200).extract().jsonPath();
                    answers.add(s + "-ep-" + n + " " + u + " " + answer.getBoolean("allowed") + " "
                            + answer.getString("reason"));
                }
            }
        }
        return answers;
    }

    @Test
    void anUnknownRebuildJobIsNotFound() {
        given().auth().oauth2(AdminTokens.SUPPORT).when().get("/api/entitlements/admin/rebuild/{id}", "no-such-job")
                .then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("https://microdrama.example/problems/unknown-rebuild-job"));
    }

    private static void secondRebuildIsRefusedWhile(String running) {
        var second = given().auth().oauth2(AdminTokens.ADMIN).when().post("/api/entitlements/admin/rebuild")
                .then().extract();
        if (second.statusCode() == 202) {
            // Only possible if the first had already finished; then let the second finish too.
            assertNotEquals("RUNNING", status(running).getString("state"));
            awaitSwapped(second.path("jobId"));
            return;
        }
        assertEquals(409, second.statusCode());
        assertEquals("https://microdrama.example/problems/rebuild-running", second.path("type"));
        assertEquals(running, second.path("jobId"));
    }

    private void publishCatalog() {
        TestKafka.series(series, 4, 1);
        for (int n = 1; n <= 4; n++) {
            TestKafka.episode(ep(n), series, n, n == 1);
        }
        await().atMost(PATIENCE).until(() ->
                TestDb.count("select count(*) from catalog_episode where series_id = ?", series) == 4);
    }

    /**
     * Purchases, duplicates (one polls after its first copy), refunds (one before its purchase), a series, VIP periods
     * (one refunded as a purchase before it began), ignored coin packs.
     */
    private void produceMixedHistory() {
        Instant now = Instant.now();
        String kept = "unl-" + UUID.randomUUID();
        EventEnvelope purchase = TestKafka.payment(EventTypes.EPISODE_PURCHASED, buyer,
                new EpisodePurchased(kept, buyer, ep(2), series, 80, now));
        TestKafka.send(Topics.PAYMENT_EVENTS, buyer, purchase.toJson());
        // a later poll than the first grant: the replay has to find that this unlock has a row already
        nextPoll(buyer, now);
        TestKafka.payment(EventTypes.EPISODE_PURCHASED, buyer, new EpisodePurchased(kept, buyer, ep(2), series, 80, now));
        nextPoll(buyer, now);
        TestKafka.send(Topics.PAYMENT_EVENTS, buyer, purchase.toJson());
        String refunded = "unl-" + UUID.randomUUID();
        TestKafka.payment(EventTypes.EPISODE_PURCHASED, buyer, new EpisodePurchased(refunded, buyer, ep(3), series, 80, now));
        TestKafka.payment(EventTypes.PURCHASE_REFUNDED, buyer,
                new PurchaseRefunded("ref-" + UUID.randomUUID(), buyer, refunded, "episode-unlock", "test", now));
        TestKafka.payment(EventTypes.COINS_PURCHASED, buyer, new CoinsPurchased("pur-" + UUID.randomUUID(), buyer,
                "pack-500", 500, 50, new Money("4.99", "USD"), "sandbox", now));

        String refundedFirst = "unl-" + UUID.randomUUID();
        TestKafka.payment(EventTypes.PURCHASE_REFUNDED, early,
                new PurchaseRefunded("ref-" + UUID.randomUUID(), early, refundedFirst, "episode-unlock", "test", now));
        TestKafka.payment(EventTypes.EPISODE_PURCHASED, early, new EpisodePurchased(refundedFirst, early, ep(4), series, 80, now));
        TestKafka.payment(EventTypes.SERIES_PURCHASED, early,
                new SeriesPurchased("unl-" + UUID.randomUUID(), early, series, 900, now));

        String sub = "sub-" + UUID.randomUUID();
        Instant from = now.minus(Duration.ofMinutes(5));
        TestKafka.payment(EventTypes.SUBSCRIPTION_ACTIVATED, vip, new SubscriptionChanged(sub, vip, "vip-weekly", "ACTIVE",
                from, now.plus(Duration.ofDays(7)), now));
        TestKafka.payment(EventTypes.SUBSCRIPTION_RENEWED, vip, new SubscriptionChanged(sub, vip, "vip-weekly", "ACTIVE",
                from, now.plus(Duration.ofDays(14)), now));
        String refundedSub = "sub-" + UUID.randomUUID();
        TestKafka.payment(EventTypes.SUBSCRIPTION_ACTIVATED, vip, new SubscriptionChanged(refundedSub, vip, "vip-monthly",
                "ACTIVE", from, now.plus(Duration.ofDays(30)), now));
        TestKafka.payment(EventTypes.SUBSCRIPTION_REFUNDED, vip, new SubscriptionChanged(refundedSub, vip, "vip-monthly",
                "REFUNDED", from, null, now));
        // A purchase refund naming a subscription, polls before the subscription's own events: the replay folds
        // subscriptions in memory and must start this one from the tombstone it already wrote.
        String mixed = "sub-" + UUID.randomUUID();
        TestKafka.payment(EventTypes.PURCHASE_REFUNDED, vip,
                new PurchaseRefunded("ref-" + UUID.randomUUID(), vip, mixed, "subscription", "test", now));
        nextPoll(vip, now);
        TestKafka.payment(EventTypes.SUBSCRIPTION_ACTIVATED, vip, new SubscriptionChanged(mixed, vip, "vip-weekly", "ACTIVE",
                from, now.plus(Duration.ofDays(7)), now));
        nextPoll(vip, now);
        TestKafka.payment(EventTypes.SUBSCRIPTION_RENEWED, vip, new SubscriptionChanged(mixed, vip, "vip-weekly", "ACTIVE",
                from, now.plus(Duration.ofDays(14)), now));

        String revokedByAdmin = "unl-" + UUID.randomUUID();
        TestKafka.payment(EventTypes.EPISODE_PURCHASED, promo,
                new EpisodePurchased(revokedByAdmin, promo, ep(3), series, 80, now));

        // Keyed by user: once each user's last record is applied, all of theirs are.
        await().atMost(PATIENCE).until(() -> TestDb.count(
                "select count(*) from entitlement where user_id in (?, ?, ?, ?)", buyer, early, vip, promo) == 8
                && TestDb.count("select count(*) from entitlement where source = ? and revoked_at is not null", mixed) == 1
                && TestDb.count("select count(*) from entitlement where source = ? and revoked_at is not null", refunded) == 1
                && TestDb.count("select count(*) from entitlement where source = ? and revoked_at is not null", refundedSub) == 1
                && TestDb.count("select count(*) from entitlement where source = ? and valid_until > now() + interval '13 days'", sub) == 1);
    }

    /**
     * Not in any Kafka log: grants and revocations must survive the rebuild from the admin journal, region promos by
     * being kept outside the rebuilt tables.
     */
    private void adminActions() {
        given().auth().oauth2(AdminTokens.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("seriesId", series, "regions", List.of("BR"), "reason", "rebuild test",
                        "validUntil", Instant.now().plus(Duration.ofDays(3)).toString()))
                .when().post("/api/entitlements/admin/promos").then().statusCode(201);
        given().auth().oauth2(AdminTokens.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("userId", promo, "kind", "series", "seriesId", series, "reason", "rebuild test",
                        "validUntil", Instant.now().plus(Duration.ofDays(3)).toString()))
                .when().post("/api/entitlements/admin/grants").then().statusCode(201);
        given().auth().oauth2(AdminTokens.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("userId", promo, "episodeId", ep(4), "adImpressionId", "imp-" + UUID.randomUUID()))
                .when().post("/api/entitlements/admin/ad-rewards").then().statusCode(201);
        String purchased = given().auth().oauth2(AdminTokens.ADMIN)
                .when().get("/api/entitlements/admin/users/{userId}/entitlements", promo)
                .then().statusCode(200).extract().path("items.find { it.kind == 'episode' }.id");
        given().auth().oauth2(AdminTokens.ADMIN).when().delete("/api/entitlements/admin/grants/{id}", purchased)
                .then().statusCode(204);
    }

    /** This test's users' entitlements and tombstones, every column but the time a consumer applied them. */
    private List<String> businessRows() {
        List<String> rows = new ArrayList<>(TestDb.rows("""
                select user_id, kind, episode_id, series_id, valid_from, valid_until, source, revoked_at,
                       revoke_event_id, cause_event_id, id
                from entitlement where user_id in (?, ?, ?, ?) order by source""", buyer, early, vip, promo));
        rows.addAll(TestDb.rows("""
                select source, user_id, revoked_at, revoke_event_id from revocation where user_id in (?, ?, ?, ?)
                order by source""", buyer, early, vip, promo));
        return rows;
    }

    /**
     * Ten records the ledger ignores (coin packs), keyed like the next one: a poll holds at most ten records (the
     * test profile's batch size), so whatever comes next for this user lands in a later poll of the replay.
     */
    private void nextPoll(String user, Instant now) {
        for (int i = 0; i < 10; i++) {
            TestKafka.payment(EventTypes.COINS_PURCHASED, user, new CoinsPurchased("pur-" + UUID.randomUUID(), user,
                    "pack-500", 500, 50, new Money("4.99", "USD"), "sandbox", now));
        }
    }

    private List<String> checks() {
        List<String> answers = new ArrayList<>();
        for (String u : users) {
            for (String e : episodes) {
                for (String region : new String[] {"US", "BR"}) {
                    JsonPath answer = given().auth().oauth2(AdminTokens.ADMIN).queryParam("episodeId", e)
                            .queryParam("region", region)
                            .when().get("/api/entitlements/users/{userId}/check", u)
                            .then().statusCode(200).extract().jsonPath();
                    answers.add(u + " " + e + " " + region + " " + answer.getBoolean("allowed") + " "
                            + answer.getString("reason") + " " + answer.getString("validUntil"));
                }
            }
        }
        assertTrue(answers.stream().anyMatch(a -> a.startsWith(promo) && a.contains(" US true promo ")),
                "the admin grants answer: " + answers);
        assertTrue(answers.stream().anyMatch(a -> a.startsWith(buyer) && a.contains(" BR true promo ")),
                "the region promo answers: " + answers);
        assertTrue(answers.stream().anyMatch(a -> a.contains(" vip ")), "the VIP period answers: " + answers);
        return answers;
    }

    /** Every partition's records are applied live (the tables carry the live consumers' positions). */
    private Map<String, Long> awaitLiveCaughtUp() {
        Map<String, Long> ends = TestKafka.endOffsets(TOPICS);
        await().atMost(PATIENCE).until(() -> ends.entrySet().stream().allMatch(e -> TestDb.count(
                "select count(*) from consumer_position where topic || '-' || partition = ? and next_offset >= ?",
                e.getKey(), e.getValue()) == 1 || e.getValue() == 0));
        return ends;
    }

    private static String startRebuild() {
        return given().auth().oauth2(AdminTokens.ADMIN).when().post("/api/entitlements/admin/rebuild")
                .then().statusCode(202)
                .header("Location", containsString("/api/entitlements/admin/rebuild/"))
                .body("state", equalTo("RUNNING"))
                .body("jobId", notNullValue())
                .extract().path("jobId");
    }

    private static JsonPath status(String job) {
        return given().auth().oauth2(AdminTokens.ADMIN).when().get("/api/entitlements/admin/rebuild/{id}", job)
                .then().statusCode(200).extract().jsonPath();
    }

    private static void awaitPhaseAfterPreparing(String job) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20))
                .until(() -> !"PREPARING".equals(status(job).getString("phase")));
    }

    /** True when live consumption applied the record while the job was still running. */
    private static boolean awaitLiveOrSwapped(String job, String source) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20)).until(() ->
                TestDb.count("select count(*) from entitlement where source = ?", source) == 1
                        || !"RUNNING".equals(status(job).getString("state")));
        return "RUNNING".equals(status(job).getString("state"));
    }

    private static JsonPath awaitSwapped(String job) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                .until(() -> !"RUNNING".equals(status(job).getString("state")));
        JsonPath status = status(job);
        assertEquals("SWAPPED", status.getString("state"), () -> "rebuild failed: " + status.prettify());
        return status;
    }

    private static void assertProgressReported(JsonPath status, Map<String, Long> endsBeforeStart) {
        assertEquals("DONE", status.getString("phase"));
        assertTrue(status.getLong("recordsRead") > 0);
        assertTrue(status.getDouble("eventsPerSecond") > 0);
        Map<String, Object> endOffsets = status.getMap("endOffsets");
        Map<String, Object> positions = status.getMap("positions");
        assertEquals(endsBeforeStart.keySet(), endOffsets.keySet(), "every partition of both topics was read");
        for (Map.Entry<String, Long> e : endsBeforeStart.entrySet()) {
            long end = ((Number) endOffsets.get(e.getKey())).longValue();
            assertTrue(end >= e.getValue(), "end offset captured at start for " + e.getKey());
            assertTrue(((Number) positions.get(e.getKey())).longValue() >= end, "read up to the end of " + e.getKey());
        }
    }
}
