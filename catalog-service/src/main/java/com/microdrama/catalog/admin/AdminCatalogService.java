package com.microdrama.catalog.admin;

import com.microdrama.catalog.events.CatalogChangeRelay;
import com.microdrama.catalog.events.CatalogChanges;
import com.microdrama.catalog.experiment.ExperimentProblems;
import com.microdrama.catalog.experiment.ExperimentRepository;
import com.microdrama.catalog.readcache.CatalogReadCache;
import com.microdrama.catalog.region.SeriesRegionPrice;
import com.microdrama.catalog.region.SeriesRegionPriceRepository;
import com.microdrama.catalog.series.Episode;
import com.microdrama.catalog.series.EpisodePricing;
import com.microdrama.catalog.series.EpisodeRepository;
import com.microdrama.catalog.series.EpisodeTranslation;
import com.microdrama.catalog.series.EpisodeTranslationRepository;
import com.microdrama.catalog.series.Series;
import com.microdrama.catalog.series.SeriesRepository;
import com.microdrama.catalog.series.SeriesTranslation;
import com.microdrama.catalog.series.SeriesTranslationRepository;
import com.microdrama.catalog.validation.Formats;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Catalog writes. Every write marks what it changed in the same transaction ({@link CatalogChanges}), so the relay
 * publishes it to catalog-events even if the process dies right after the commit; the nudge after the commit only
 * makes that fast.
 */
@ApplicationScoped
public class AdminCatalogService {

    private final SeriesRepository series;
    private final SeriesTranslationRepository seriesTexts;
    private final EpisodeRepository episodes;
    private final EpisodeTranslationRepository episodeTexts;
    private final SeriesRegionPriceRepository tiers;
    private final CatalogChanges changes;
    private final CatalogChangeRelay relay;
    private final CatalogReadCache readCache;
    private final ExperimentRepository experiments;
    private final Clock clock;

    public AdminCatalogService(SeriesRepository series, SeriesTranslationRepository seriesTexts,
                               EpisodeRepository episodes, EpisodeTranslationRepository episodeTexts,
                               SeriesRegionPriceRepository tiers, CatalogChanges changes, CatalogChangeRelay relay,
                               CatalogReadCache readCache, ExperimentRepository experiments, Clock clock) {
        this.series = series;
        this.seriesTexts = seriesTexts;
        this.episodes = episodes;
        this.episodeTexts = episodeTexts;
        this.tiers = tiers;
        this.changes = changes;
        this.relay = relay;
        this.readCache = readCache;
        this.experiments = experiments;
        this.clock = clock;
    }

    // ---- series ----

    public Uni<AdminViews.Series> createSeries(AdminRequests.CreateSeries request) {
        return write(() -> series.findById(request.id()).flatMap(existing -> {
            if (existing != null) {
                throw AdminProblems.seriesExists(request.id());
            }
            Series s = new Series();
            s.id = request.id();
            applyMetadata(s, request.originalLanguage(), request.genres(), request.ageRating(), request.regions(),
                    request.coverUrl());
            s.freeEpisodes = request.freeEpisodes();
            s.episodePriceCoins = request.episodePriceCoins();
            s.bundlePriceCoins = request.bundlePriceCoins();
            s.published = false;
            s.updatedAt = now();
            SeriesTranslation text = new SeriesTranslation();
            text.seriesId = s.id;
            text.language = s.originalLanguage;
            text.title = request.title().trim();
            text.synopsis = request.synopsis().trim();
            return series.persist(s)
                    .flatMap(saved -> seriesTexts.persist(text))
                    .flatMap(saved -> changes.markSeries(s.id))
                    .flatMap(marked -> seriesView(s));
        }));
    }

    public Uni<AdminViews.Series> updateSeries(String seriesId, AdminRequests.UpdateSeries request) {
        return write(() -> requireSeries(seriesId).flatMap(s -> {
            applyMetadata(s, request.originalLanguage(), request.genres(), request.ageRating(), request.regions(),
                    request.coverUrl());
            s.updatedAt = now();
            return changes.markSeries(s.id).flatMap(marked -> seriesView(s));
        }));
    }

    public Uni<AdminViews.Series> putSeriesText(String seriesId, String language, AdminRequests.SeriesText request) {
        String tag = Formats.normalizeLanguage(language);
        return write(() -> requireSeries(seriesId).flatMap(s -> seriesTexts.findById(new SeriesTranslation.Key(s.id, tag))
                .flatMap(found -> {
                    SeriesTranslation text = found != null ? found : new SeriesTranslation();
                    text.seriesId = s.id;
                    text.language = tag;
                    text.title = request.title().trim();
                    text.synopsis = request.synopsis().trim();
                    s.updatedAt = now();
                    Uni<?> saved = found != null ? Uni.createFrom().item(text) : seriesTexts.persist(text);
                    return saved.flatMap(ignored -> changes.markSeries(s.id)).flatMap(marked -> seriesView(s));
                })));
    }

    /** Publication of a series changes what its episodes' events say too (published = episode and series). */
    public Uni<AdminViews.Series> publishSeries(String seriesId, boolean published) {
        return write(() -> requireSeries(seriesId).flatMap(s -> {
            s.published = published;
            s.updatedAt = now();
            return changes.markSeriesAndEpisodes(s.id).flatMap(marked -> seriesView(s));
        }));
    }

    /** New default prices and free count: every episode's effective price may change, so all are re-published. */
    /**
     * Refused while a paywall experiment runs on the series: its arms are measured against this offer and may only
     * give more than it (docs/decisions/0036-paywall-experiments.md).
     */
    public Uni<AdminViews.Series> putPricing(String seriesId, AdminRequests.Pricing request) {
        return write(() -> requireSeries(seriesId).call(s -> experiments.runningOf(s.id).invoke(running -> {
            if (running != null) {
                throw ExperimentProblems.pricingLocked(s.id, running.id);
            }
        })).flatMap(s -> episodes.findOfSeries(s.id).flatMap(all -> {
            s.freeEpisodes = request.freeEpisodes();
            s.episodePriceCoins = request.episodePriceCoins();
            s.bundlePriceCoins = request.bundlePriceCoins();
            s.updatedAt = now();
            OffsetDateTime now = now();
            for (Episode e : all) {
                boolean free = EpisodePricing.isFree(e.number, s.freeEpisodes, e.priceCoins);
                if (free != e.free) {
                    e.free = free;
                    e.updatedAt = now;
                }
            }
            return changes.markSeriesAndEpisodes(s.id).flatMap(marked -> seriesView(s));
        })));
    }

    public Uni<AdminViews.Series> putRegionalPricing(String seriesId, AdminRequests.RegionalPrices request) {
        Map<String, Integer> byRegion = AdminRules.regionalTiers(request.tiers());
        return write(() -> requireSeries(seriesId).flatMap(s -> tiers.deleteForSeries(s.id).flatMap(deleted -> {
            List<SeriesRegionPrice> rows = byRegion.entrySet().stream().map(e -> {
                SeriesRegionPrice tier = new SeriesRegionPrice();
                tier.seriesId = s.id;
                tier.region = e.getKey();
                tier.pricePercent = e.getValue();
                return tier;
            }).toList();
            s.updatedAt = now();
            // Panache refuses to persist an empty batch, and [] (one price everywhere) is a valid request
            Uni<Void> saved = rows.isEmpty() ? Uni.createFrom().voidItem() : tiers.persist(rows);
            return saved.flatMap(ignored -> changes.markSeries(s.id)).flatMap(marked -> seriesView(s));
        })));
    }

    /** Who owns the series: a creator's user id, or null for the platform; published with the series. */
    public Uni<AdminViews.Series> putCreator(String seriesId, AdminRequests.Creator request) {
        return write(() -> requireSeries(seriesId).flatMap(s -> {
            s.creatorId = request.creatorId();
            s.updatedAt = now();
            return changes.markSeries(s.id).flatMap(marked -> seriesView(s));
        }));
    }

    @WithSession
    public Uni<AdminViews.Series> getSeries(String seriesId) {
        return requireSeries(seriesId).flatMap(this::seriesView);
    }

    @WithSession
    public Uni<AdminViews.SeriesPage> listSeries(int page, int size) {
        return series.count().flatMap(total -> series.findAllPaged(page, size).flatMap(found -> {
            List<String> ids = found.stream().map(s -> s.id).toList();
            return seriesTexts.forSeries(ids).flatMap(texts -> episodes.countBySeries(ids).map(counts -> {
                Map<String, String> titles = texts.stream()
                        .collect(Collectors.toMap(t -> t.seriesId + "|" + t.language, t -> t.title));
                List<AdminViews.SeriesSummary> items = found.stream().map(s -> new AdminViews.SeriesSummary(s.id,
                        titles.getOrDefault(s.id + "|" + s.originalLanguage, s.id), s.originalLanguage, s.ageRating,
                        Arrays.asList(s.regions), s.published, counts.getOrDefault(s.id, 0L))).toList();
                return new AdminViews.SeriesPage(items, page, size, total);
            }));
        }));
    }

    // ---- episodes ----

    public Uni<AdminViews.Episode> createEpisode(String seriesId, AdminRequests.CreateEpisode request) {
        String episodeId = request.id() != null ? request.id() : AdminRules.defaultEpisodeId(seriesId, request.number());
        return write(() -> requireSeries(seriesId).flatMap(s -> episodes.findById(episodeId).flatMap(existing -> {
            if (existing != null) {
                throw AdminProblems.episodeExists(episodeId);
            }
            return episodes.findBySeriesAndNumber(s.id, request.number()).flatMap(taken -> {
                if (taken != null) {
                    throw AdminProblems.numberTaken(s.id, request.number(), taken.id);
                }
                Episode e = new Episode();
                e.id = episodeId;
                e.seriesId = s.id;
                e.number = request.number();
                e.durationSeconds = request.durationSeconds();
                e.videoAsset = request.videoAsset();
                e.priceCoins = request.priceCoins();
                e.free = EpisodePricing.isFree(e.number, s.freeEpisodes, e.priceCoins);
                e.published = false;
                e.updatedAt = now();
                EpisodeTranslation title = new EpisodeTranslation();
                title.episodeId = e.id;
                title.language = s.originalLanguage;
                title.title = request.title().trim();
                return episodes.persist(e)
                        .flatMap(saved -> episodeTexts.persist(title))
                        .flatMap(saved -> markEpisodeAndSeries(e))
                        .flatMap(marked -> episodeView(s, e));
            });
        })));
    }

    public Uni<AdminViews.Episode> updateEpisode(String episodeId, AdminRequests.UpdateEpisode request) {
        return write(() -> requireEpisode(episodeId).flatMap(e -> requireSeries(e.seriesId).flatMap(s -> {
            Uni<Episode> numberCheck = e.number == request.number() ? Uni.createFrom().nullItem()
                    : episodes.findBySeriesAndNumber(s.id, request.number());
            return numberCheck.flatMap(taken -> {
                if (taken != null && !taken.id.equals(e.id)) {
                    throw AdminProblems.numberTaken(s.id, request.number(), taken.id);
                }
                e.number = request.number();
                e.durationSeconds = request.durationSeconds();
                e.videoAsset = request.videoAsset();
                e.free = EpisodePricing.isFree(e.number, s.freeEpisodes, e.priceCoins);
                e.updatedAt = now();
                return markEpisodeAndSeries(e).flatMap(marked -> episodeView(s, e));
            });
        })));
    }

    public Uni<AdminViews.Episode> putEpisodeText(String episodeId, String language, AdminRequests.EpisodeText request) {
        String tag = Formats.normalizeLanguage(language);
        return write(() -> requireEpisode(episodeId).flatMap(e -> requireSeries(e.seriesId).flatMap(s -> episodeTexts
                .findById(new EpisodeTranslation.Key(e.id, tag)).flatMap(found -> {
                    EpisodeTranslation text = found != null ? found : new EpisodeTranslation();
                    text.episodeId = e.id;
                    text.language = tag;
                    text.title = request.title().trim();
                    e.updatedAt = now();
                    Uni<?> saved = found != null ? Uni.createFrom().item(text) : episodeTexts.persist(text);
                    return saved.flatMap(ignored -> changes.markEpisode(e.id)).flatMap(marked -> episodeView(s, e));
                }))));
    }

    public Uni<AdminViews.Episode> publishEpisode(String episodeId, boolean published) {
        return write(() -> requireEpisode(episodeId).flatMap(e -> requireSeries(e.seriesId).flatMap(s -> {
            e.published = published;
            e.updatedAt = now();
            return markEpisodeAndSeries(e).flatMap(marked -> episodeView(s, e));
        })));
    }

    /** The series' free count can change with it (0 = free), so the series is re-published too. */
    public Uni<AdminViews.Episode> putEpisodePrice(String episodeId, AdminRequests.EpisodePrice request) {
        return write(() -> requireEpisode(episodeId).flatMap(e -> requireSeries(e.seriesId).flatMap(s -> {
            e.priceCoins = request.priceCoins();
            e.free = EpisodePricing.isFree(e.number, s.freeEpisodes, e.priceCoins);
            e.updatedAt = now();
            return markEpisodeAndSeries(e).flatMap(marked -> episodeView(s, e));
        })));
    }

    @WithSession
    public Uni<AdminViews.Episode> getEpisode(String episodeId) {
        return requireEpisode(episodeId).flatMap(e -> requireSeries(e.seriesId).flatMap(s -> episodeView(s, e)));
    }

    // ---- helpers ----

    /** One transaction for the change and its markers; after the commit the relay is nudged to publish at once. */
    /**
     * One catalog write: a transaction retried on lock conflicts, then this instance's read cache cleared and the
     * relay nudged. Every admin change of the catalog goes through it (experiments too).
     */
    public <T> Uni<T> write(java.util.function.Supplier<Uni<T>> work) {
        // concurrent writes of one series (its episodes published in parallel) and the relay's pass mark and clear
        // the same catalog_change rows: PostgreSQL may pick one of them as a deadlock victim; that transaction rolled
        // back entirely, so running it again is safe
        return Uni.createFrom().deferred(() -> Panache.withTransaction(work))
                .onFailure(LockConflicts::isLockConflict).retry()
                .withBackOff(Duration.ofMillis(20), Duration.ofMillis(200)).atMost(4)
                .invoke(committed -> {
            readCache.invalidateAll();
            relay.nudge();
        });
    }

    private Uni<Series> requireSeries(String seriesId) {
        return series.findById(seriesId).onItem().ifNull().failWith(() -> AdminProblems.unknownSeries(seriesId));
    }

    private Uni<Episode> requireEpisode(String episodeId) {
        return episodes.findById(episodeId).onItem().ifNull().failWith(() -> AdminProblems.unknownEpisode(episodeId));
    }

    private Uni<Void> markEpisodeAndSeries(Episode e) {
        return changes.markEpisode(e.id).flatMap(marked -> changes.markSeries(e.seriesId));
    }

    private static void applyMetadata(Series s, String originalLanguage, List<String> genres, String ageRating,
                                      List<String> regions, String coverUrl) {
        s.originalLanguage = Formats.normalizeLanguage(originalLanguage);
        s.genres = AdminRules.genres(genres).toArray(String[]::new);
        s.ageRating = ageRating;
        s.regions = AdminRules.regions(regions).toArray(String[]::new);
        s.coverUrl = coverUrl;
    }

    private Uni<AdminViews.Series> seriesView(Series s) {
        return seriesTexts.forSeries(List.of(s.id)).flatMap(texts -> tiers.forSeries(s.id).flatMap(tierRows -> episodes
                .findOfSeries(s.id).flatMap(eps -> episodeTexts.forEpisodes(eps.stream().map(e -> e.id).toList())
                        .map(titles -> {
                            Map<String, List<EpisodeTranslation>> titlesByEpisode = titles.stream()
                                    .collect(Collectors.groupingBy(t -> t.episodeId));
                            return new AdminViews.Series(s.id, s.originalLanguage, Arrays.asList(s.genres),
                                    s.ageRating, Arrays.asList(s.regions), s.coverUrl, s.freeEpisodes,
                                    s.episodePriceCoins, s.bundlePriceCoins, s.published,
                                    texts.stream()
                                            .sorted((a, b) -> a.language.compareTo(b.language))
                                            .map(t -> new AdminViews.Text(t.language, t.title, t.synopsis)).toList(),
                                    tierRows.stream().map(t -> new AdminViews.Tier(t.region, t.pricePercent)).toList(),
                                    eps.stream().map(e -> toView(s, e, titlesByEpisode.getOrDefault(e.id, List.of())))
                                            .toList(),
                                    s.updatedAt, s.creatorId);
                        }))));
    }

    private Uni<AdminViews.Episode> episodeView(Series s, Episode e) {
        return episodeTexts.forEpisode(e.id).map(titles -> toView(s, e, titles));
    }

    private static AdminViews.Episode toView(Series s, Episode e, List<EpisodeTranslation> titles) {
        return new AdminViews.Episode(e.id, e.seriesId, e.number, e.durationSeconds, e.videoAsset, e.free, e.priceCoins,
                e.effectivePrice(s), e.published,
                titles.stream().map(t -> new AdminViews.EpisodeText(t.language, t.title)).toList(), e.updatedAt);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
