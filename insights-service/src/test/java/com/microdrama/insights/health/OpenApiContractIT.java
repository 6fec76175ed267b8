package com.microdrama.insights.health;

import com.microdrama.testsupport.OpenApiContract;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;

/** The API this service serves is the contract committed as docs/openapi/insights-service.yaml. */
@QuarkusTest
class OpenApiContractIT {

    @Test
    void servesTheCommittedOpenApiDocument() {
        String served = given().queryParam("format", "yaml").when().get("/q/openapi")
                .then().statusCode(200).extract().asString();
        OpenApiContract.check("insights-service", served);
    }
}
