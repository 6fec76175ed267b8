package com.microdrama.catalog.admin;

import com.microdrama.catalog.testing.AdminApi;
import com.microdrama.catalog.testing.Viewers;
import com.microdrama.events.EventEnvelope;
import com.microdrama.events.Topics;
import com.microdrama.events.payload.SeriesUpdated;
import com.microdrama.testsupport.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** An admin hands a series to the creator who owns it; its series event tells insights-service who may read it. */
@QuarkusTest
class SeriesCreatorIT {
    private static final String CREATOR = "ad000000-0000-4000-8000-000000000006";

    @Test
    void theOwningCreatorIsSetPublishedAndGivenBack() {
        String series = AdminApi.publishedSeries("creator", 1, Map.of());
        String path = "/api/catalog/admin/series/" + series + "/creator";
        try (TopicReader topic = TopicReader.atEndOf(Topics.CATALOG_EVENTS, series::equals)) {
            given().auth().oauth2(Viewers.admin()).contentType(ContentType.JSON).body(Map.of("creatorId", CREATOR))
                    .when().put(path)
                    .then().statusCode(200).body("creatorId", equalTo(CREATOR));
            SeriesUpdated owned = topic.awaitLatest(EventEnvelope::parse, latest -> latest.containsKey(series)
                            && CREATOR.equals(latest.get(series).dataAs(SeriesUpdated.class).creatorId()))
                    .get(series).dataAs(SeriesUpdated.class);
            assertEquals(CREATOR, owned.creatorId());

            Map<String, Object> platform = new HashMap<>();
            platform.put("creatorId", null);
            given().auth().oauth2(Viewers.admin()).contentType(ContentType.JSON).body(platform)
                    .when().put(path)
                    .then().statusCode(200).body("creatorId", nullValue());
            SeriesUpdated back = topic.awaitLatest(EventEnvelope::parse, latest -> latest.containsKey(series)
                            && Objects.isNull(latest.get(series).dataAs(SeriesUpdated.class).creatorId()))
                    .get(series).dataAs(SeriesUpdated.class);
            assertNull(back.creatorId());
        }

        given().auth().oauth2(Viewers.admin()).contentType(ContentType.JSON).body(Map.of("creatorId", "no spaces"))
                .when().put(path)
                .then().statusCode(400).body("detail", containsString("creatorId"));
        given().auth().oauth2(Viewers.support()).contentType(ContentType.JSON).body(Map.of("creatorId", CREATOR))
                .when().put(path).then().statusCode(403);
    }
}
