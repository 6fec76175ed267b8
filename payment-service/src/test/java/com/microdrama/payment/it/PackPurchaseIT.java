package com.microdrama.payment.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microdrama.events.EventTypes;
import com.microdrama.events.Topics;
import com.microdrama.testsupport.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class PackPurchaseIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PURCHASES = "/api/payments/pack-purchases";

    private Api alice;
    private Api bob;

    @BeforeEach
    void freshUsers() {
        alice = Api.alice();
        bob = Api.bob();
        TestDb.resetUsers(alice.userId, bob.userId);
    }

    @Test
    void buyingAPackCreditsPaidAndBonusCoinsAndPublishesCoinsPurchased() throws Exception {
        try (TopicReader probe = TopicReader.atEndOf(Topics.PAYMENT_EVENTS)) {
            String purchaseId = alice.post(PURCHASES, UUID.randomUUID().toString(), Map.of("packId", "coins-500"))
                    .then()
                    .statusCode(201)
                    .body("status", equalTo("COMPLETED"))
                    .body("packId", equalTo("coins-500"))
                    .body("provider", equalTo("sandbox"))
                    .body("clientSecret", nullValue())
                    .body("purchaseId", notNullValue())
                    .extract().path("purchaseId");

            alice.get("/api/payments/wallet").then().statusCode(200)
                    .body("balance", equalTo(550))
                    .body("paidCoins", equalTo(500))
                    .body("bonusCoins", equalTo(50));

            alice.get("/api/payments/wallet/ledger?page=0&size=20").then().statusCode(200)
                    .body("total", equalTo(2))
                    .body("page", equalTo(0))
                    .body("size", equalTo(20))
                    // newest first: the bonus entry was written after the paid one
                    .body("items[0].type", equalTo("BONUS"))
                    .body("items[0].coins", equalTo(50))
                    .body("items[0].balanceAfter", equalTo(550))
                    .body("items[1].type", equalTo("PURCHASE"))
                    .body("items[1].coins", equalTo(500))
                    .body("items[1].balanceAfter", equalTo(500))
                    .body("items[1].reference", equalTo("pack-purchase:" + purchaseId))
                    .body("items[0].id", notNullValue())
                    .body("items[0].createdAt", notNullValue());

            List<ConsumerRecord<String, String>> records = probe.await(
                    r -> r.value().contains(purchaseId), 1, Duration.ofSeconds(15));
            assertEquals(1, records.size(), "one CoinsPurchased for the purchase");
            ConsumerRecord<String, String> record = records.get(0);
            assertEquals(alice.userId, record.key());
            JsonNode event = JSON.readTree(record.value());
            assertEquals(EventTypes.COINS_PURCHASED, event.path("type").asText());
            assertEquals("/payment-service", event.path("source").asText());
            assertEquals(alice.userId, event.path("subject").asText());
            assertEquals("1.0", event.path("specversion").asText());
            JsonNode data = event.path("data");
            assertEquals(purchaseId, data.path("purchaseId").asText());
            assertEquals(alice.userId, data.path("userId").asText());
            assertEquals(500, data.path("coins").asInt());
            assertEquals(50, data.path("bonusCoins").asInt());
            assertEquals("4.99", data.path("price").path("amount").asText());
            assertEquals("USD", data.path("price").path("currency").asText());
            assertEquals("sandbox", data.path("provider").asText());
        }
    }

    @Test
    void repeatingARequestWithTheSameKeyReplaysTheAnswerWithoutASecondCredit() {
        try (TopicReader probe = TopicReader.atEndOf(Topics.PAYMENT_EVENTS)) {
            String key = UUID.randomUUID().toString();
            String first = alice.post(PURCHASES, key, Map.of("packId", "coins-1000"))
                    .then().statusCode(201).extract().asString();
            String purchaseId = alice.post(PURCHASES, key, Map.of("packId", "coins-1000"))
                    .then().statusCode(201)
                    .header("Idempotent-Replayed", "true")
                    .body(equalTo(first))
                    .extract().path("purchaseId");

            alice.get("/api/payments/wallet").then().body("balance", equalTo(1150));
            assertEquals(1, TestDb.count("select count(*) from pack_purchase where user_id = ?", alice.userId));
            assertEquals(2, TestDb.count("select count(*) from ledger_entry where user_id = ?", alice.userId));
            assertEquals(1, probe.collect(r -> r.value().contains(purchaseId), Duration.ofSeconds(2)).size(),
                    "the replay must not publish a second CoinsPurchased");
        }
    }

    @Test
    void theSameKeyWithAnotherBodyIs422() {
        String key = UUID.randomUUID().toString();
        alice.post(PURCHASES, key, Map.of("packId", "coins-100")).then().statusCode(201);

        alice.post(PURCHASES, key, Map.of("packId", "coins-500")).then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo(Api.PROBLEM + "idempotency-key-reused"));

        alice.get("/api/payments/wallet").then().body("balance", equalTo(100));
    }

    @Test
    void keysBelongToTheirUser() {
        String key = UUID.randomUUID().toString();
        alice.post(PURCHASES, key, Map.of("packId", "coins-100")).then().statusCode(201);
        bob.post(PURCHASES, key, Map.of("packId", "coins-100")).then().statusCode(201)
                .header("Idempotent-Replayed", nullValue());

        bob.get("/api/payments/wallet").then().body("balance", equalTo(100));
    }

    @Test
    void anUnknownPackIs404AndDoesNotUseUpTheKey() {
        String key = UUID.randomUUID().toString();
        alice.post(PURCHASES, key, Map.of("packId", "coins-999999")).then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo(Api.PROBLEM + "unknown-pack"))
                .body("title", notNullValue())
                .body("detail", notNullValue());

        // error answers are not stored: the corrected retry with the same key goes through
        alice.post(PURCHASES, key, Map.of("packId", "coins-100")).then().statusCode(201);
    }

    @Test
    void aMissingIdempotencyKeyIs400() {
        alice.post(PURCHASES, null, Map.of("packId", "coins-100")).then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo(Api.PROBLEM + "idempotency-key-required"));
        alice.get("/api/payments/wallet").then().body("balance", equalTo(0));
    }

    @Test
    void malformedJsonIs400ProblemJson() {
        given().auth().oauth2(alice.token).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body("{\"packId\": ")
                .when().post(PURCHASES).then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo(Api.PROBLEM + "malformed-request"))
                .body("status", equalTo(400));
    }

    @Test
    void aBodyWithoutPackIdFailsValidation() {
        alice.post(PURCHASES, UUID.randomUUID().toString(), Map.of("pack", "coins-100")).then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo(Api.PROBLEM + "validation-failed"))
                .body("violations[0].field", equalTo("packId"));
    }

    @Test
    void withoutATokenNothingIsBought() {
        given().contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("packId", "coins-100"))
                .when().post(PURCHASES).then()
                .statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void aUserReadsOwnPurchasesButNotSomeoneElses() {
        String purchaseId = alice.buy("coins-2200");

        alice.get(PURCHASES + "/" + purchaseId).then().statusCode(200)
                .body("purchaseId", equalTo(purchaseId))
                .body("status", equalTo("COMPLETED"))
                .body("coins", equalTo(2200))
                .body("bonusCoins", equalTo(400))
                .body("price.amount", equalTo("19.99"));

        bob.get(PURCHASES + "/" + purchaseId).then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo(Api.PROBLEM + "unknown-purchase"));
        alice.get(PURCHASES + "/not-a-uuid").then().statusCode(404);
    }

    @Test
    void aUserWithoutAWalletHasZeroCoins() {
        bob.get("/api/payments/wallet").then().statusCode(200)
                .body("balance", equalTo(0))
                .body("paidCoins", equalTo(0))
                .body("bonusCoins", equalTo(0));
        bob.get("/api/payments/wallet/ledger").then().statusCode(200)
                .body("total", equalTo(0))
                .body("items.size()", equalTo(0));
    }

    @Test
    void ledgerPagingIsValidated() {
        alice.get("/api/payments/wallet/ledger?size=0").then().statusCode(400)
                .contentType("application/problem+json");
        alice.get("/api/payments/wallet/ledger?size=1000").then().statusCode(400);
    }
}
