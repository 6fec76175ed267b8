package com.microdrama.entitlement.rebuild;

import com.microdrama.entitlement.admin.AdminLedger;
import com.microdrama.entitlement.inbox.ProcessedEvents;
import com.microdrama.entitlement.ledger.EntitlementLedger;
import com.microdrama.entitlement.ledger.NoEntitlementChanges;
import com.microdrama.support.problem.Problem;
import com.microdrama.support.problem.ProblemException;
import com.microdrama.entitlement.projection.ConsumerPositions;
import com.microdrama.entitlement.projection.LogProjection;
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

    private final RebuildConfig config;
    private final LogProjection replayProjection;
    private final AdminLedger replayAdminLedger;
    private final ConsumerPositions positions;
    private final ShadowTables shadow;
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

    public RebuildService(RebuildConfig config, LogProjection projection, ProcessedEvents processedEvents,
                          ConsumerPositions positions, ShadowTables shadow, Clock clock,
                          @Identifier("default-kafka-broker") Map<String, Object> kafkaDefaults) {
        this.config = config;
        // The same rules as live consumption, but a replay announces nothing: its grants happened long ago.
        NoEntitlementChanges silent = new NoEntitlementChanges();
        this.replayProjection = projection.withLedger(new EntitlementLedger(processedEvents, silent, clock));
        this.replayAdminLedger = new AdminLedger(silent);
        this.positions = positions;
        this.shadow = shadow;
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
        running = new RebuildJob(progress, config, replayProjection, replayAdminLedger, positions, shadow,
                kafka(jobId), clock);
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
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(config.batchSize()));
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
