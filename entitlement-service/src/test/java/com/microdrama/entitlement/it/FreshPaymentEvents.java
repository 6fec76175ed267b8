package com.microdrama.entitlement.it;

import com.microdrama.events.Topics;
import com.microdrama.testsupport.Platform;
import com.microdrama.testsupport.TopicReader;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Before the service under test starts: commits the end of payment-events for the test profile's consumer group
 * ({@code %test.mp.messaging.incoming.payment-events.group.id}). The topic is shared with the running system and the
 * bench, which leave thousands of other users' events there; a partition the group never committed would otherwise
 * be read from its beginning (the channel's {@code auto.offset.reset=earliest}), and a test's purchase would wait
 * behind all of them. Every test produces its events after the service started, so none of them is skipped.
 */
public class FreshPaymentEvents implements QuarkusTestResourceLifecycleManager {
    private static final String TEST_GROUP = "entitlement-service-test";
    private static final Logger LOG = Logger.getLogger(FreshPaymentEvents.class);
    private static final long TIMEOUT_S = 30;

    @Override
    public Map<String, String> start() {
        moveToEnd(TEST_GROUP, List.of(Topics.PAYMENT_EVENTS));
        return Map.of();
    }

    /** Commits the current end of {@code topics} for {@code group}, which reads only what is written from now on. */
    static void moveToEnd(String group, List<String> topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                Platform.kafkaBootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
            TopicReader.endOffsets(topics)
                    .forEach((partition, end) -> commit.put(partition, new OffsetAndMetadata(end)));
            admin.alterConsumerGroupOffsets(group, commit).all().get(TIMEOUT_S, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof GroupNotEmptyException)) {
                throw new IllegalStateException("cannot move " + group + " to the end of " + topics, e);
            }
            // another instance of the test service is still in the group (a run that was killed): it keeps its place
            LOG.warnf("%s still has members; its offsets on %s stay as they are", group, topics);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within " + TIMEOUT_S + " s", e);
        }
    }

    @Override
    public void stop() {
        // nothing to undo: the group's offsets move on with the tests' own events
    }
}
