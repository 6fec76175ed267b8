package com.microdrama.insights.experiment;

import com.microdrama.insights.funnel.Fact;
import com.microdrama.insights.funnel.StoreKeys;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Counts the facts tagged with a paywall experiment per arm (store {@code experiments}), remembering per viewer their
 * arm, first times and net coins ({@code experiment-viewers}); docs/decisions/0036-paywall-experiments.md. It reads
 * the same merged facts as the funnel, already de-duplicated by unlock id, so a replay gives the same rows.
 * <p>
 * Unlike the funnel it keeps no days and drops no late fact: an experiment's result is one total over its run, final
 * when it stops, not a day that must close; and a refund always finds its unlock counted (both travel in the series'
 * partition in order), so a viewer's net coins never go below zero.
 */
public final class ExperimentProcessor implements Processor<String, Fact, Void, Void> {
    private final String armsStore;
    private final String viewersStore;
    private KeyValueStore<String, ArmCounts> arms;
    private KeyValueStore<String, ExperimentViewer> viewers;

    public ExperimentProcessor(String armsStore, String viewersStore) {
        this.armsStore = armsStore;
        this.viewersStore = viewersStore;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        arms = context.getStateStore(armsStore);
        viewers = context.getStateStore(viewersStore);
    }

    @Override
    public void process(Record<String, Fact> record) {
        Fact fact = record.value();
        if (fact == null || fact.seriesId() == null || !fact.tagged()) {
            return;
        }
        String viewerKey = StoreKeys.experimentViewer(fact.seriesId(), fact.experimentId(), fact.viewerId());
        ExperimentViewer viewer = viewers.get(viewerKey);
        ArmCounts delta = new ArmCounts();
        if (viewer == null) {
            viewer = new ExperimentViewer();
            viewer.variant = fact.variant();
            delta.viewers = 1;
        }
        switch (fact.kind()) {
            case PLAY -> {
            }
            case PAYWALL -> {
                if (!viewer.metPaywall) {
                    viewer.metPaywall = true;
                    delta.paywallViewers = 1;
                }
            }
            case EPISODE_UNLOCK, SERIES_UNLOCK -> {
                if (!viewer.paid) {
                    viewer.paid = true;
                    delta.payers = 1;
                }
                spend(viewer, delta, fact.coins());
            }
            case REFUND -> spend(viewer, delta, -fact.coins());
        }
        if (delta.isEmpty()) {
            return; // a repeated play or paywall: nothing changed
        }
        viewers.put(viewerKey, viewer);
        String armKey = StoreKeys.arm(fact.seriesId(), fact.experimentId(), viewer.variant);
        ArmCounts before = arms.get(armKey);
        arms.put(armKey, before == null ? delta : before.add(delta));
    }

    /** The viewer's total goes from a to b = a + coins: the arm's sum of squares changes by b² − a². */
    private static void spend(ExperimentViewer viewer, ArmCounts delta, long coins) {
        long a = viewer.coins;
        long b = a + coins;
        viewer.coins = b;
        delta.coinsSpent += coins;
        delta.coinsSquared += b * b - a * a;
    }
}
