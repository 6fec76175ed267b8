package com.microdrama.payment.it;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class AdminIT {

    private static String adjustments(String userId) {
        return "/api/payments/admin/wallets/" + userId + "/adjustments";
    }

    private static String payments(String userId) {
        return "/api/payments/admin/users/" + userId + "/payments";
    }

    @Test
    void adminEndpointsRefuseAPlainUserWith403() {
        Api user = Api.fresh("nosy");
        user.post("/api/payments/admin/refunds", UUID.randomUUID().toString(),
                        Map.of("purchaseId", UUID.randomUUID().toString(), "reason", "x"))
                .then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo(Api.PROBLEM + "forbidden"));
        user.post(adjustments(user.userId), UUID.randomUUID().toString(), Map.of("coins", 1000, "reason", "free money"))
                .then().statusCode(403);
        user.get(payments(user.userId)).then().statusCode(403);
        assertEquals(0, user.balance());
    }

    @Test
    void supportMayReadButNotChange() {
        Api user = Api.fresh("sup");
        Api support = Api.support();
        support.get(payments(user.userId)).then().statusCode(200).body("userId", equalTo(user.userId));
        support.post(adjustments(user.userId), UUID.randomUUID().toString(), Map.of("coins", 10, "reason", "x"))
                .then().statusCode(403);
        support.post("/api/payments/admin/refunds", UUID.randomUUID().toString(),
                Map.of("purchaseId", UUID.randomUUID().toString(), "reason", "x")).then().statusCode(403);
    }

    @Test
    void adjustmentsMoveCoinsWithAReasonButNeverBelowZero() {
        Api user = Api.fresh("adj");
        Api admin = Api.admin();
        admin.post(adjustments(user.userId), UUID.randomUUID().toString(), Map.of("coins", 120, "reason", "goodwill"))
                .then().statusCode(201)
                .body("coins", equalTo(120))
                .body("balance", equalTo(120))
                .body("userId", equalTo(user.userId));
        admin.post(adjustments(user.userId), UUID.randomUUID().toString(), Map.of("coins", -200, "reason", "oops"))
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo(Api.PROBLEM + "adjustment-would-overdraw"));
        admin.post(adjustments(user.userId), UUID.randomUUID().toString(), Map.of("coins", -20, "reason", "correction"))
                .then().statusCode(201).body("balance", equalTo(100));
        admin.post(adjustments(user.userId), UUID.randomUUID().toString(), Map.of("coins", 0, "reason", "nothing"))
                .then().statusCode(400);
        admin.post(adjustments(user.userId), UUID.randomUUID().toString(), Map.of("coins", 5))
                .then().statusCode(400).body("type", equalTo(Api.PROBLEM + "validation-failed"));

        assertEquals(100, user.balance());
        user.get("/api/payments/wallet/ledger").then()
                .body("items.type", equalTo(java.util.List.of("ADJUSTMENT", "ADJUSTMENT")));

        String key = UUID.randomUUID().toString();
        admin.post(adjustments(user.userId), key, Map.of("coins", 5, "reason", "a")).then().statusCode(201);
        admin.post(adjustments(user.userId), key, Map.of("coins", 6, "reason", "a")).then().statusCode(422)
                .body("type", equalTo(Api.PROBLEM + "idempotency-key-reused"));
        assertEquals(105, user.balance());
    }

    @Test
    void theUserPaymentsViewListsEverything() {
        Api user = Api.fresh("view");
        Api admin = Api.admin();
        String purchaseId = user.buy("coins-100");
        user.post("/api/payments/subscriptions", UUID.randomUUID().toString(), Map.of("planId", "vip-monthly"))
                .then().statusCode(201);
        admin.post("/api/payments/admin/refunds", UUID.randomUUID().toString(), Map.of("purchaseId", purchaseId, "reason", "r"))
                .then().statusCode(201);
        admin.post(adjustments(user.userId), UUID.randomUUID().toString(), Map.of("coins", 7, "reason", "sorry"))
                .then().statusCode(201);

        admin.get(payments(user.userId)).then().statusCode(200)
                .body("wallet.balance", equalTo(7))
                .body("purchases", hasSize(1))
                .body("purchases[0].status", equalTo("REFUNDED"))
                .body("subscriptions", hasSize(1))
                .body("subscriptions[0].status", equalTo("ACTIVE"))
                .body("refunds", hasSize(1))
                .body("refunds[0].targetId", equalTo(purchaseId))
                .body("adjustments[0].reason", equalTo("sorry"))
                .body("unlocks", hasSize(0));
    }
}
