package com.microdrama.entitlement.rebuild;

import com.microdrama.entitlement.config.EntitlementConfig;
import com.microdrama.entitlement.projection.LogProjection;
import com.microdrama.support.problem.Problem;
import com.microdrama.support.problem.ProblemException;
import io.agroal.api.AgroalDataSource;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Starts rebuild jobs (one at a time) and answers for their progress. Jobs are kept in memory: after a restart a
 * job is gone, and so is its shadow schema's purpose (the next job drops and recreates it).
 */
@ApplicationScoped
public class RebuildService {

    private static final int KEPT_JOBS = 20;

    private final EntitlementConfig.Rebuild config;
    private final LogProjection projection;
    private final ShadowTables shadow;
    private final AgroalDataSource dataSource;
    private final Clock clock;
    private final Map<String, Object> kafkaDefaults;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "entitlement-rebuild");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, RebuildProgress> jobs = new LinkedHashMap<>();
    private RebuildJob running;
    private RebuildProgress runningProgress;

    /** The rebuild writes through JDBC on its own thread (blocking, set-based); live consumption stays reactive. */
    public RebuildService(EntitlementConfig config, LogProjection projection, ShadowTables shadow,
                          AgroalDataSource dataSource, Clock clock,
                          @Identifier("default-kafka-broker") Map<String, Object> kafkaDefaults) {
        this.config = config.rebuild();
        this.projection = projection;
        this.shadow = shadow;
        this.dataSource = dataSource;
        this.clock = clock;
        this.kafkaDefaults = kafkaDefaults;
    }

    public synchronized RebuildProgress.Status start() {
        if (runningProgress != null && runningProgress.running()) {
            throw new ProblemException(Problem.of(409, "rebuild-running", "A rebuild is running",
                    "Rebuild " + runningProgress.jobId() + " has not finished yet").with("jobId", runningProgress.jobId()));
        }
        String jobId = UUID.randomUUID().toString();
        RebuildProgress progress = new RebuildProgress(jobId, clock.instant());
        jobs.put(jobId, progress);
        if (jobs.size() > KEPT_JOBS) {
            jobs.remove(jobs.keySet().iterator().next());
        }
        running = new RebuildJob(progress, config, shadow, projection.catalogTopic(), projection.paymentTopic(),
                dataSource, kafka(jobId), clock);
        runningProgress = progress;
        executor.submit(running);
        return progress.status(clock.instant());
    }

    public synchronized RebuildProgress.Status status(String jobId) {
        RebuildProgress progress = jobs.get(jobId);
        if (progress == null) {
            throw ProblemException.notFound("unknown-rebuild-job", "Unknown rebuild job", "No rebuild job '" + jobId
                    + "' is known to this instance");
        }
        return progress.status(clock.instant());
    }

    @PreDestroy
    synchronized void stop() {
        if (running != null) {
            running.stop();
        }
        executor.shutdownNow();
    }

    private Properties kafka(String jobId) {
        Properties props = consumerSettings(kafkaDefaults);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "entitlement-rebuild-" + jobId.substring(0, 8));
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        // No group: partitions are assigned, nothing is committed, live consumption's offsets are untouched.
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Each poll is folded and written in one transaction; its size is a trade of round trips against heap
        // (EntitlementConfig.Rebuild#batchSize).
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(config.batchSize()));
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(config.maxPartitionFetchBytes()));
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(config.fetchMaxBytes()));
        return props;
    }

    /**
     * The application's own {@code kafka.*} client settings (bootstrap servers, security.protocol, SASL, SSL, ...), so
     * the rebuild reaches the broker exactly as the live channels do; keys a consumer does not know are left out.
     */
    static Properties consumerSettings(Map<String, Object> kafkaDefaults) {
        Properties props = new Properties();
        kafkaDefaults.forEach((key, value) -> {
            if (ConsumerConfig.configNames().contains(key) && value != null) {
                props.put(key, value);
            }
        });
        return props;
    }
}
