package com.microdrama.catalog.events;

import com.microdrama.catalog.config.CatalogConfig;
import com.microdrama.catalog.experiment.ExperimentRepository;
import com.microdrama.catalog.region.SeriesRegionPriceRepository;
import com.microdrama.catalog.series.EpisodeRepository;
import com.microdrama.catalog.series.SeriesRepository;
import com.microdrama.events.Topics;
import com.microdrama.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Feeds catalog-events from the "dirty" markers ({@link CatalogChanges}): a pass claims the oldest markers, loads the
 * CURRENT state of those episodes and series, appends it to the transactional outbox (record key = episode or series
 * id) and clears the markers, all in one transaction. The outbox module's relay then publishes the rows in order and
 * marks them after Kafka's ack, as for every other topic (docs/decisions/0007-publishing-after-commit.md). A crash
 * or a broker outage between commit and publish therefore only delays events; a duplicate is harmless because the
 * events carry state on a compacted topic.
 *
 * <p>Passes run right after each admin write ({@link #nudge()}) and at least every second (quarkus-scheduler),
 * only while {@link RelayLifecycle} is open. What is marked at startup is {@link CatalogPublication}'s decision.
 * Markers are claimed {@code FOR UPDATE SKIP LOCKED}, so two instances never convert the same marker.
 */
@ApplicationScoped
public class CatalogChangeRelay {
    public static final String CHANNEL = Topics.CATALOG_EVENTS;

    private final Outbox outbox;
    private final CatalogChanges changes;
    private final SeriesRepository series;
    private final EpisodeRepository episodes;
    private final SeriesRegionPriceRepository tiers;
    private final ExperimentRepository experiments;
    private final int batchSize;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean pending = new AtomicBoolean();
    private final RelayLifecycle lifecycle;
    private final Duration shutdownWait;
    private final Clock clock;

    public CatalogChangeRelay(Outbox outbox, CatalogChanges changes, SeriesRepository series, EpisodeRepository episodes,
                              SeriesRegionPriceRepository tiers, ExperimentRepository experiments, RelayLifecycle lifecycle, CatalogConfig config,
                              Clock clock) {
        this.outbox = outbox;
        this.changes = changes;
        this.series = series;
        this.episodes = episodes;
        this.tiers = tiers;
        this.experiments = experiments;
        this.lifecycle = lifecycle;
        this.batchSize = config.relay().batchSize();
        this.shutdownWait = config.relay().shutdownWait();
        this.clock = clock;
    }

    /**
     * Lets a pass that is already running finish (its transaction commits or rolls back) before the database pool
     * closes; {@link RelayLifecycle} has refused new passes by now. Only an existing relay is waited for: creating one
     * during shutdown is pointless.
     */
    void onShutdown(@Observes(notifyObserver = Reception.IF_EXISTS)
                    @Priority(RelayLifecycle.BEFORE_EVERYTHING + 1) ShutdownEvent event) {
        long deadline = System.nanoTime() + shutdownWait.toNanos();
        while (running.get() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (running.get()) {
            Log.warnf("a catalog-events relay pass still runs after %s; its markers stay for the next start",
                    shutdownWait);
        }
    }

    /**
     * The safety net: quarkus-scheduler's in-memory scheduler fires at most once a second, so writes also
     * {@link #nudge()} the relay right after they commit; this tick picks up whatever a nudge missed (a crash, a
     * broker outage, another instance's writes).
     */
    @Scheduled(every = "${catalog.relay.every}", delayed = "${catalog.relay.delayed}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = RelayLifecycle.class)
    Uni<Void> tick() {
        return drain();
    }

    /** Asks for a relay pass now, without waiting; call it after a transaction that marked changes committed. */
    public void nudge() {
        pending.set(true);
        if (!running.get() && lifecycle.open()) {
            // a fresh duplicated context, not the caller's (a finished request's); VertxContextSupport refuses to
            // start from an event loop, hence the hop through the worker pool
            Infrastructure.getDefaultWorkerPool().execute(() -> VertxContextSupport.subscribe(
                    () -> drain().toMulti(),
                    subscribe -> subscribe.with(done -> {
                    }, e -> Log.warnf("catalog-events relay pass failed: %s", e.toString()))));
        }
    }

    /**
     * Runs passes until no batch is full and nobody nudged meanwhile. Only one drain runs at a time per instance;
     * a nudge during a pass sets {@code pending}, so the running drain does one more pass instead.
     */
    Uni<Void> drain() {
        if (!lifecycle.open() || !running.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem();
        }
        return passes().eventually(() -> {
            running.set(false);
            if (pending.get()) {
                // nudged between our last check and now: nobody else will start a pass for it
                nudge();
            }
        });
    }

    private Uni<Void> passes() {
        pending.set(false);
        return relayOnce()
                .onFailure().invoke(e -> Log.warnf("catalog-events relay failed, will retry: %s", e.toString()))
                .onFailure().recoverWithItem(-1)
                .flatMap(cleared -> lifecycle.open() && (cleared >= batchSize || (cleared >= 0 && pending.get()))
                        ? passes() : Uni.createFrom().voidItem());
    }

    /** One batch; the item is how many markers were cleared (their events are in the outbox). */
    public Uni<Integer> relayOnce() {
        return Panache.withTransaction(() -> changes.claim(batchSize).flatMap(markers -> currentState(markers)
                        .flatMap(this::appendAll)
                        .flatMap(appended -> changes.clear(markers.stream().map(CatalogChanges.Marker::seq).toList()))))
                .invoke(cleared -> {
                    if (cleared > 0) {
                        outbox.afterCommit();
                    }
                });
    }

    private Uni<List<CatalogEvents.Outgoing>> currentState(List<CatalogChanges.Marker> markers) {
        if (markers.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Set<String> episodeIds = keys(markers, CatalogChanges.EPISODE);
        Set<String> seriesIds = keys(markers, CatalogChanges.SERIES);
        // one session runs one query at a time, so the loads are chained
        return episodes.findByIds(episodeIds).flatMap(markedEpisodes -> {
            Set<String> owners = Stream.concat(seriesIds.stream(), markedEpisodes.stream().map(e -> e.seriesId))
                    .collect(Collectors.toSet());
            return series.findByIds(owners).flatMap(allSeries -> episodes.findBySeriesIds(seriesIds)
                    .flatMap(counted -> tiers.forSeriesIds(seriesIds).flatMap(seriesTiers ->
                            experiments.runningOf(seriesIds).map(running ->
                                    CatalogEvents.forMarkers(markers, markedEpisodes, allSeries, counted, seriesTiers,
                                            running, clock.instant())))));
        });
    }

    /**
     * One row after the other, in the order {@link CatalogEvents#forMarkers} gives (episodes before their series):
     * the outbox sends in insertion order. A marker whose row no longer exists has nothing to say.
     */
    private Uni<Void> appendAll(List<CatalogEvents.Outgoing> outgoing) {
        Uni<Void> appended = Uni.createFrom().voidItem();
        for (CatalogEvents.Outgoing item : outgoing) {
            if (item.event() != null) {
                appended = appended.chain(() -> outbox.append(CHANNEL, item.event().key(), item.event().envelope()));
            }
        }
        return appended;
    }

    private static Set<String> keys(List<CatalogChanges.Marker> markers, String kind) {
        return markers.stream().filter(m -> kind.equals(m.kind())).map(CatalogChanges.Marker::key)
                .collect(Collectors.toSet());
    }
}
