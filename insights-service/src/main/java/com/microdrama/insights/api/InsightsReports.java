package com.microdrama.insights.api;

import com.microdrama.insights.funnel.EpisodeCounts;
import com.microdrama.insights.funnel.FunnelCounts;
import com.microdrama.insights.funnel.FunnelQueries;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** Folds the stores' rows of a range into the reports the API answers with. */
@ApplicationScoped
public class InsightsReports {
    private final FunnelQueries queries;

    public InsightsReports(FunnelQueries queries) {
        this.queries = queries;
    }

    public FunnelReport funnel(String seriesId, LocalDate from, LocalDate to) {
        FunnelCounts total = new FunnelCounts();
        Map<String, FunnelCounts> days = new TreeMap<>();
        Map<String, FunnelCounts> regions = new TreeMap<>();
        Map<String, FunnelCounts> languages = new TreeMap<>();
        // key parts: series, day, region, language
        queries.funnel(seriesId, from, to, (key, counts) -> {
            total.add(counts);
            days.computeIfAbsent(key[1], k -> new FunnelCounts()).add(counts);
            regions.computeIfAbsent(key[2], k -> new FunnelCounts()).add(counts);
            languages.computeIfAbsent(key[3], k -> new FunnelCounts()).add(counts);
        });
        return new FunnelReport(seriesId, from, to, FunnelRow.of(null, null, null, total),
                rows(days, day -> FunnelRow.of(day, null, null, days.get(day))),
                rows(regions, region -> FunnelRow.of(null, region, null, regions.get(region))),
                rows(languages, language -> FunnelRow.of(null, null, language, languages.get(language))));
    }

    public EpisodeReport episodes(String seriesId, LocalDate from, LocalDate to) {
        Map<Integer, EpisodeCounts> byNumber = new TreeMap<>();
        // key parts: series, day, episode number
        queries.episodes(seriesId, from, to, (key, counts) ->
                byNumber.computeIfAbsent(Integer.parseInt(key[2]), n -> new EpisodeCounts()).add(counts));
        EpisodeCounts first = byNumber.get(1);
        long base = first == null ? 0 : first.reached;
        List<EpisodeRow> rows = new ArrayList<>();
        byNumber.forEach((number, c) -> rows.add(new EpisodeRow(number, c.plays, c.reached, c.paywallViews, c.unlocks,
                base == 0 ? null : Math.round(10_000.0 * c.reached / base) / 10_000.0)));
        return new EpisodeReport(seriesId, from, to, rows);
    }

    private static List<FunnelRow> rows(Map<String, FunnelCounts> grouped, Function<String, FunnelRow> row) {
        return grouped.keySet().stream().map(row).toList();
    }
}
