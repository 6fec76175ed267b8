package com.microdrama.payment.it;

import com.microdrama.testsupport.KeycloakTokens;
import com.microdrama.testsupport.KeycloakUsers;
import com.microdrama.testsupport.MetricSamples;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Small RestAssured helpers with real Keycloak tokens. */
final class Api {
    static final String PROBLEM = "https://microdrama.example/problems/";

    final String token;
    final String userId;

    Api(String token) {
        this.token = token;
        this.userId = KeycloakTokens.subject(token);
    }

    static Api alice() {
        return new Api(KeycloakTokens.userToken("alice", "alice"));
    }

    static Api bob() {
        return new Api(KeycloakTokens.userToken("bob", "bob"));
    }

    /** A brand-new Keycloak user (role user): nothing it does can collide with earlier runs. */
    static Api fresh(String prefix) {
        return new Api(KeycloakUsers.newViewerToken(prefix));
    }

    /** A brand-new Keycloak user with user attributes, e.g. {@code region}, which reaches the token as a claim. */
    static Api freshWithAttributes(Map<String, String> attributes) {
        return new Api(KeycloakUsers.newViewerTokenWithAttributes(attributes));
    }

    static Api admin() {
        return new Api(KeycloakTokens.userToken("admin", "admin"));
    }

    static Api support() {
        return new Api(KeycloakTokens.userToken("support", "support"));
    }

    /** The service's /q/metrics now (unauthenticated, as Prometheus scrapes it). */
    static MetricSamples metrics() {
        return MetricSamples.parse(given().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    /** A POST without a body (cancel, resume). */
    Response post(String path, String key) {
        var spec = given().auth().oauth2(token);
        if (key != null) {
            spec = spec.header("Idempotency-Key", key);
        }
        return spec.when().post(path);
    }

    Response post(String path, String key, Object body) {
        var spec = given().auth().oauth2(token).contentType(ContentType.JSON).body(body);
        if (key != null) {
            spec = spec.header("Idempotency-Key", key);
        }
        return spec.when().post(path);
    }

    Response get(String path) {
        return given().auth().oauth2(token).when().get(path);
    }

    /** Buys a pack with a fresh key and returns the purchase id. */
    String buy(String packId) {
        return post("/api/payments/pack-purchases", UUID.randomUUID().toString(), Map.of("packId", packId))
                .then().statusCode(201).extract().path("purchaseId");
    }

    long balance() {
        return ((Number) get("/api/payments/wallet").then().statusCode(200).extract().path("balance")).longValue();
    }
}
