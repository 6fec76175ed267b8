package com.microdrama.catalog.events;

import io.smallrye.common.annotation.Identifier;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The id Kafka gave the catalog-events topic when it was created: a topic deleted and created again under the same
 * name gets a new one, which is how a start notices that the compacted topic lost what was published to it.
 */
@ApplicationScoped
public class CatalogTopicId {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Map<String, Object> kafkaDefaults;
    private final String topic;

    public CatalogTopicId(@Identifier("default-kafka-broker") Map<String, Object> kafkaDefaults,
                          @ConfigProperty(name = "mp.messaging.outgoing." + CatalogChangeRelay.CHANNEL + ".topic",
                                  defaultValue = CatalogChangeRelay.CHANNEL) String topic) {
        this.kafkaDefaults = kafkaDefaults;
        this.topic = topic;
    }

    /** The topic's id, empty when the topic does not exist; fails when the broker cannot be asked. */
    public Uni<Optional<String>> current() {
        // the admin client blocks: a worker thread, then back on the caller's Vert.x context for the database work
        return VertxContextSupport.executeBlocking(this::describe);
    }

    private Optional<String> describe() {
        try (Admin admin = Admin.create(settings(kafkaDefaults))) {
            return Optional.of(admin.describeTopics(List.of(topic)).topicNameValues().get(topic)
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).topicId().toString());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw new IllegalStateException("could not describe topic " + topic, e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Kafka did not describe topic " + topic + " within " + TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The application's own {@code kafka.*} settings (bootstrap servers, security protocol, SASL, SSL, ...), so the
     * admin client reaches the broker exactly as the producer does; keys an admin client does not know are left out.
     */
    static Properties settings(Map<String, Object> kafkaDefaults) {
        Properties props = new Properties();
        kafkaDefaults.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key) && value != null) {
                props.put(key, value);
            }
        });
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "catalog-service-topic-id");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis() / 2);
        return props;
    }
}
