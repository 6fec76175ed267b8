package com.microdrama.entitlement.it;

import com.microdrama.testsupport.OpenApiContract;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;

/** The API this service serves is the contract committed as docs/openapi/entitlement-service.yaml, not a drifting copy. */
@QuarkusTest
class OpenApiContractIT {

    @Test
    void servesTheCommittedOpenApiDocument() {
        String served = given().queryParam("format", "yaml").when().get("/q/openapi")
                .then().statusCode(200).extract().asString();
        OpenApiContract.check("entitlement-service", served);
    }
}
