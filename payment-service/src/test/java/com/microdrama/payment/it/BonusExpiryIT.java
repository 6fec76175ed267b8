package com.microdrama.payment.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microdrama.events.EventTypes;
import com.microdrama.events.Topics;
import com.microdrama.payment.wallet.BonusExpiryJob;
import com.microdrama.testsupport.TestClock;
import com.microdrama.testsupport.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bonus lots: coins-500 gives a 50-coin lot that lives 30 days, coins-1000 a 150-coin lot that lives 10 days
 * (test configuration), so the later purchase expires first.
 */
@QuarkusTest
class BonusExpiryIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EPISODE_UNLOCKS = "/api/payments/episode-unlocks";
    private static final CatalogFixture CATALOG = new CatalogFixture();
    private static final String SERIES = CATALOG.seriesId("bx");
    private static final String EP80 = CATALOG.episodeId("bx-5");
    private static final String EP90 = CATALOG.episodeId("bx-6");

    @Inject
    Vertx vertx;

    @Inject
    BonusExpiryJob job;

    @Inject
    TestClock clock;

    @BeforeAll
    static void catalog() {
        CATALOG.series(SERIES, 400, true);
        CATALOG.episode(EP80, SERIES, 5, false, 80, true);
        CATALOG.episode(EP90, SERIES, 6, false, 90, true);
        CATALOG.awaitEpisode(EP80, 80, true);
        CATALOG.awaitEpisode(EP90, 90, true);
    }

    @AfterEach
    void realTime() {
        clock.reset();
    }

    @Test
    void bonusIsSpentFromTheLotThatExpiresFirstAndItsRestExpiresOnceWithAnEvent() throws Exception {
        Api user = Api.fresh("bx");
        String longLived = user.buy("coins-500");   // 50 bonus, 30 days
        String shortLived = user.buy("coins-1000"); // 150 bonus, 10 days
        user.get("/api/payments/wallet").then().statusCode(200)
                .body("bonusCoins", equalTo(200))
                .body("bonusLots", hasSize(2))
                .body("bonusLots[0].source", equalTo("pack-purchase:" + shortLived))
                .body("bonusLots[0].coins", equalTo(150))
                .body("bonusLots[1].source", equalTo("pack-purchase:" + longLived));
        Instant shortExpiry = Instant.parse(user.get("/api/payments/wallet").then().extract().path("bonusExpiresAt"));
        Instant completedAt = Instant.parse(user.get("/api/payments/pack-purchases/" + shortLived).then()
                .extract().path("completedAt"));
        assertEquals(completedAt.plus(Duration.ofDays(10)), shortExpiry, "10 days after the coins arrived");

        user.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", EP80)).then().statusCode(201);
        user.get("/api/payments/wallet").then()
                .body("bonusCoins", equalTo(120))
                .body("bonusLots[0].coins", equalTo(70))   // the 80 came out of the lot that expires first
                .body("bonusLots[1].coins", equalTo(50));

        try (TopicReader probe = TopicReader.atEndOf(Topics.PAYMENT_EVENTS)) {
            clock.advance(Duration.ofDays(11));
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> TestDb.count("select count(*) from ledger_entry where user_id = ? and type = 'BONUS_EXPIRED'",
                            user.userId) == 1);
            user.get("/api/payments/wallet").then()
                    .body("balance", equalTo(1550))
                    .body("paidCoins", equalTo(1500))
                    .body("bonusCoins", equalTo(50))
                    .body("bonusLots", hasSize(1))
                    .body("bonusLots[0].source", equalTo("pack-purchase:" + longLived));
            user.get("/api/payments/wallet/ledger").then()
                    .body("items[0].type", equalTo("BONUS_EXPIRED"))
                    .body("items[0].coins", equalTo(-70))
                    .body("items[0].paidCoins", equalTo(0))
                    .body("items[0].bonusCoins", equalTo(-70))
                    .body("items[0].balanceAfter", equalTo(1550))
                    .body("items[0].reference", equalTo("pack-purchase:" + shortLived));

            List<ConsumerRecord<String, String>> expired = probe.collect(r -> r.value().contains(EventTypes.BONUS_EXPIRED)
                    && r.value().contains(shortLived), Duration.ofSeconds(4));
            assertEquals(1, expired.size(), "one event per expired lot, however often the job ran");
            assertEquals(user.userId, expired.get(0).key());
            JsonNode data = JSON.readTree(expired.get(0).value()).path("data");
            assertEquals(70, data.path("coins").asLong());
            assertEquals(150, data.path("grantedCoins").asLong());
            assertEquals(user.userId, data.path("userId").asText());
            assertEquals(shortExpiry, Instant.parse(data.path("expiresAt").asText()));
        }

        // a spend after the expiry takes the remaining lot, then paid coins
        user.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", EP90)).then().statusCode(201)
                .body("balance", equalTo(1460));
        user.get("/api/payments/wallet").then().body("bonusCoins", equalTo(0)).body("paidCoins", equalTo(1460));
        assertEquals(user.balance(), TestDb.count("select coalesce(sum(coins), 0) from ledger_entry where user_id = ?",
                user.userId), "the ledger adds up to the balance");
        assertLotsMatchTheirUses(user.userId);
    }

    @Test
    void aRefundedUnlockGivesBonusBackToItsLotUnlessThatLotExpiredMeanwhile() {
        Api user = Api.fresh("bxr");
        Api admin = Api.admin();
        user.buy("coins-1000"); // 1000 paid, 150 bonus for 10 days
        String first = user.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", EP80))
                .then().statusCode(201).extract().path("unlockId");
        admin.post("/api/payments/admin/refunds", UUID.randomUUID().toString(), Map.of("unlockId", first, "reason", "did not play"))
                .then().statusCode(201).body("coins", equalTo(80));
        user.get("/api/payments/wallet").then().body("bonusCoins", equalTo(150)).body("bonusLots[0].coins", equalTo(150));

        String second = user.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", EP90))
                .then().statusCode(201).extract().path("unlockId");
        clock.advance(Duration.ofDays(11));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> TestDb.count("select count(*) from ledger_entry where user_id = ? and type = 'BONUS_EXPIRED'",
                        user.userId) == 1);
        // the 90 bonus coins of the second unlock would have expired in the wallet: the refund does not revive them
        admin.post("/api/payments/admin/refunds", UUID.randomUUID().toString(), Map.of("unlockId", second, "reason", "did not play"))
                .then().statusCode(201).body("coins", equalTo(0));
        user.get("/api/payments/wallet").then().body("bonusCoins", equalTo(0)).body("paidCoins", equalTo(1000))
                .body("bonusExpiresAt", nullValue());
        assertLotsMatchTheirUses(user.userId);
    }

    @Test
    void bonusHeldBeforeLotsExistedNeverExpiresAndStillPays() {
        Api user = Api.fresh("bxl");
        // the state V5 leaves behind for a wallet that had bonus coins: one legacy lot without expiry
        TestDb.execute("insert into wallet (user_id, paid_coins, bonus_coins, updated_at) values (?, 0, 40, now())", user.userId);
        TestDb.execute("insert into bonus_lot (id, user_id, source, granted, remaining, granted_at, expires_at) "
                + "values (gen_random_uuid(), ?, 'legacy:' || ?, 40, 40, now(), null)", user.userId, user.userId);
        user.get("/api/payments/wallet").then()
                .body("bonusCoins", equalTo(40))
                .body("bonusExpiresAt", nullValue())
                .body("bonusLots[0].expiresAt", nullValue());

        clock.advance(Duration.ofDays(400));
        user.buy("coins-100");
        user.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", EP80)).then().statusCode(201)
                .body("balance", equalTo(60));
        user.get("/api/payments/wallet").then().body("bonusCoins", equalTo(0)).body("paidCoins", equalTo(60));
        assertEquals(0, TestDb.count("select count(*) from ledger_entry where user_id = ? and type = 'BONUS_EXPIRED'", user.userId));
    }

    @Test
    void twoExpiryPassesAtOnceExpireALotOnceAndABusyWalletIsSkippedNotWaitedFor() throws Exception {
        Api user = Api.fresh("bxc");
        String purchase = user.buy("coins-1000");
        long ledgerRowsBefore = TestDb.count("select count(*) from ledger_entry where user_id = ?", user.userId);

        try (TopicReader probe = TopicReader.atEndOf(Topics.PAYMENT_EVENTS);
             Connection holder = TestDb.connect()) {
            // someone else holds the wallet (a spend, another instance): a pass must not wait for it
            holder.setAutoCommit(false);
            try (PreparedStatement ps = holder.prepareStatement("select 1 from wallet where user_id = ? for update")) {
                ps.setString(1, user.userId);
                ps.executeQuery();
            }
            clock.advance(Duration.ofDays(11));
            onVertx(job::expireDue).get(10, TimeUnit.SECONDS);
            assertEquals(150, TestDb.count("select remaining from bonus_lot where source = ?", "pack-purchase:" + purchase),
                    "the busy wallet was skipped");
            holder.rollback();

            CompletableFuture<Integer> a = onVertx(job::expireDue);
            CompletableFuture<Integer> b = onVertx(job::expireDue);
            a.get(20, TimeUnit.SECONDS);
            b.get(20, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(20)).until(() -> TestDb.count(
                    "select count(*) from bonus_lot where source = ? and expired_at is not null", "pack-purchase:" + purchase) == 1);
            assertEquals(1, TestDb.count("select count(*) from ledger_entry where user_id = ? and type = 'BONUS_EXPIRED'",
                    user.userId));
            assertEquals(ledgerRowsBefore + 1, TestDb.count("select count(*) from ledger_entry where user_id = ?", user.userId));
            user.get("/api/payments/wallet").then().body("bonusCoins", equalTo(0)).body("balance", equalTo(1000));
            assertEquals(1, probe.collect(r -> r.value().contains(EventTypes.BONUS_EXPIRED) && r.value().contains(purchase),
                    Duration.ofSeconds(4)).size());
        }
        // and the database itself refuses a second expiry entry for the same lot
        String error = TestDb.failure("insert into ledger_entry (id, user_id, type, coins, paid_coins, bonus_coins, balance_after, "
                + "reference, created_at) values (gen_random_uuid(), ?, 'BONUS_EXPIRED', 0, 0, 0, 1000, ?, now())",
                user.userId, "pack-purchase:" + purchase);
        assertTrue(error.contains("uq_ledger_reference_type"), error);
        assertLotsMatchTheirUses(user.userId);
    }

    /** Every lot's remaining coins are what its uses left, and the wallet's bonus is the sum of the live lots. */
    private static void assertLotsMatchTheirUses(String userId) {
        assertEquals(0, TestDb.count("select count(*) from bonus_lot l where l.user_id = ? and l.remaining <> l.granted - "
                + "(select coalesce(sum(u.coins), 0) from bonus_lot_use u where u.lot_id = l.id)", userId));
        assertEquals(TestDb.count("select bonus_coins from wallet where user_id = ?", userId),
                TestDb.count("select coalesce(sum(remaining), 0) from bonus_lot where user_id = ? and expired_at is null", userId));
    }

    /** Runs reactive service code the way the scheduler does: on its own safe Vert.x duplicated context. */
    private <T> CompletableFuture<T> onVertx(Supplier<Uni<T>> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Context context = VertxContext.getOrCreateDuplicatedContext(vertx);
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> work.get().subscribe().with(result::complete, result::completeExceptionally));
        return result;
    }
}
