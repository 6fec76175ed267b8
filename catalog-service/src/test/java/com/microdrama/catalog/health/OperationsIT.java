package com.microdrama.catalog.health;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

@QuarkusTest
class OperationsIT {

    @Test
    void readinessReallyChecksDatabaseAndKafka() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(
                        "Reactive PostgreSQL connections health check",
                        "Kafka connection health check",
                        "SmallRye Reactive Messaging - readiness check"));
    }

    @Test
    void openApiDescribesTheCatalogApi() {
        given().when().get("/q/openapi?format=json")
                .then().statusCode(200)
                .body(containsString("/api/catalog/series/{seriesId}"))
                .body(containsString("/api/catalog/episodes/{episodeId}/playback"))
                .body(containsString("/api/catalog/admin/series/{seriesId}/pricing"))
                .body(containsString("/api/catalog/admin/episodes/{episodeId}/price"));
    }

    @Test
    void exposesPrometheusMetricsForTheServiceMonitor() {
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("jvm_"));
    }
}
