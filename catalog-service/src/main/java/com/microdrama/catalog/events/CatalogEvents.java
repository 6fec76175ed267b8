package com.microdrama.catalog.events;

import com.microdrama.catalog.experiment.Experiment;
import com.microdrama.catalog.experiment.ExperimentVariants;
import com.microdrama.catalog.region.SeriesRegionPrice;
import com.microdrama.catalog.series.Episode;
import com.microdrama.catalog.series.Series;
import com.microdrama.events.EventEnvelope;
import com.microdrama.events.EventTypes;
import com.microdrama.events.experiment.PaywallExperiment;
import com.microdrama.events.payload.EpisodeUpdated;
import com.microdrama.events.payload.SeriesUpdated;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns catalog rows into the state-carrying events of the compacted catalog-events topic (record key = subject =
 * episode or series id). Consumers sell what these say, so an episode counts as published only when its series is.
 */
public final class CatalogEvents {
    public static final String SOURCE = "/catalog-service";

    /**
     * Version of what these events say about a row. Bump it whenever the mapping changes what an event says for
     * the same database state (a new field, a new rule): the next start then republishes the whole catalog, because
     * the compacted topic still holds the old wording ({@link CatalogPublication}). 2 = regional price tiers,
     * 3 = licence regions and age rating on the series (payment-service refuses what playback would refuse),
     * 4 = the running paywall experiment (docs/decisions/0036-paywall-experiments.md) and the owning creator on
     * the series.
     */
    public static final int FORMAT = 4;

    private CatalogEvents() {
    }

    /** A record to send: key and CloudEvents envelope. */
    public record KeyedEvent(String key, EventEnvelope envelope) {
    }

    /** What the relay sends for one marker: the event, or none when the row no longer exists (nothing to say). */
    public record Outgoing(CatalogChanges.Marker marker, KeyedEvent event) {
    }

    /**
     * The current state of every marked row, episodes before series (a consumer should know an episode's price
     * before the series that counts it).
     *
     * @param episodes         the marked episodes that still exist
     * @param series           every series a marked row belongs to or is
     * @param episodesOfSeries every episode of the marked series (for their counts)
     * @param tiersOfSeries    every regional price tier of the marked series
     * @param running          the running experiments of the marked series
     */
    public static List<Outgoing> forMarkers(List<CatalogChanges.Marker> markers, List<Episode> episodes,
                                            List<Series> series, List<Episode> episodesOfSeries,
                                            List<SeriesRegionPrice> tiersOfSeries, List<Experiment> running,
                                            Instant time) {
        Map<String, Episode> episodeById = episodes.stream().collect(Collectors.toMap(e -> e.id, Function.identity()));
        Map<String, Series> seriesById = series.stream().collect(Collectors.toMap(s -> s.id, Function.identity()));
        Map<String, List<Episode>> episodesBySeries = episodesOfSeries.stream()
                .collect(Collectors.groupingBy(e -> e.seriesId));
        Map<String, Map<String, Integer>> tiersBySeries = tiersOfSeries.stream().collect(Collectors.groupingBy(
                t -> t.seriesId, Collectors.toMap(t -> t.region, t -> t.pricePercent, (a, b) -> b, LinkedHashMap::new)));
        Map<String, Experiment> runningBySeries = running.stream()
                .collect(Collectors.toMap(e -> e.seriesId, Function.identity()));
        List<Outgoing> first = new ArrayList<>();
        List<Outgoing> last = new ArrayList<>();
        for (CatalogChanges.Marker marker : markers) {
            if (CatalogChanges.EPISODE.equals(marker.kind())) {
                Episode episode = episodeById.get(marker.key());
                Series owner = episode == null ? null : seriesById.get(episode.seriesId);
                first.add(new Outgoing(marker, owner == null ? null : episodeUpdated(owner, episode, time)));
            } else {
                Series s = seriesById.get(marker.key());
                last.add(new Outgoing(marker, s == null ? null
                        : seriesUpdated(s, episodesBySeries.getOrDefault(s.id, List.of()),
                        tiersBySeries.getOrDefault(s.id, Map.of()),
                        ExperimentVariants.running(runningBySeries.get(s.id)), time)));
            }
        }
        first.addAll(last);
        return first;
    }

    public static KeyedEvent episodeUpdated(Series series, Episode episode, Instant time) {
        EpisodeUpdated payload = new EpisodeUpdated(episode.id, series.id, episode.number, episode.free,
                episode.effectivePrice(series), episode.published && series.published);
        return new KeyedEvent(episode.id,
                EventEnvelope.of(SOURCE, EventTypes.EPISODE_UPDATED, episode.id, time, payload));
    }

    /**
     * Counts cover published episodes only: what a viewer can actually watch and a bundle actually unlocks. The
     * tiers travel with the series so payment-service charges in a region exactly what catalog-service shows there;
     * the licence regions and the age rating so it never sells what playback would refuse.
     *
     * The running paywall experiment travels with the series too, so every service assigns a viewer the same arm
     * in the same order as the series' other facts (docs/decisions/0036-paywall-experiments.md).
     *
     * @param regionalPricePercent the series' tiers, region → percent; empty = one price everywhere
     * @param experiment           the running experiment, null when none runs
     */
    public static KeyedEvent seriesUpdated(Series series, List<Episode> episodes,
                                           Map<String, Integer> regionalPricePercent, PaywallExperiment experiment,
                                           Instant time) {
        List<Episode> published = episodes.stream().filter(e -> e.published).toList();
        int free = (int) published.stream().filter(e -> e.free).count();
        SeriesUpdated payload = new SeriesUpdated(series.id, published.size(), free, series.bundlePriceCoins,
                series.published, regionalPricePercent,
                series.regions == null ? List.of() : Arrays.asList(series.regions), series.ageRating, experiment,
                series.creatorId);
        return new KeyedEvent(series.id, EventEnvelope.of(SOURCE, EventTypes.SERIES_UPDATED, series.id, time,
                payload));
    }
}
