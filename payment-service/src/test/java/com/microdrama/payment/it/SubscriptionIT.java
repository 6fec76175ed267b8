package com.microdrama.payment.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microdrama.events.EventTypes;
import com.microdrama.events.Topics;
import com.microdrama.payment.webhook.StripeSignatures;
import com.microdrama.testsupport.TestClock;
import com.microdrama.testsupport.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class SubscriptionIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUBSCRIPTIONS = "/api/payments/subscriptions";
    private static final String ME = SUBSCRIPTIONS + "/me";

    @Inject
    TestClock clock;

    @AfterEach
    void realTime() {
        clock.reset();
    }

    @Test
    void plansAreListedWithPriceAndTrial() {
        Api.fresh("plans").get("/api/payments/plans").then()
                .statusCode(200)
                .body("id", hasItems("vip-weekly", "vip-monthly", "vip-yearly"))
                .body("find { it.id == 'vip-weekly' }.period", equalTo("WEEKLY"))
                .body("find { it.id == 'vip-weekly' }.trialDays", equalTo(3))
                .body("find { it.id == 'vip-weekly' }.price.amount", equalTo("19.99"))
                .body("find { it.id == 'vip-weekly' }.price.currency", equalTo("USD"))
                .body("find { it.id == 'vip-monthly' }.price.amount", equalTo("39.99"))
                .body("find { it.id == 'vip-yearly' }.trialDays", equalTo(0));
    }

    @Test
    void trialRenewCancelResumeBillingIssueGraceAndExpiryEmitTheRightEvents() throws Exception {
        Api user = Api.fresh("vip");
        try (TopicReader probe = TopicReader.atEndOf(Topics.PAYMENT_EVENTS)) {
            Instant before = Instant.now().truncatedTo(ChronoUnit.MICROS);
            String subscriptionId = user.post(SUBSCRIPTIONS, UUID.randomUUID().toString(), Map.of("planId", "vip-weekly"))
                    .then().statusCode(201)
                    .body("status", equalTo("TRIALING"))
                    .body("planId", equalTo("vip-weekly"))
                    .body("inTrial", equalTo(true))
                    .body("currentPeriodEnd", notNullValue())
                    .extract().path("subscriptionId");
            Instant trialEnd = Instant.parse(user.get(ME).then().statusCode(200)
                    .body("subscriptionId", equalTo(subscriptionId)).extract().path("currentPeriodEnd"));
            assertTrue(!trialEnd.isBefore(before.plus(Duration.ofDays(3)))
                    && trialEnd.isBefore(Instant.now().plus(Duration.ofDays(3)).plusSeconds(5)), "3-day trial: " + trialEnd);

            // one live subscription per user
            user.post(SUBSCRIPTIONS, UUID.randomUUID().toString(), Map.of("planId", "vip-monthly")).then()
                    .statusCode(409)
                    .contentType("application/problem+json")
                    .body("type", equalTo(Api.PROBLEM + "already-subscribed"));

            // the provider charged at the trial's end: a week paid
            Instant periodStart = trialEnd.truncatedTo(ChronoUnit.SECONDS);
            Instant periodEnd = periodStart.plus(Duration.ofDays(7));
            Stripe.send(Stripe.event("invoice.paid", Stripe.invoice(subscriptionId, periodStart, periodEnd, Stripe.WEEKLY_CENTS)))
                    .then().statusCode(200).body("duplicate", equalTo(false));
            user.get(ME).then().body("status", equalTo("ACTIVE"))
                    .body("currentPeriodEnd", equalTo(periodEnd.toString()));

            // a late invoice for an older period must not shorten access (no event either)
            Stripe.send(Stripe.event("invoice.paid", Stripe.invoice(subscriptionId, before, periodStart, Stripe.WEEKLY_CENTS)))
                    .then().statusCode(200);
            user.get(ME).then().body("currentPeriodEnd", equalTo(periodEnd.toString()));

            user.post(ME + "/cancel", UUID.randomUUID().toString()).then().statusCode(200)
                    .body("status", equalTo("CANCELLED"))
                    .body("cancelAtPeriodEnd", equalTo(true))
                    .body("currentPeriodEnd", equalTo(periodEnd.toString()));
            user.post(ME + "/resume", UUID.randomUUID().toString()).then().statusCode(200)
                    .body("status", equalTo("ACTIVE"))
                    .body("cancelAtPeriodEnd", equalTo(false));

            // shortly before the period ends the renewal charge fails: grace of 3 days from (test) now
            clock.jumpTo(periodEnd.minus(Duration.ofMinutes(1)));
            Stripe.send(Stripe.event("invoice.payment_failed",
                            Stripe.invoice(subscriptionId, periodEnd, periodEnd.plus(Duration.ofDays(7)), Stripe.WEEKLY_CENTS)))
                    .then().statusCode(200);
            String graceUntil = user.get(ME).then().body("status", equalTo("PAST_DUE"))
                    .body("graceUntil", notNullValue())
                    .extract().path("graceUntil");
            Instant grace = Instant.parse(graceUntil);
            assertTrue(grace.isAfter(periodEnd.plus(Duration.ofDays(3)).minus(Duration.ofMinutes(2))), "grace ends ~3 days after: " + grace);
            user.get(ME).then().body("accessUntil", equalTo(graceUntil));

            // time passes beyond the grace period without payment: the scheduled job expires it
            clock.jumpTo(grace.plus(Duration.ofMinutes(1)));
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> "EXPIRED".equals(
                    TestDb.string("select status from subscription where id = cast(? as uuid)", subscriptionId)));
            clock.reset();
            user.get(ME).then().statusCode(404).body("type", equalTo(Api.PROBLEM + "no-subscription"));

            List<ConsumerRecord<String, String>> records = probe.await(r -> r.value().contains(subscriptionId), 6,
                    Duration.ofSeconds(20));
            List<JsonNode> events = records.stream().map(SubscriptionIT::json).toList();
            assertEquals(List.of(EventTypes.SUBSCRIPTION_ACTIVATED, EventTypes.SUBSCRIPTION_RENEWED,
                            EventTypes.SUBSCRIPTION_CANCELLED, EventTypes.SUBSCRIPTION_ACTIVATED,
                            EventTypes.SUBSCRIPTION_RENEWED, EventTypes.SUBSCRIPTION_EXPIRED),
                    events.stream().map(e -> e.path("type").asText()).toList());
            assertEquals(List.of("TRIALING", "ACTIVE", "CANCELLED", "ACTIVE", "PAST_DUE", "EXPIRED"),
                    events.stream().map(e -> e.path("data").path("status").asText()).toList());
            assertEquals(List.of(trialEnd, periodEnd, periodEnd, periodEnd, grace, grace),
                    events.stream().map(e -> Instant.parse(e.path("data").path("validUntil").asText())).toList());
            for (int i = 0; i < events.size(); i++) {
                JsonNode data = events.get(i).path("data");
                assertEquals(user.userId, records.get(i).key());
                assertEquals(user.userId, data.path("userId").asText());
                assertEquals("vip-weekly", data.path("planId").asText());
                assertEquals(events.get(0).path("data").path("validFrom").asText(), data.path("validFrom").asText());
            }
        }
    }

    @Test
    void aDuplicateWebhookHasOneEffect() {
        Api user = Api.fresh("dup");
        String subscriptionId = subscribe(user, "vip-monthly");
        Instant end = Instant.parse(user.get(ME).then().extract().path("currentPeriodEnd"));
        Instant newEnd = end.truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofDays(30));
        try (TopicReader probe = TopicReader.atEndOf(Topics.PAYMENT_EVENTS)) {
            String event = Stripe.event("invoice.paid", Stripe.invoice(subscriptionId, end, newEnd, Stripe.MONTHLY_CENTS));

            Stripe.send(event).then().statusCode(200).body("duplicate", equalTo(false));
            Stripe.send(event).then().statusCode(200).body("duplicate", equalTo(true));

            user.get(ME).then().body("currentPeriodEnd", equalTo(newEnd.toString()));
            assertEquals(1, probe.collect(r -> r.value().contains(subscriptionId)
                    && r.value().contains(EventTypes.SUBSCRIPTION_RENEWED), Duration.ofSeconds(3)).size());
        }
    }

    @Test
    void badMissingOrOldSignaturesAre400AndChangeNothing() {
        Api user = Api.fresh("sig");
        String subscriptionId = subscribe(user, "vip-monthly");
        String end = user.get(ME).then().extract().path("currentPeriodEnd");
        String eventId = "evt_" + UUID.randomUUID().toString().replace("-", "");
        String payload = Stripe.event(eventId, "customer.subscription.deleted",
                Stripe.withMetadata("subscription", "subscriptionId", subscriptionId));
        long now = Instant.now().getEpochSecond();

        for (String signature : new String[]{null, "t=" + now + ",v1=deadbeef",
                StripeSignatures.sign(payload, "whsec_wrong", now),
                StripeSignatures.sign(payload, StripeSignatures.DEV_SECRET, now - 301)}) {
            Stripe.sendWith(payload, signature).then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo(Api.PROBLEM + "invalid-signature"));
        }
        // a valid signature over another body does not cover this one
        Stripe.sendWith(payload.replace("subscription", "subscriptioN"), StripeSignatures.sign(payload)).then()
                .statusCode(400);

        user.get(ME).then().statusCode(200).body("status", equalTo("ACTIVE")).body("currentPeriodEnd", equalTo(end));
        assertEquals(0, TestDb.count("select count(*) from provider_event where event_id = ?", eventId));

        // the same event properly signed does act
        Stripe.send(payload).then().statusCode(200);
        user.get(ME).then().statusCode(404);
        assertEquals("EXPIRED", TestDb.string("select status from subscription where id = cast(? as uuid)", subscriptionId));
    }

    @Test
    void unknownEventTypesAreAcknowledgedAndIgnored() {
        Stripe.send(Stripe.event("customer.created", Map.of("id", "cus_1", "object", "customer"))).then()
                .statusCode(200)
                .body("outcome", equalTo("ignored: event type not handled"));
    }

    @Test
    void invalidTransitionsAre409AndAMissingSubscriptionIs404() {
        Api user = Api.fresh("state");
        user.post(ME + "/cancel", UUID.randomUUID().toString()).then().statusCode(404)
                .body("type", equalTo(Api.PROBLEM + "no-subscription"));
        subscribe(user, "vip-yearly");
        user.post(ME + "/resume", UUID.randomUUID().toString()).then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo(Api.PROBLEM + "invalid-subscription-state"));
        user.post(ME + "/cancel", UUID.randomUUID().toString()).then().statusCode(200);
        user.post(ME + "/cancel", UUID.randomUUID().toString()).then().statusCode(409)
                .body("type", equalTo(Api.PROBLEM + "invalid-subscription-state"));
    }

    @Test
    void idempotencyKeysReplayAndRefuseAnotherBody() {
        Api user = Api.fresh("idem");
        String key = UUID.randomUUID().toString();
        String first = user.post(SUBSCRIPTIONS, key, Map.of("planId", "vip-monthly")).then().statusCode(201)
                .body("inTrial", equalTo(false)) // vip-monthly has no trial
                .extract().asString();
        user.post(SUBSCRIPTIONS, key, Map.of("planId", "vip-monthly")).then().statusCode(201)
                .header("Idempotent-Replayed", "true")
                .body(equalTo(first));
        user.post(SUBSCRIPTIONS, key, Map.of("planId", "vip-yearly")).then()
                .statusCode(422)
                .body("type", equalTo(Api.PROBLEM + "idempotency-key-reused"));
        // the same key on another endpoint is another request too
        user.post(ME + "/cancel", key).then().statusCode(422);

        String cancelKey = UUID.randomUUID().toString();
        user.post(ME + "/cancel", cancelKey).then().statusCode(200);
        user.post(ME + "/cancel", cancelKey).then().statusCode(200).header("Idempotent-Replayed", "true");
        assertEquals(1, TestDb.count("select count(*) from subscription where user_id = ?", user.userId));
    }

    @Test
    void theTrialIsForTheFirstSubscriptionOnlyAndUnknownPlansAre404() {
        Api user = Api.fresh("trial");
        user.post(SUBSCRIPTIONS, UUID.randomUUID().toString(), Map.of("planId", "vip-gold")).then()
                .statusCode(404)
                .body("type", equalTo(Api.PROBLEM + "unknown-plan"));
        String first = subscribe(user, "vip-weekly");
        Stripe.send(Stripe.event("customer.subscription.deleted",
                Stripe.withMetadata("subscription", "subscriptionId", first))).then().statusCode(200);
        user.post(SUBSCRIPTIONS, UUID.randomUUID().toString(), Map.of("planId", "vip-weekly")).then()
                .statusCode(201)
                .body("status", equalTo("ACTIVE"))
                .body("inTrial", equalTo(false));
    }

    @Test
    void subscriptionsNeedAToken() {
        given().contentType("application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("planId", "vip-weekly"))
                .when().post(SUBSCRIPTIONS).then()
                .statusCode(401)
                .contentType("application/problem+json");
    }

    private static String subscribe(Api user, String planId) {
        return user.post(SUBSCRIPTIONS, UUID.randomUUID().toString(), Map.of("planId", planId))
                .then().statusCode(201).extract().path("subscriptionId");
    }

    private static JsonNode json(ConsumerRecord<String, String> record) {
        try {
            return JSON.readTree(record.value());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
