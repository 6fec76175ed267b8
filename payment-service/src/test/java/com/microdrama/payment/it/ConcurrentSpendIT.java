package com.microdrama.payment.it;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class ConcurrentSpendIT {
    private static final int EPISODES = 20;
    private static final int PRICE = 100;

    @TestHTTPResource("/api/payments/episode-unlocks")
    URL unlocks;

    @TestHTTPResource("/api/payments/pack-purchases")
    URL purchases;

    @Test
    void parallelRequestsWithOneIdempotencyKeyHaveOneEffect() {
        Api alice = Api.alice();
        TestDb.resetUsers(alice.userId);
        String key = UUID.randomUUID().toString();
        HttpClient http = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(http.sendAsync(HttpRequest.newBuilder(URI.create(purchases.toString()))
                    .header("Authorization", "Bearer " + alice.token)
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", key)
                    .timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"packId\":\"coins-500\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString()));
        }
        List<HttpResponse<String>> responses = calls.stream().map(CompletableFuture::join).toList();

        assertTrue(responses.stream().allMatch(r -> r.statusCode() == 201), "all answered 201");
        assertEquals(1, responses.stream().map(HttpResponse::body).distinct().count(), "one and the same answer");
        assertEquals(550, alice.balance());
        assertEquals(1, TestDb.count("select count(*) from pack_purchase where user_id = ?", alice.userId));
    }

    @Test
    void parallelSpendsNeverOverdrawTheWallet() {
        CatalogFixture catalog = new CatalogFixture();
        String series = catalog.seriesId("race");
        catalog.series(series, 1500, true);
        List<String> episodes = IntStream.rangeClosed(1, EPISODES).mapToObj(i -> catalog.episodeId("race-" + i)).toList();
        for (int i = 0; i < EPISODES; i++) {
            catalog.episode(episodes.get(i), series, i + 1, false, PRICE, true);
        }
        episodes.forEach(id -> catalog.awaitEpisode(id, PRICE, true));

        Api alice = Api.alice();
        TestDb.resetUsers(alice.userId);
        alice.buy("coins-1000"); // 1000 paid + 150 bonus = 1150: 11 episodes at 100, 50 left
        long credited = alice.balance();
        assertEquals(1150, credited);

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (String episode : episodes) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(unlocks.toString()))
                    .header("Authorization", "Bearer " + alice.token)
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", UUID.randomUUID().toString())
                    .timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"episodeId\":\"" + episode + "\"}"))
                    .build();
            calls.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        List<HttpResponse<String>> responses = calls.stream().map(CompletableFuture::join).toList();

        Map<Integer, Long> byStatus = responses.stream()
                .collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
        long affordable = credited / PRICE;
        assertEquals(Map.of(201, affordable, 402, EPISODES - affordable), byStatus, "statuses: " + byStatus);

        long spent = affordable * PRICE;
        long balance = alice.balance();
        assertEquals(credited - spent, balance);
        assertTrue(balance >= 0);

        // the ledger agrees with the cache, entry by entry
        assertEquals(affordable, TestDb.count(
                "select count(*) from ledger_entry where user_id = ? and type = 'SPEND'", alice.userId));
        assertEquals(balance, TestDb.count(
                "select coalesce(sum(coins), 0) from ledger_entry where user_id = ?", alice.userId));
        List<Long> balancesAfter = TestDb.longs(
                "select balance_after from ledger_entry where user_id = ? and type = 'SPEND' order by seq", alice.userId);
        for (int i = 0; i < balancesAfter.size(); i++) {
            assertEquals(credited - (i + 1L) * PRICE, balancesAfter.get(i), "running balance after spend " + (i + 1));
        }
        assertEquals(affordable, TestDb.count(
                "select count(*) from content_unlock where user_id = ? and series_id = ?", alice.userId, series));
    }
}
