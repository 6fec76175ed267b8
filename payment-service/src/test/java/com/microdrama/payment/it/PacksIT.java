package com.microdrama.payment.it;

import com.microdrama.testsupport.KeycloakTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

@QuarkusTest
class PacksIT {

    @Test
    void listsUsDollarPacksByDefault() {
        Api.alice().get("/api/payments/packs").then()
                .statusCode(200)
                .body("id", hasItems("coins-100", "coins-500", "coins-1000", "coins-2200"))
                .body("price.currency", everyItem(equalTo("USD")))
                .body("find { it.id == 'coins-500' }.coins", equalTo(500))
                .body("find { it.id == 'coins-500' }.bonusCoins", equalTo(50))
                .body("find { it.id == 'coins-500' }.price.amount", equalTo("4.99"))
                .body("find { it.id == 'coins-100' }.price.amount", equalTo("0.99"));
    }

    @Test
    void listsEuroPacksForAViewerWhoseTokenSaysGermany() {
        Api.freshWithAttributes(Map.of("region", "DE")).get("/api/payments/packs").then()
                .statusCode(200)
                .body("price.currency", everyItem(equalTo("EUR")))
                .body("id", hasItem("coins-500-eur"))
                .body("id", not(hasItem("coins-500")));
    }

    @Test
    void aQueryRegionCannotOpenAnotherMarket() {
        Api.alice().get("/api/payments/packs?region=de").then()
                .statusCode(200)
                .body("price.currency", everyItem(equalTo("USD")))
                .body("id", not(hasItem("coins-500-eur")));
    }

    @Test
    void anInvalidRegionIsAProblem() {
        Api.alice().get("/api/payments/packs?region=Germany").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo(Api.PROBLEM + "invalid-region"));
    }

    @Test
    void withoutATokenTheAnswerIs401ProblemJson() {
        given().when().get("/api/payments/packs").then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("type", equalTo(Api.PROBLEM + "unauthorized"))
                .body("status", equalTo(401));
    }

    @Test
    void aServiceTokenWithoutTheUserRoleIs403ProblemJson() {
        String serviceToken = KeycloakTokens.serviceToken("catalog-service");
        given().auth().oauth2(serviceToken).when().get("/api/payments/wallet").then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo(Api.PROBLEM + "forbidden"));
    }

    @Test
    void aForgedTokenIsRefused() {
        given().auth().oauth2("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl").when().get("/api/payments/wallet").then()
                .statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void readinessChecksTheDatabaseAndTheCatalogConsumerButNotTheOutboxProducer() {
        // the outbox relay has its own producer and no channel: a Kafka outage must not take payment out of rotation
        given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Reactive PostgreSQL")))
                .body("checks.name", hasItem(containsString("Reactive Messaging")))
                .body("checks.find { it.name.contains('Reactive Messaging') }.data.catalog-in", equalTo("[OK]"))
                .body("checks.find { it.name.contains('Reactive Messaging') }.data", not(hasKey("outbox")));
    }

    @Test
    void exposesPrometheusMetricsForTheServiceMonitor() {
        given().when().get("/q/metrics").then()
                .statusCode(200)
                .body(containsString("jvm_"));
    }

    @Test
    void publishesAnOpenApiDocument() {
        given().when().get("/q/openapi?format=json").then()
                .statusCode(200)
                .body(containsString("/api/payments/episode-unlocks"));
    }
}
