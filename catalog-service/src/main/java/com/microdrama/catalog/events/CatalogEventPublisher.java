package com.microdrama.catalog.events;

import com.microdrama.catalog.series.EpisodeRepository;
import com.microdrama.catalog.series.SeriesRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publishes the whole catalog to catalog-events at startup. The events carry state, so publishing everything again
 * is harmless and is how consumers (payment, entitlement) converge after any gap. Runs in the background: a broker
 * that is briefly away delays publication (retried with back-off) but never blocks or fails startup.
 */
@ApplicationScoped
public class CatalogEventPublisher {
    public static final String CHANNEL = "catalog-events";

    private final MutinyEmitter<String> emitter;
    private final SeriesRepository series;
    private final EpisodeRepository episodes;
    private final AtomicInteger published = new AtomicInteger();

    public CatalogEventPublisher(@Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
                                 MutinyEmitter<String> emitter,
                                 SeriesRepository series, EpisodeRepository episodes) {
        this.emitter = emitter;
        this.series = series;
        this.episodes = episodes;
    }

    void onStart(@Observes StartupEvent event) {
        // Hibernate Reactive needs a Vert.x context; VertxContextSupport gives one without blocking startup
        VertxContextSupport.subscribe(() -> publishAll()
                        .onFailure().invoke(e -> Log.warnf("publishing the catalog to %s failed, retrying: %s",
                                CHANNEL, e.toString()))
                        .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30)).indefinitely()
                        .toMulti(),
                subscribe -> subscribe.with(
                        count -> Log.infof("published %d catalog events to %s", count, CHANNEL),
                        e -> Log.error("giving up publishing the catalog", e)));
    }

    /** Sends the current state of every series and episode; the Uni completes once Kafka acknowledged all. */
    public Uni<Integer> publishAll() {
        return snapshot().flatMap(events -> {
            if (events.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            List<Uni<Void>> sends = events.stream().map(this::send).toList();
            return Uni.join().all(sends).usingConcurrencyOf(64).andFailFast()
                    .map(done -> {
                        published.addAndGet(events.size());
                        return events.size();
                    });
        });
    }

    /** How many events this instance has had acknowledged so far (exposed for diagnostics and tests). */
    public int publishedCount() {
        return published.get();
    }

    private Uni<List<CatalogEvents.KeyedEvent>> snapshot() {
        return Panache.withSession(() -> series.listAllById().flatMap(allSeries -> episodes.listAllOrdered()
                .map(allEpisodes -> CatalogEvents.snapshot(allSeries, allEpisodes))));
    }

    private Uni<Void> send(CatalogEvents.KeyedEvent event) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(event.key())
                .build();
        return emitter.sendMessage(Message.of(event.envelope().toJson()).addMetadata(metadata));
    }
}
