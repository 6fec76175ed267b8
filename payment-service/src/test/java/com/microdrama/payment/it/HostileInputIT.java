package com.microdrama.payment.it;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

/** Input the shared service-support guards must stop as 400 problems, before anything is bought or spent. */
@QuarkusTest
class HostileInputIT {
    private static final String NUL = "ep\u0000isode";
    private static final Map<String, String> BODY_FIELDS = Map.of(
            "/api/payments/pack-purchases", "packId",
            "/api/payments/episode-unlocks", "episodeId",
            "/api/payments/series-unlocks", "seriesId");

    private Api alice;

    @BeforeEach
    void freshUser() {
        alice = Api.alice();
        TestDb.resetUsers(alice.userId);
        alice.buy("coins-500");
    }

    @Test
    void aNulByteInABodyIdIsA400ProblemAndSpendsNothing() {
        long before = alice.balance();
        BODY_FIELDS.forEach((path, field) -> alice.post(path, UUID.randomUUID().toString(), Map.of(field, NUL))
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo(Api.PROBLEM + "invalid-characters"))
                .body("status", equalTo(400)));
        org.junit.jupiter.api.Assertions.assertEquals(before, alice.balance());
    }

    @Test
    void aDuplicateKeyInABodyIsAMalformedRequest() {
        BODY_FIELDS.forEach((path, field) -> given().auth().oauth2(alice.token).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body("{\"" + field + "\":\"coins-100\",\"" + field + "\":\"coins-500\"}")
                .when().post(path)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo(Api.PROBLEM + "malformed-request"))
                .body("detail", not(containsString("Exception"))));
    }

    @Test
    void aNulByteInThePathIsRefusedBeforeRouting() {
        given().urlEncodingEnabled(false).auth().oauth2(alice.token)
                .when().get("/api/payments/pack-purchases/ep%00isode")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo(Api.PROBLEM + "invalid-characters"));
    }

    @Test
    void aValueOfTheWrongTypeNamesTheField() {
        given().auth().oauth2(alice.token).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body("{\"packId\":[\"coins-100\"]}")
                .when().post("/api/payments/pack-purchases")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo(Api.PROBLEM + "malformed-request"))
                .body("field", equalTo("packId"));
    }
}
