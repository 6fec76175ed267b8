package com.microdrama.catalog.experiment;

import com.microdrama.catalog.admin.AdminCatalogService;
import com.microdrama.catalog.admin.AdminProblems;
import com.microdrama.catalog.events.CatalogChanges;
import com.microdrama.catalog.series.Episode;
import com.microdrama.catalog.series.EpisodePricing;
import com.microdrama.catalog.series.EpisodeRepository;
import com.microdrama.catalog.series.Series;
import com.microdrama.catalog.series.SeriesRepository;
import com.microdrama.events.experiment.PaywallExperiment;
import com.microdrama.events.experiment.PaywallVariant;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Defines, starts and stops paywall experiments (docs/decisions/0036-paywall-experiments.md). Starting and stopping
 * mark the series changed in the same transaction, so its next series-updated.v1 carries the experiment (or no
 * longer does) to payment-service and entitlement-service. The arms never change after creation.
 */
@ApplicationScoped
public class ExperimentService {

    private final ExperimentRepository experiments;
    private final SeriesRepository series;
    private final EpisodeRepository episodes;
    private final CatalogChanges changes;
    private final AdminCatalogService catalog;
    private final Clock clock;

    public ExperimentService(ExperimentRepository experiments, SeriesRepository series, EpisodeRepository episodes,
                             CatalogChanges changes, AdminCatalogService catalog, Clock clock) {
        this.experiments = experiments;
        this.series = series;
        this.episodes = episodes;
        this.changes = changes;
        this.catalog = catalog;
        this.clock = clock;
    }

    public Uni<ExperimentView> create(String seriesId, ExperimentRequests.Create request, String actor) {
        List<PaywallVariant> variants = request.variants().stream()
                .map(v -> new PaywallVariant(v.name(), v.weightPercent(), v.freeEpisodes(), v.episodePriceCoins()))
                .toList();
        return catalog.write(() -> requireSeries(seriesId).flatMap(s -> episodes.findOfSeries(s.id)
                .flatMap(all -> experiments.ofSeries(s.id).flatMap(existing -> {
                    String id = request.id() != null ? request.id() : s.id + "-exp-" + (existing.size() + 1);
                    return experiments.findById(id).flatMap(taken -> {
                        if (taken != null) {
                            throw ExperimentProblems.exists(id);
                        }
                        PaywallExperiment candidate = new PaywallExperiment(id, clock.instant(), variants);
                        String broken = candidate.violation();
                        if (broken == null) {
                            broken = candidate.offerViolation(s.freeEpisodes, all.size());
                        }
                        if (broken != null) {
                            throw ExperimentProblems.invalid(broken);
                        }
                        Experiment e = new Experiment();
                        e.id = id;
                        e.seriesId = s.id;
                        e.name = request.name().trim();
                        e.status = Experiment.DRAFT;
                        e.variants = ExperimentVariants.write(variants);
                        e.createdAt = now();
                        e.createdBy = actor;
                        return experiments.persist(e).map(ExperimentView::of);
                    });
                }))));
    }

    /**
     * Draft → running, if no other experiment runs on the series and the arms still fit the series as it is now
     * (its free count or episodes may have changed since the draft).
     */
    public Uni<ExperimentView> start(String seriesId, String experimentId, String actor) {
        return catalog.write(() -> requireExperiment(seriesId, experimentId).flatMap(e -> {
            if (!Experiment.DRAFT.equals(e.status)) {
                throw ExperimentProblems.wrongStatus(e, "start", Experiment.DRAFT);
            }
            return experiments.runningOf(seriesId).flatMap(running -> {
                if (running != null) {
                    throw ExperimentProblems.anotherRunning(seriesId, running.id);
                }
                return requireSeries(seriesId).flatMap(s -> episodes.findOfSeries(s.id).flatMap(all -> {
                    String broken = new PaywallExperiment(e.id, clock.instant(), ExperimentVariants.read(e.variants))
                            .offerViolation(s.freeEpisodes, all.size());
                    if (broken != null) {
                        throw ExperimentProblems.outdated(e.id, broken);
                    }
                    e.status = Experiment.RUNNING;
                    e.startedAt = now();
                    e.startedBy = actor;
                    return experiments.flush().flatMap(flushed -> changes.markSeries(seriesId))
                            .map(marked -> ExperimentView.of(e));
                }));
            });
        }));
    }

    /**
     * Running → stopped. With {@code rollOut} the winning arm's offer becomes the series' own: its free count and
     * its episode price (every paid episode then costs it, as it did in the arm: episodes' own prices are cleared,
     * a promotional free episode stays free). Viewers who met a more generous arm keep its episodes through their
     * exposures in entitlement-service.
     */
    public Uni<ExperimentView> stop(String seriesId, String experimentId, String rollOut, String actor) {
        return catalog.write(() -> requireExperiment(seriesId, experimentId).flatMap(e -> {
            if (!Experiment.RUNNING.equals(e.status)) {
                throw ExperimentProblems.wrongStatus(e, "stop", Experiment.RUNNING);
            }
            PaywallVariant winner = null;
            if (rollOut != null) {
                winner = ExperimentVariants.read(e.variants).stream().filter(v -> v.name().equals(rollOut))
                        .findFirst().orElseThrow(() -> ExperimentProblems.unknownVariant(e.id, rollOut));
            }
            e.status = Experiment.STOPPED;
            e.stoppedAt = now();
            e.stoppedBy = actor;
            e.rolledOutVariant = rollOut;
            PaywallVariant rolledOut = winner;
            Uni<Void> applied = rolledOut == null ? changes.markSeries(seriesId)
                    : requireSeries(seriesId).flatMap(s -> episodes.findOfSeries(s.id)
                    .flatMap(all -> rollOut(s, all, rolledOut)));
            return experiments.flush().flatMap(flushed -> applied).map(done -> ExperimentView.of(e));
        }));
    }

    @WithSession
    public Uni<ExperimentView.Page> list(String seriesId) {
        return requireSeries(seriesId).flatMap(s -> experiments.ofSeries(s.id))
                .map(all -> new ExperimentView.Page(seriesId, all.stream().map(ExperimentView::of).toList()));
    }

    @WithSession
    public Uni<ExperimentView> get(String seriesId, String experimentId) {
        return requireExperiment(seriesId, experimentId).map(ExperimentView::of);
    }

    private Uni<Void> rollOut(Series s, List<Episode> all, PaywallVariant winner) {
        OffsetDateTime now = now();
        if (winner.freeEpisodes() != null) {
            s.freeEpisodes = winner.freeEpisodes();
        }
        if (winner.episodePriceCoins() != null) {
            s.episodePriceCoins = winner.episodePriceCoins();
        }
        s.updatedAt = now;
        for (Episode ep : all) {
            if (winner.episodePriceCoins() != null && ep.priceCoins != null && ep.priceCoins > 0) {
                ep.priceCoins = null;
                ep.updatedAt = now;
            }
            boolean free = EpisodePricing.isFree(ep.number, s.freeEpisodes, ep.priceCoins);
            if (free != ep.free) {
                ep.free = free;
                ep.updatedAt = now;
            }
        }
        return changes.markSeriesAndEpisodes(s.id);
    }

    private Uni<Series> requireSeries(String seriesId) {
        return series.findById(seriesId).onItem().ifNull().failWith(() -> AdminProblems.unknownSeries(seriesId));
    }

    private Uni<Experiment> requireExperiment(String seriesId, String experimentId) {
        return experiments.findById(experimentId).map(e -> {
            if (e == null || !e.seriesId.equals(seriesId)) {
                throw ExperimentProblems.unknown(seriesId, experimentId);
            }
            return e;
        });
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
