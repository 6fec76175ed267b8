package com.microdrama.insights.funnel;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Counts the facts of the series in this task's partition into stores {@code funnel} and {@code episodes}, keeping
 * per viewer what is needed for first times ({@code viewers}) and the episode numbers unlocks lack
 * ({@code episode-numbers}). Days are UTC days of the fact's own time. A fact whose day ended more than the grace
 * before the task's stream time is dropped and counted (late): a day's numbers are final once its grace passed.
 */
final class FunnelProcessor implements Processor<String, Fact, Void, Void> {
    /** Episode numbers above this are not series episodes (a series has 60–100): counted as plays, never as reached. */
    static final int MAX_EPISODE = 1000;
    private final long graceMillis;
    private final Runnable late;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, ViewerState> viewers;
    private KeyValueStore<String, FunnelCounts> funnel;
    private KeyValueStore<String, EpisodeCounts> episodes;
    private KeyValueStore<String, Integer> episodeNumbers;

    FunnelProcessor(Duration grace, Runnable late) {
        this.graceMillis = grace.toMillis();
        this.late = late;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        viewers = context.getStateStore(FunnelTopology.VIEWERS);
        funnel = context.getStateStore(FunnelTopology.FUNNEL);
        episodes = context.getStateStore(FunnelTopology.EPISODES);
        episodeNumbers = context.getStateStore(FunnelTopology.EPISODE_NUMBERS);
    }

    @Override
    public void process(Record<String, Fact> record) {
        Fact fact = record.value();
        if (fact == null || fact.seriesId() == null || fact.at() == null) {
            return;
        }
        LocalDate day = LocalDate.ofInstant(fact.at(), ZoneOffset.UTC);
        long dayEnded = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        if (dayEnded + graceMillis < context.currentStreamTimeMs()) {
            late.run();
            return;
        }
        String viewerKey = fact.viewerId() == null ? null : StoreKeys.viewer(fact.seriesId(), fact.viewerId());
        ViewerState viewer = viewerKey == null ? null : viewers.get(viewerKey);
        if (viewerKey != null && viewer == null) {
            viewer = new ViewerState();
        }
        if (viewer != null && fact.region() != null) {
            viewer.region = fact.region();
            viewer.language = fact.language();
        }
        int number = episodeNumber(fact);

        FunnelCounts counts = new FunnelCounts();
        EpisodeCounts episode = new EpisodeCounts();
        switch (fact.kind()) {
            case PLAY -> {
                counts.plays = 1;
                episode.plays = 1;
                if (viewer != null && !viewer.played) {
                    viewer.played = true;
                    counts.viewers = 1;
                }
                if (viewer != null && number > 0 && viewer.reach(number)) {
                    episode.reached = 1;
                }
            }
            case PAYWALL -> {
                counts.paywallViews = 1;
                episode.paywallViews = 1;
                if (viewer != null && !viewer.metPaywall) {
                    viewer.metPaywall = true;
                    counts.paywallViewers = 1;
                }
            }
            case EPISODE_UNLOCK, SERIES_UNLOCK -> {
                if (fact.kind() == Fact.Kind.EPISODE_UNLOCK) {
                    counts.episodeUnlocks = 1;
                    episode.unlocks = 1;
                } else {
                    counts.seriesUnlocks = 1;
                }
                counts.coinsSpent = fact.coins();
                if (viewer != null && !viewer.paid) {
                    viewer.paid = true;
                    counts.payers = 1;
                    counts.payersAfterPaywall = viewer.metPaywall ? 1 : 0;
                }
            }
            case REFUND -> {
                counts.refunds = 1;
                counts.coinsRefunded = fact.coins();
            }
        }
        if (viewer != null) {
            viewers.put(viewerKey, viewer);
        }
        // a viewing fact carries its own region and language; a payment fact takes the viewer's last ones
        String region = fact.region();
        String language = fact.language();
        if (region == null && viewer != null) {
            region = viewer.region;
            language = viewer.language;
        }
        String funnelKey = StoreKeys.funnel(fact.seriesId(), day,
                region == null ? StoreKeys.UNKNOWN_REGION : region,
                language == null ? StoreKeys.UNKNOWN_LANGUAGE : language);
        FunnelCounts before = funnel.get(funnelKey);
        funnel.put(funnelKey, before == null ? counts : before.add(counts));
        if (number > 0 && (episode.plays + episode.paywallViews + episode.unlocks) > 0) {
            String episodeKey = StoreKeys.episode(fact.seriesId(), day, number);
            EpisodeCounts known = episodes.get(episodeKey);
            episodes.put(episodeKey, known == null ? episode : known.add(episode));
        }
    }

    /** The fact's episode number, else the one viewing facts taught for its episode id, else 0. */
    private int episodeNumber(Fact fact) {
        if (fact.episodeId() == null) {
            return 0;
        }
        if (fact.episodeNumber() > MAX_EPISODE) {
            return 0;
        }
        if (fact.episodeNumber() > 0) {
            episodeNumbers.putIfAbsent(fact.episodeId(), fact.episodeNumber());
            return fact.episodeNumber();
        }
        Integer known = episodeNumbers.get(fact.episodeId());
        return known == null ? 0 : known;
    }
}
