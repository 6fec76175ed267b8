package com.microdrama.catalog.viewing;

import com.microdrama.catalog.testing.AdminApi;
import com.microdrama.catalog.testing.EntitlementStandIn;
import com.microdrama.events.EventEnvelope;
import com.microdrama.events.EventTypes;
import com.microdrama.events.Topics;
import com.microdrama.events.payload.PaywallShown;
import com.microdrama.events.payload.PlaybackAuthorized;
import com.microdrama.events.viewer.ViewerRegion;
import com.microdrama.testsupport.KeycloakTokens;
import com.microdrama.testsupport.KeycloakUsers;
import com.microdrama.testsupport.LocalSecrets;
import com.microdrama.testsupport.TopicReader;
import com.microdrama.events.viewer.Pseudonyms;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Playback answers reach the real viewing-events topic as CloudEvents keyed by series, the viewer as a pseudonym
 * under the local VIEWER_PSEUDONYM_KEY; a refusal sends nothing. Each test plays a series of its own, so its key
 * tells its records apart on the shared topic.
 */
@QuarkusTest
class ViewingEventsIT {

    @BeforeEach
    void reset() {
        EntitlementStandIn.reset();
    }

    @Test
    void aFreePlayAnEntitledPlayAndAPaywallArriveKeyedBySeriesWithThePseudonym() {
        String series = AdminApi.publishedSeries("viewing", 3, Map.of());
        String viewer = KeycloakUsers.newViewerToken("viewing", 30, AdminApi.TEST_REGION);
        String userId = KeycloakTokens.subject(viewer);
        EntitlementStandIn.grant(userId, AdminApi.episodeId(series, 2), "episode");

        try (TopicReader topic = TopicReader.atEndOf(Topics.VIEWING_EVENTS, series::equals)) {
            given().header(ViewerRegion.COUNTRY_HEADER, AdminApi.TEST_REGION)
                    .post(playback(series, 1)).then().statusCode(200);
            given().auth().oauth2(viewer).header("Accept-Language", "es-MX, en;q=0.5")
                    .post(playback(series, 2)).then().statusCode(200);
            given().auth().oauth2(viewer).post(playback(series, 3)).then().statusCode(402);

            List<ConsumerRecord<String, String>> records = topic.await(r -> true, 3, Duration.ofSeconds(20));
            assertEquals(3, records.size(), "three answers, three events: " + records);
            List<EventEnvelope> events = records.stream().map(r -> EventEnvelope.parse(r.value())).toList();
            assertEquals(List.of(EventTypes.PLAYBACK_AUTHORIZED, EventTypes.PLAYBACK_AUTHORIZED, EventTypes.PAYWALL_SHOWN),
                    events.stream().map(EventEnvelope::type).toList(), "one partition per series keeps their order");
            records.forEach(r -> assertEquals(EventEnvelope.KAFKA_CONTENT_TYPE, TopicReader.header(r, "content-type")));
            events.forEach(e -> assertEquals(series, e.subject()));

            String pseudonym = Pseudonyms.withKey(Optional.of(LocalSecrets.get("VIEWER_PSEUDONYM_KEY")))
                    .of(userId).orElseThrow();
            assertNotEquals(Pseudonyms.withKey(Optional.of("dev-and-test-only-pseudonym-key")).of(userId).orElseThrow(),
                    pseudonym, "not the log pseudonym");
            records.forEach(r -> assertFalse(r.value().contains(userId), "no raw user id: " + r.value()));

            PlaybackAuthorized free = events.get(0).dataAs(PlaybackAuthorized.class);
            assertNull(free.viewerId());
            assertEquals(PlaybackAuthorized.FREE, free.access());
            assertEquals(AdminApi.TEST_REGION, free.region());
            PlaybackAuthorized entitled = events.get(1).dataAs(PlaybackAuthorized.class);
            assertEquals(new PlaybackAuthorized(pseudonym, series, AdminApi.episodeId(series, 2), 2,
                    PlaybackAuthorized.ENTITLED, AdminApi.TEST_REGION, "es", entitled.authorizedAt()), entitled);
            // the series for this viewer: only episode 3 is still locked, so 60 coins, not the 300 bundle
            PaywallShown paywall = events.get(2).dataAs(PaywallShown.class);
            assertEquals(new PaywallShown(pseudonym, series, AdminApi.episodeId(series, 3), 3, 60, 60,
                    AdminApi.TEST_REGION, null, paywall.shownAt()), paywall);
        }
    }

    @Test
    void refusalsSendNothing() {
        String series = AdminApi.publishedSeries("viewing-refused", 2, Map.of());
        try (TopicReader topic = TopicReader.atEndOf(Topics.VIEWING_EVENTS, series::equals)) {
            // outside the series' region, and a paid episode without signing in
            given().header(ViewerRegion.COUNTRY_HEADER, "US").post(playback(series, 1)).then().statusCode(451);
            given().header(ViewerRegion.COUNTRY_HEADER, AdminApi.TEST_REGION)
                    .post(playback(series, 2)).then().statusCode(401);
            // a later grant proves the topic was read up to after the refusals
            given().header(ViewerRegion.COUNTRY_HEADER, AdminApi.TEST_REGION)
                    .post(playback(series, 1)).then().statusCode(200);

            List<ConsumerRecord<String, String>> records = topic.await(r -> true, 1, Duration.ofSeconds(20));
            assertEquals(List.of(EventTypes.PLAYBACK_AUTHORIZED),
                    records.stream().map(r -> EventEnvelope.parse(r.value()).type()).toList());
        }
    }

    private static String playback(String series, int number) {
        return "/api/catalog/episodes/" + AdminApi.episodeId(series, number) + "/playback";
    }
}
