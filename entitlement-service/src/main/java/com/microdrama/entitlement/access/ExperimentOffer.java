package com.microdrama.entitlement.access;

import com.microdrama.events.experiment.PaywallExperiment;
import com.microdrama.events.experiment.PaywallVariant;

import java.util.Collection;
import java.util.Optional;

/**
 * Which episodes of one series are free for one viewer, paywall experiments included
 * (docs/decisions/0036-paywall-experiments.md): an episode the catalog made free (for everyone, in every arm), an
 * episode among the first N their arm of the running experiment gives free, and an episode among the first N of any
 * of their exposures on the series, so nobody loses an episode they could play when an experiment stops.
 *
 * <p>The series' own offer is the episodes' own free flag, not {@code SeriesUpdated.freeEpisodes} (a count of the free
 * published episodes, promotional ones later in the series included). The arm is {@link PaywallExperiment#variantFor}
 * and "gives free" is {@link PaywallVariant#givesFree}: the functions catalog-service and payment-service apply to the
 * same user ({@code SeriesUpdated.episodeFreeFor}), so no service asks another.
 */
public final class ExperimentOffer {

    /** No experiment, no exposure: only the catalog's own facts count (the episode's free flag). */
    public static final ExperimentOffer NONE = new ExperimentOffer(null, null, null, 0, false);

    /** What a check records when it answers free because of the viewer's arm: once per user, series, experiment. */
    public record Exposure(String userId, String seriesId, String experimentId, String variant, int freeEpisodes) {
    }

    private final String userId;
    private final PaywallExperiment experiment;
    private final PaywallVariant variant;
    private final int exposedFreeEpisodes;
    private final boolean exposedToRunning;

    private ExperimentOffer(String userId, PaywallExperiment experiment, PaywallVariant variant,
                            int exposedFreeEpisodes, boolean exposedToRunning) {
        this.userId = userId;
        this.experiment = experiment;
        this.variant = variant;
        this.exposedFreeEpisodes = exposedFreeEpisodes;
        this.exposedToRunning = exposedToRunning;
    }

    /**
     * @param userId              the viewer; null (not signed in) gets the catalog's offer, as in catalog-service
     * @param running             the experiment running on the series, null for none
     * @param exposedFreeEpisodes the largest free count of the viewer's exposures on the series (0 for none)
     * @param exposedToRunning    whether the viewer already has an exposure of {@code running}
     */
    public static ExperimentOffer of(String userId, PaywallExperiment running, int exposedFreeEpisodes,
                                     boolean exposedToRunning) {
        if (userId == null) {
            return NONE;
        }
        PaywallVariant variant = running == null ? null : running.variantFor(userId);
        return new ExperimentOffer(userId, running, variant, exposedFreeEpisodes,
                running != null && exposedToRunning);
    }

    /** The viewer's arm of the running experiment; empty when none runs. */
    public Optional<PaywallVariant> variant() {
        return Optional.ofNullable(variant);
    }

    /** Whether the episode is free for this viewer: the catalog's flag, their arm or one of their exposures. */
    public boolean free(EpisodeFacts episode) {
        return episode.free() || freeByArm(episode) || episode.number() <= exposedFreeEpisodes;
    }

    /** Whether the viewer's arm opens an episode the catalog does not give free. */
    boolean freeByArm(EpisodeFacts episode) {
        return variant != null && !episode.free() && variant.givesFree(episode.number());
    }

    /**
     * The exposure to record once these episodes were answered free: one when the viewer's arm opened any of them
     * and the viewer has no exposure of the running experiment yet; empty otherwise (nothing to write).
     */
    public Optional<Exposure> exposureFor(Collection<EpisodeFacts> answeredFree) {
        if (variant == null || exposedToRunning) {
            return Optional.empty();
        }
        return answeredFree.stream().filter(this::freeByArm).findFirst()
                .map(e -> new Exposure(userId, e.seriesId(), experiment.experimentId(), variant.name(),
                        variant.freeEpisodes()));
    }
}
