package com.microdrama.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.microdrama.events.EventEnvelope;
import com.microdrama.events.EventTypes;
import com.microdrama.events.payload.EpisodePurchased;
import com.microdrama.events.payload.PaywallShown;
import com.microdrama.events.payload.PlaybackAuthorized;
import com.microdrama.events.viewer.Pseudonyms;
import com.microdrama.testsupport.KeycloakTokens;
import com.microdrama.testsupport.LocalSecrets;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * What insights-service's Kafka Streams funnel sustains (docs/decisions/0035-insights-on-kafka-streams.md): a day of
 * synthetic facts as the producers write them (90 % plays, 7 % paywalls on viewing-events keyed by series, 3 % episode
 * unlocks on payment-events keyed by user, the viewers' pseudonyms those of the buyers), then, in one run, a plain
 * consumer reading both topics and a copy of the packaged service processing them from the start (its reprocessing
 * of the day) until its group's committed offsets reach the end. The served counts of one series are checked
 * against what was produced, so a fast wrong answer cannot pass.
 */
final class InsightsBench {
    private static final int PARTITIONS = 6;
    private static final int SERIES = 100;
    private static final int EPISODES = 60;
    private static final List<String> REGIONS = List.of("US", "BR", "ID", "TH", "MX", "ES", "JP", "KR");
    private static final List<String> LANGUAGES = List.of("en", "pt", "id", "th", "es", "es", "ja", "ko");

    private InsightsBench() {
    }

    static Map<String, Object> run(Fleet fleet, Path root, int port, long events, String runId) throws Exception {
        String viewing = "bench-" + runId + "-viewing";
        String payment = "bench-" + runId + "-payment";
        String applicationId = "bench-insights-" + runId;
        KafkaBench.createTopic(viewing, PARTITIONS);
        KafkaBench.createTopic(payment, PARTITIONS);
        Map<String, Object> out = new LinkedHashMap<>();
        try {
            LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(1);
            Produced produced = produce(viewing, payment, events, runId, day);
            out.put("events", events);
            out.put("viewing_events", produced.viewing);
            out.put("payment_events", produced.payment);
            out.put("produce_seconds", Run.round(produced.seconds));

            double rawSeconds = KafkaBench.rawRead(List.of(viewing, payment), events).seconds();
            out.put("raw_read_seconds", Run.round(rawSeconds));
            out.put("raw_events_per_second", Math.round(events / rawSeconds));

            Path state = Files.createTempDirectory(root.resolve(".local/bench"), "insights-state-");
            List<String> args = new ArrayList<>(List.of(
                    "-Dinsights.topics.viewing=" + viewing, "-Dinsights.topics.payment=" + payment,
                    "-Dquarkus.kafka-streams.application-id=" + applicationId,
                    "-Dkafka-streams.state.dir=" + state));
            // e.g. -Dbench.insights.service-args="-Dkafka-streams.max.task.idle.ms=0" to try a setting
            String extra = System.getProperty("bench.insights.service-args", "").strip();
            if (!extra.isEmpty()) {
                args.addAll(List.of(extra.split("\\s+")));
                out.put("service_args", extra);
            }
            fleet.define("insights-service", "insights-service", port, args);
            long started = System.nanoTime();
            long startMs = fleet.start("insights-service");
            long ready = System.nanoTime();
            awaitCommitted(applicationId, List.of(viewing, payment), Duration.ofMinutes(20));
            double streamsSeconds = (System.nanoTime() - ready) / 1e9;
            out.put("start_ms", startMs);
            out.put("streams_seconds", Run.round(streamsSeconds));
            out.put("streams_seconds_from_process_start", Run.round((System.nanoTime() - started) / 1e9));
            out.put("streams_events_per_second", Math.round(events / streamsSeconds));
            out.put("ratio_to_raw_read", Run.round(rawSeconds / streamsSeconds));
            out.put("rss_mb", fleet.rssMb("insights-service"));

            JsonNode funnel = Api.JSON.readTree(Api.get(Fleet.url(port) + "/api/insights/series/" + produced.checkedSeries
                    + "/funnel?from=" + day + "&to=" + day, KeycloakTokens.userToken("admin", "admin")).body());
            long servedPlays = funnel.at("/totals/plays").asLong();
            long servedUnlocks = funnel.at("/totals/episodeUnlocks").asLong();
            out.put("checked_series", produced.checkedSeries);
            out.put("checked_plays", Map.of("produced", produced.checkedPlays, "served", servedPlays));
            out.put("checked_unlocks", Map.of("produced", produced.checkedUnlocks, "served", servedUnlocks));
            if (servedPlays != produced.checkedPlays || servedUnlocks != produced.checkedUnlocks) {
                throw new IllegalStateException("insights-service counted " + servedPlays + " plays and " + servedUnlocks
                        + " unlocks of " + produced.checkedSeries + ", produced " + produced.checkedPlays + " and "
                        + produced.checkedUnlocks);
            }
        } finally {
            fleet.close();
            List<String> topics = new ArrayList<>(List.of(viewing, payment));
            try (Admin admin = KafkaBench.admin()) {
                admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                        .filter(t -> t.startsWith(applicationId)).forEach(topics::add);
            }
            KafkaBench.deleteQuietly(topics, List.of(applicationId));
        }
        return out;
    }

    private record Produced(long viewing, long payment, double seconds, String checkedSeries, long checkedPlays,
                            long checkedUnlocks) {
    }

    /** The day's facts, times spread evenly over it, record timestamps = event times (what the stream sorts by). */
    private static Produced produce(String viewingTopic, String paymentTopic, long events, String runId, LocalDate day) {
        Random random = new Random(42);
        int viewers = (int) Math.max(10, events / 20);
        Pseudonyms pseudonyms = Pseudonyms.withKey(Optional.of(LocalSecrets.get("VIEWER_PSEUDONYM_KEY")));
        String[] users = new String[viewers];
        String[] pseudonym = new String[viewers];
        for (int v = 0; v < viewers; v++) {
            users[v] = "bench-" + runId + "-v" + v;
            pseudonym[v] = pseudonyms.of(users[v]).orElseThrow();
        }
        String checked = "bench-" + runId + "-s0";
        long viewing = 0;
        long payment = 0;
        long checkedPlays = 0;
        long checkedUnlocks = 0;
        long dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long t0 = System.nanoTime();
        try (KafkaProducer<String, String> producer = KafkaBench.producer(20)) {
            for (long i = 0; i < events; i++) {
                Instant at = Instant.ofEpochMilli(dayStart + i * 86_400_000L / events);
                int v = random.nextInt(viewers);
                int s = random.nextInt(SERIES);
                String series = "bench-" + runId + "-s" + s;
                int episode = 1 + random.nextInt(EPISODES);
                String episodeId = series + "-ep-" + episode;
                int kind = random.nextInt(100);
                int r = v % REGIONS.size();
                EventEnvelope event;
                String topic;
                String key;
                if (kind < 90) {
                    event = EventEnvelope.of(UUID.randomUUID().toString(), "/bench", EventTypes.PLAYBACK_AUTHORIZED, series,
                            at, new PlaybackAuthorized(pseudonym[v], series, episodeId, episode,
                                    episode <= 5 ? PlaybackAuthorized.FREE : PlaybackAuthorized.ENTITLED,
                                    REGIONS.get(r), LANGUAGES.get(r), at));
                    topic = viewingTopic;
                    key = series;
                    viewing++;
                    checkedPlays += s == 0 ? 1 : 0;
                } else if (kind < 97) {
                    event = EventEnvelope.of(UUID.randomUUID().toString(), "/bench", EventTypes.PAYWALL_SHOWN, series, at,
                            new PaywallShown(pseudonym[v], series, episodeId, episode, 60, 300, REGIONS.get(r),
                                    LANGUAGES.get(r), at));
                    topic = viewingTopic;
                    key = series;
                    viewing++;
                } else {
                    event = EventEnvelope.of(UUID.randomUUID().toString(), "/bench", EventTypes.EPISODE_PURCHASED, users[v],
                            at, new EpisodePurchased(UUID.randomUUID().toString(), users[v], episodeId, series, 60, at));
                    topic = paymentTopic;
                    key = users[v];
                    payment++;
                    checkedUnlocks += s == 0 ? 1 : 0;
                }
                producer.send(new ProducerRecord<>(topic, null, at.toEpochMilli(), key, event.toJson()), (md, e) -> {
                    if (e != null) {
                        System.err.println("produce failed: " + e);
                    }
                });
            }
            producer.flush();
        }
        return new Produced(viewing, payment, (System.nanoTime() - t0) / 1e9, checked, checkedPlays, checkedUnlocks);
    }

    /** Waits until the group has committed every partition of the topics up to its end offset. */
    private static void awaitCommitted(String group, List<String> topics, Duration patience) throws Exception {
        try (Admin admin = KafkaBench.admin()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (String topic : topics) {
                admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions()
                        .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            }
            Map<TopicPartition, Long> end = new HashMap<>();
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> end.put(tp, info.offset()));
            long deadline = System.nanoTime() + patience.toNanos();
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                boolean done = end.entrySet().stream().allMatch(e -> {
                    OffsetAndMetadata c = committed.get(e.getKey());
                    return e.getValue() == 0 || (c != null && c.offset() >= e.getValue());
                });
                if (done) {
                    return;
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException(group + " did not reach the end of " + topics + " within " + patience);
        }
    }
}
