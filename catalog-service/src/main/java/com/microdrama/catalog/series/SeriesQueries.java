package com.microdrama.catalog.series;

import com.microdrama.events.pricing.RegionalPricing;
import com.microdrama.catalog.language.LanguageNegotiator;
import com.microdrama.catalog.problem.CatalogProblems;
import com.microdrama.catalog.region.Regions;
import com.microdrama.catalog.region.SeriesRegionPriceRepository;
import com.microdrama.events.viewer.AgeRating;
import com.microdrama.support.problem.ViewerProblems;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Read side of the catalog: only published series and episodes, text in the negotiated language. */
@ApplicationScoped
public class SeriesQueries {

    private final SeriesRepository series;
    private final SeriesTranslationRepository seriesTexts;
    private final EpisodeRepository episodes;
    private final EpisodeTranslationRepository episodeTexts;
    private final SeriesRegionPriceRepository tiers;

    public SeriesQueries(SeriesRepository series, SeriesTranslationRepository seriesTexts, EpisodeRepository episodes,
                         EpisodeTranslationRepository episodeTexts, SeriesRegionPriceRepository tiers) {
        this.series = series;
        this.seriesTexts = seriesTexts;
        this.episodes = episodes;
        this.episodeTexts = episodeTexts;
        this.tiers = tiers;
    }

    /** @param acceptLanguage a language preference list (the query parameter or Accept-Language), may be null */
    @WithSession
    public Uni<SeriesPage> browse(SeriesRepository.Filter filter, String acceptLanguage, int page, int size) {
        // one session does not allow parallel queries, so the steps are chained
        return series.countPublished(filter).flatMap(total -> series.findPublished(filter, page, size)
                .flatMap(found -> {
                    List<String> ids = found.stream().map(s -> s.id).toList();
                    return seriesTexts.forSeries(ids).flatMap(texts -> episodes.countPublishedBySeries(ids)
                            .map(counts -> {
                                Map<String, List<SeriesTranslation>> textsBySeries = texts.stream()
                                        .collect(Collectors.groupingBy(t -> t.seriesId));
                                List<SeriesSummary> items = found.stream()
                                        .map(s -> summary(s, textsBySeries.getOrDefault(s.id, List.of()),
                                                counts.getOrDefault(s.id, 0L), acceptLanguage))
                                        .toList();
                                return new SeriesPage(items, page, size, total);
                            }));
                }));
    }

    /**
     * The series page without lock information, prices in {@code priceRegion}'s tier; 404 problem when the series is
     * unknown or unpublished, 451 when it is not available in the viewer's (trusted) region.
     */
    @WithSession
    public Uni<SeriesDetail> detail(String seriesId, String acceptLanguage, String viewerRegion, String priceRegion) {
        String region = priceRegion;
        return series.findPublishedById(seriesId)
                .onItem().ifNull().failWith(() -> CatalogProblems.unknownSeries(seriesId))
                .invoke(s -> {
                    if (!Regions.isAvailable(s.regions, viewerRegion)) {
                        throw ViewerProblems.notAvailableInRegion(s.id, viewerRegion);
                    }
                })
                .flatMap(s -> tiers.percentFor(s.id, region).flatMap(percent -> seriesTexts.forSeries(List.of(s.id))
                        .flatMap(texts -> {
                    SeriesTranslation text = pick(texts, acceptLanguage, s.originalLanguage);
                    String language = text == null ? s.originalLanguage : text.language;
                    return episodes.findPublishedOfSeries(s.id).flatMap(eps -> episodeTexts
                            .forSeries(s.id, new HashSet<>(List.of(language, s.originalLanguage)))
                            .map(titles -> {
                                Map<String, Map<String, String>> titlesByEpisode = new HashMap<>();
                                titles.forEach(t -> titlesByEpisode.computeIfAbsent(t.episodeId, k -> new HashMap<>())
                                        .put(t.language, t.title));
                                List<EpisodeView> views = eps.stream()
                                        .map(e -> episodeView(s, e, titlesByEpisode.getOrDefault(e.id, Map.of()),
                                                language, percent))
                                        .toList();
                                return new SeriesDetail(s.id, text == null ? s.id : text.title,
                                        text == null ? null : text.synopsis, language, s.originalLanguage,
                                        List.of(s.genres), s.ageRating, s.coverUrl, s.freeEpisodes,
                                        RegionalPricing.apply(s.bundlePriceCoins, percent), region, views, null);
                            }));
                })));
    }

    /**
     * A published episode of a published series, with its effective price in the region's tier and whether the
     * series is available there; 404 problem otherwise.
     */
    @WithSession
    public Uni<PlayableEpisode> playable(String episodeId, String region) {
        return episodes.findPublishedById(episodeId)
                .flatMap(e -> e == null ? Uni.createFrom().nullItem() : series.findPublishedById(e.seriesId)
                        .flatMap(s -> s == null ? Uni.createFrom().nullItem() : tiers.percentFor(s.id, region)
                                .flatMap(percent -> seriesTexts.forSeries(List.of(s.id)).map(texts -> {
                                    SeriesTranslation text = pick(texts, null, s.originalLanguage);
                                    return new PlayableEpisode(e.id, s.id, e.number, e.videoAsset, e.free,
                                            RegionalPricing.apply(e.effectivePrice(s), percent),
                                            RegionalPricing.apply(s.bundlePriceCoins, percent),
                                            text == null ? s.id : text.title, region,
                                            Regions.isAvailable(s.regions, region),
                                            AgeRating.ofLabelOrStrictest(s.ageRating));
                                }))))
                .onItem().ifNull().failWith(() -> CatalogProblems.unknownEpisode(episodeId));
    }

    private static SeriesSummary summary(Series s, List<SeriesTranslation> texts, long episodeCount,
                                         String acceptLanguage) {
        SeriesTranslation text = pick(texts, acceptLanguage, s.originalLanguage);
        return new SeriesSummary(s.id, text == null ? s.id : text.title,
                text == null ? s.originalLanguage : text.language, Arrays.asList(s.genres), episodeCount,
                s.coverUrl, s.originalLanguage);
    }

    /** Negotiated translation; the original's, or any, when the original text is missing (bad data, not a 500). */
    static SeriesTranslation pick(List<SeriesTranslation> texts, String acceptLanguage, String original) {
        if (texts.isEmpty()) {
            return null;
        }
        Map<String, SeriesTranslation> byLanguage = texts.stream()
                .collect(Collectors.toMap(t -> t.language, Function.identity(), (a, b) -> a));
        String language = LanguageNegotiator.negotiate(acceptLanguage, byLanguage.keySet(), original);
        SeriesTranslation chosen = byLanguage.get(language);
        return chosen != null ? chosen : texts.get(0);
    }

    private static EpisodeView episodeView(Series s, Episode e, Map<String, String> own, String language,
                                           int percent) {
        String title = own.getOrDefault(language, own.getOrDefault(s.originalLanguage, "#" + e.number));
        return new EpisodeView(e.id, e.number, title, e.durationSeconds, e.free,
                RegionalPricing.apply(e.effectivePrice(s), percent), null, null);
    }
}
