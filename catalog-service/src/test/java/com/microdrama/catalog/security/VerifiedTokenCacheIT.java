package com.microdrama.catalog.security;

import com.microdrama.catalog.testing.Viewers;
import com.microdrama.testsupport.KeycloakTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * service-support's verified-token cache in front of OIDC, against real Keycloak tokens: a token seen before gets the
 * same identity (subject and roles) as on its first, fully verified use, and nothing that differs from it rides on it.
 */
@QuarkusTest
class VerifiedTokenCacheIT {
    private static final String ME = "/api/catalog/me";
    private static final String ADMIN_SERIES = "/api/catalog/admin/series/no-such-series";

    @Test
    void aTokenUsedAgainKeepsItsSubjectAndItsRoles() {
        String alice = Viewers.alice();
        String admin = Viewers.admin();
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(alice).when().get(ME)
                    .then().statusCode(200).body("subject", equalTo(KeycloakTokens.subject(alice)));
            given().auth().oauth2(alice).when().get(ADMIN_SERIES).then().statusCode(403);
            given().auth().oauth2(admin).when().get(ADMIN_SERIES).then().statusCode(404);
        }
    }

    @Test
    void aTokenUsedAgainIsAnsweredFromTheCache() {
        double before = hits();
        String alice = Viewers.alice();
        for (int i = 0; i < 5; i++) {
            given().auth().oauth2(alice).when().get(ME).then().statusCode(200);
        }
        // the first of the five may be the token's first use in this JVM; the other four are answered from the cache
        assertTrue(hits() - before >= 4, "hits went from " + before + " to " + hits());
    }

    private static double hits() {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(line -> line.startsWith("microdrama_verified_tokens_total{") && line.contains("result=\"hit\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    void aTokenThatDiffersFromOneSeenBeforeIsVerifiedInFull() {
        String alice = Viewers.alice();
        given().auth().oauth2(alice).when().get(ME).then().statusCode(200);

        String[] parts = alice.split("\\.");
        String signature = parts[2];
        char last = signature.charAt(signature.length() - 2);
        String otherSignature = signature.substring(0, signature.length() - 2) + (last == 'A' ? 'B' : 'A')
                + signature.charAt(signature.length() - 1);
        given().auth().oauth2(parts[0] + "." + parts[1] + "." + otherSignature).when().get(ME)
                .then().statusCode(401);

        // alice's signature on a payload that names another subject
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace(KeycloakTokens.subject(alice), "00000000-0000-0000-0000-000000000000");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + signature;
        given().auth().oauth2(forged).when().get(ME).then().statusCode(401);

        given().auth().oauth2(alice).when().get(ME).then().statusCode(200);
    }
}
