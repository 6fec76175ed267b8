package com.microdrama.catalog.events;

import com.microdrama.catalog.series.Episode;
import com.microdrama.catalog.series.Series;
import com.microdrama.events.EventEnvelope;
import com.microdrama.events.EventTypes;
import com.microdrama.events.payload.EpisodeUpdated;
import com.microdrama.events.payload.SeriesUpdated;

import java.util.ArrayList;
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

    private CatalogEvents() {
    }

    /** A record to send: key and CloudEvents envelope. */
    public record KeyedEvent(String key, EventEnvelope envelope) {
    }

    /** Every series and episode; episodes first so a consumer never sees a series before its episodes' prices. */
    public static List<KeyedEvent> snapshot(List<Series> allSeries, List<Episode> allEpisodes) {
        Map<String, Series> seriesById = allSeries.stream().collect(Collectors.toMap(s -> s.id, Function.identity()));
        List<KeyedEvent> events = new ArrayList<>();
        for (Episode episode : allEpisodes) {
            Series series = seriesById.get(episode.seriesId);
            if (series != null) {
                events.add(episodeUpdated(series, episode));
            }
        }
        Map<String, List<Episode>> episodesBySeries = allEpisodes.stream()
                .collect(Collectors.groupingBy(e -> e.seriesId));
        for (Series series : allSeries) {
            events.add(seriesUpdated(series, episodesBySeries.getOrDefault(series.id, List.of())));
        }
        return events;
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
     */
    public static List<Outgoing> forMarkers(List<CatalogChanges.Marker> markers, List<Episode> episodes,
                                            List<Series> series, List<Episode> episodesOfSeries) {
        Map<String, Episode> episodeById = episodes.stream().collect(Collectors.toMap(e -> e.id, Function.identity()));
        Map<String, Series> seriesById = series.stream().collect(Collectors.toMap(s -> s.id, Function.identity()));
        Map<String, List<Episode>> episodesBySeries = episodesOfSeries.stream()
                .collect(Collectors.groupingBy(e -> e.seriesId));
        List<Outgoing> first = new ArrayList<>();
        List<Outgoing> last = new ArrayList<>();
        for (CatalogChanges.Marker marker : markers) {
            if (CatalogChanges.EPISODE.equals(marker.kind())) {
                Episode episode = episodeById.get(marker.key());
                Series owner = episode == null ? null : seriesById.get(episode.seriesId);
                first.add(new Outgoing(marker, owner == null ? null : episodeUpdated(owner, episode)));
            } else {
                Series s = seriesById.get(marker.key());
                last.add(new Outgoing(marker, s == null ? null
                        : seriesUpdated(s, episodesBySeries.getOrDefault(s.id, List.of()))));
            }
        }
        first.addAll(last);
        return first;
    }

    public static KeyedEvent episodeUpdated(Series series, Episode episode) {
        EpisodeUpdated payload = new EpisodeUpdated(episode.id, series.id, episode.number, episode.free,
                episode.effectivePrice(series), episode.published && series.published);
        return new KeyedEvent(episode.id,
                EventEnvelope.of(SOURCE, EventTypes.EPISODE_UPDATED, episode.id, payload));
    }

    /** Counts cover published episodes only: what a viewer can actually watch and a bundle actually unlocks. */
    public static KeyedEvent seriesUpdated(Series series, List<Episode> episodes) {
        List<Episode> published = episodes.stream().filter(e -> e.published).toList();
        int free = (int) published.stream().filter(e -> e.free).count();
        SeriesUpdated payload = new SeriesUpdated(series.id, published.size(), free, series.bundlePriceCoins,
                series.published);
        return new KeyedEvent(series.id, EventEnvelope.of(SOURCE, EventTypes.SERIES_UPDATED, series.id, payload));
    }
}
