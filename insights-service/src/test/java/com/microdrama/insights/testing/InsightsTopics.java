package com.microdrama.insights.testing;

import com.microdrama.testsupport.ScratchKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Files;
import java.util.Map;
import java.util.UUID;

/**
 * The service under test reads scratch topics of its own on the real broker, under an application id of its own, so
 * it starts from an empty history (not the shared topics' months of records) and leaves the running system's
 * consumer group alone. Everything is deleted at the end, the Streams application's internal topics included.
 * Declared here for every test class of the module (one start; each test uses series of its own): no test may start
 * the service on the shared topics.
 */
@QuarkusTestResource(InsightsTopics.class)
public class InsightsTopics implements QuarkusTestResourceLifecycleManager {
    /** 6 partitions, as viewing-events and payment-events. */
    public static final int PARTITIONS = 6;
    /** 3 partitions, as catalog-events (read whole into a global store, so the count does not have to match). */
    public static final int CATALOG_PARTITIONS = 3;
    private static ScratchKafka kafka;
    private static String viewing;
    private static String payment;
    private static String catalog;
    private static String applicationId;

    @Override
    public Map<String, String> start() {
        try {
            kafka = new ScratchKafka("insights-it");
            viewing = kafka.topic("viewing", PARTITIONS);
            payment = kafka.topic("payment", PARTITIONS);
            catalog = kafka.topic("catalog", CATALOG_PARTITIONS);
            applicationId = "insights-it-" + UUID.randomUUID().toString().substring(0, 8);
            return Map.of(
                    "insights.topics.viewing", viewing,
                    "insights.topics.payment", payment,
                    "insights.topics.catalog", catalog,
                    "quarkus.kafka-streams.application-id", applicationId,
                    "kafka-streams.state.dir", Files.createTempDirectory("insights-it-state").toString());
        } catch (Exception e) {
            throw new IllegalStateException("could not create the scratch topics", e);
        }
    }

    @Override
    public void stop() {
        try {
            kafka.deleteAtClose(kafka.topicsStartingWith(applicationId));
            kafka.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not delete the scratch topics", e);
        }
    }

    public static ScratchKafka kafka() {
        return kafka;
    }

    public static String viewing() {
        return viewing;
    }

    public static String payment() {
        return payment;
    }

    public static String catalog() {
        return catalog;
    }
}
