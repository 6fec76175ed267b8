package com.microdrama.entitlement.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microdrama.testsupport.KeycloakTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Base64;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service-to-service endpoints answer for any user, so they check who calls: the {@code service} role AND a
 * client named in {@code entitlement.service-callers.allowed-clients} (the token's {@code azp}), or an admin. Real
 * client-credentials tokens from the running Keycloak.
 */
@QuarkusTest
class ServiceCallersIT {
    private static final String TYPES = "https://microdrama.example/problems/";
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String SERIES = "it-callers-series-" + RUN;
    private static final String FREE = "it-callers-ep-" + RUN + "-1";
    private static final String PAID = "it-callers-ep-" + RUN + "-2";
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void catalog() {
        TestKafka.freeFirstSeries(SERIES, FREE, PAID);
    }

    private static ValidatableResponse check(String token) {
        return given().auth().oauth2(token).queryParam("episodeId", PAID)
                .when().get("/api/entitlements/users/{userId}/check", Alice.ID).then();
    }

    private static ValidatableResponse series(String token) {
        return given().auth().oauth2(token)
                .when().get("/api/entitlements/users/{userId}/series/{seriesId}", Alice.ID, SERIES).then();
    }

    private static void forbidden(ValidatableResponse response) {
        response.statusCode(403).contentType("application/problem+json")
                .body("type", equalTo(TYPES + "forbidden"))
                .body("status", equalTo(403));
    }

    private static JsonNode claims(String token) throws IOException {
        return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
    }

    @Test
    void aClientWithTheServiceRoleThatIsNotAnAllowedCallerIsForbidden() throws IOException {
        String token = UnlistedServiceClient.token();
        JsonNode claims = claims(token);
        assertEquals(UnlistedServiceClient.CLIENT_ID, claims.path("azp").asText());
        boolean hasServiceRole = false;
        for (JsonNode role : claims.path("realm_access").path("roles")) {
            hasServiceRole |= "service".equals(role.asText());
        }
        assertTrue(hasServiceRole, "the test client's token must carry the service role: " + claims);

        forbidden(check(token));
        forbidden(series(token));
    }

    @Test
    void theAllowedServicesMayAsk() {
        check(KeycloakTokens.serviceToken("catalog-service")).statusCode(200)
                .body("episodeId", equalTo(PAID)).body("allowed", equalTo(false));
        series(KeycloakTokens.serviceToken("catalog-service")).statusCode(200)
                .body("seriesId", equalTo(SERIES));
    }

    @Test
    void entitlementServicesOwnClientIsNotACaller() {
        String token = KeycloakTokens.serviceToken("entitlement-service");
        forbidden(check(token));
        forbidden(series(token));
    }

    @Test
    void anAdminMayAskThroughTheAppButSupportMayNot() {
        check(AdminTokens.ADMIN).statusCode(200).body("allowed", equalTo(false));
        series(AdminTokens.ADMIN).statusCode(200);
        forbidden(check(AdminTokens.SUPPORT));
        forbidden(series(AdminTokens.SUPPORT));
    }
}
