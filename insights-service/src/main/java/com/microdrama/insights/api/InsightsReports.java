package com.microdrama.insights.api;

import com.microdrama.insights.experiment.ArmCounts;
import com.microdrama.insights.experiment.ExperimentStatistics;
import com.microdrama.insights.funnel.EpisodeCounts;
import com.microdrama.insights.funnel.FunnelCounts;
import com.microdrama.insights.funnel.FunnelQueries;
import com.microdrama.insights.revenue.RevenueCounts;
import com.microdrama.support.problem.ProblemException;
import com.microdrama.support.problem.Problems;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
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

    /** Header of {@link #funnelCsv}: the row's dimensions, then FunnelRow's counts in its order. */
    static final String CSV_HEADER = "day,region,language,plays,viewers,paywallViews,paywallViewers,payers,"
            + "payersAfterPaywall,episodeUnlocks,seriesUnlocks,coinsSpent,refunds,coinsRefunded";

    /**
     * The funnel's rows at their finest grain (one per day, region and language, as stored), as CSV (RFC 4180, CRLF):
     * what a spreadsheet pivots. Viewer counts are first times, so any sum of rows is a count of distinct viewers.
     */
    public String funnelCsv(String seriesId, LocalDate from, LocalDate to) {
        StringBuilder csv = new StringBuilder(CSV_HEADER).append("\r\n");
        queries.funnel(seriesId, from, to, (key, c) -> csv.append(String.join(",", key[1], key[2], key[3]))
                .append(',').append(c.plays).append(',').append(c.viewers).append(',').append(c.paywallViews)
                .append(',').append(c.paywallViewers).append(',').append(c.payers).append(',')
                .append(c.payersAfterPaywall).append(',').append(c.episodeUnlocks).append(',').append(c.seriesUnlocks)
                .append(',').append(c.coinsSpent).append(',').append(c.refunds).append(',').append(c.coinsRefunded)
                .append("\r\n"));
        return csv.toString();
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

    public RevenueReport revenue(LocalDate from, LocalDate to) {
        Map<List<String>, RevenueCounts> currencies = new TreeMap<>(KEYS);
        Map<List<String>, RevenueCounts> days = new TreeMap<>(KEYS);
        Map<List<String>, RevenueCounts> providers = new TreeMap<>(KEYS);
        // key parts: day, currency, provider
        queries.revenue(from, to, (key, counts) -> {
            currencies.computeIfAbsent(List.of(key[1]), k -> new RevenueCounts()).add(counts);
            days.computeIfAbsent(List.of(key[0], key[1]), k -> new RevenueCounts()).add(counts);
            providers.computeIfAbsent(List.of(key[2], key[1]), k -> new RevenueCounts()).add(counts);
        });
        List<RevenueRow> byCurrency = new ArrayList<>();
        currencies.forEach((k, c) -> byCurrency.add(RevenueRow.of(null, k.get(0), null, c)));
        List<RevenueRow> byDay = new ArrayList<>();
        days.forEach((k, c) -> byDay.add(RevenueRow.of(k.get(0), k.get(1), null, c)));
        List<RevenueRow> byProvider = new ArrayList<>();
        providers.forEach((k, c) -> byProvider.add(RevenueRow.of(null, k.get(1), k.get(0), c)));
        return new RevenueReport(from, to, byCurrency, byDay, byProvider);
    }

    static final String UNKNOWN_EXPERIMENT = "unknown-experiment";

    /**
     * Every arm of the experiment and each against {@code control} (null: the first arm in name order); 404
     * {@code unknown-experiment} when no fact of it was counted, 400 naming {@code control} when it is no arm of it.
     */
    public ExperimentReport experiment(String seriesId, String experimentId, String control) {
        Map<String, ArmCounts> arms = arms(seriesId, experimentId);
        String base = control == null ? arms.keySet().iterator().next() : control;
        if (!arms.containsKey(base)) {
            throw new ProblemException(Problems.invalidField("control", "is no arm of experiment " + experimentId
                    + " with facts (" + String.join(", ", arms.keySet()) + ")"));
        }
        ExperimentStatistics.Sample baseSample = ExperimentStatistics.Sample.of(arms.get(base));
        List<ArmRow> rows = new ArrayList<>();
        List<ArmComparison> comparisons = new ArrayList<>();
        arms.forEach((variant, counts) -> {
            rows.add(ArmRow.of(variant, counts));
            if (!variant.equals(base)) {
                ExperimentStatistics.Sample sample = ExperimentStatistics.Sample.of(counts);
                comparisons.add(new ArmComparison(variant, base,
                        ArmComparison.DifferenceTest.of(ExperimentStatistics.conversion(baseSample, sample)),
                        ArmComparison.DifferenceTest.of(ExperimentStatistics.coinsPerViewer(baseSample, sample))));
            }
        });
        return new ExperimentReport(seriesId, experimentId, base, ExperimentReport.METHOD, ExperimentReport.NOTE, rows,
                comparisons);
    }

    /** Header of {@link #experimentCsv}: the stored counts, from which every figure of the report follows. */
    static final String EXPERIMENT_CSV_HEADER = "variant,viewers,paywallViewers,payers,coinsSpent,coinsSquared";

    /**
     * The arms' counts as stored, as CSV (RFC 4180, CRLF): with the sum of squares, so an analyst can redo the tests
     * (or others) without the service.
     */
    public String experimentCsv(String seriesId, String experimentId) {
        StringBuilder csv = new StringBuilder(EXPERIMENT_CSV_HEADER).append("\r\n");
        arms(seriesId, experimentId).forEach((variant, c) -> csv.append(csvField(variant)).append(',')
                .append(c.viewers).append(',').append(c.paywallViewers).append(',').append(c.payers).append(',')
                .append(c.coinsSpent).append(',').append(c.coinsSquared).append("\r\n"));
        return csv.toString();
    }

    /** The experiment's arms by name; 404 {@code unknown-experiment} when it has none. */
    private Map<String, ArmCounts> arms(String seriesId, String experimentId) {
        Map<String, ArmCounts> arms = new TreeMap<>();
        queries.arms(seriesId, experimentId, arms::put);
        if (arms.isEmpty()) {
            throw new ProblemException(404, UNKNOWN_EXPERIMENT, "Unknown experiment", "No fact of experiment "
                    + experimentId + " on series " + seriesId + " was counted (yet).");
        }
        return arms;
    }

    /** An arm name is free text: quoted (RFC 4180) when it holds a comma, a quote or a line break. */
    private static String csvField(String text) {
        return text.matches("[^,\"\r\n]*") ? text : '"' + text.replace("\"", "\"\"") + '"';
    }

    /** Orders composite keys part by part. */
    private static final Comparator<List<String>> KEYS = (a, b) -> {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    };

    private static List<FunnelRow> rows(Map<String, FunnelCounts> grouped, Function<String, FunnelRow> row) {
        return grouped.keySet().stream().map(row).toList();
    }
}
