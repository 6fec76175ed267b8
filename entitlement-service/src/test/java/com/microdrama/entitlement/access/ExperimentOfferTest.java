package com.microdrama.entitlement.access;

import com.microdrama.events.experiment.PaywallExperiment;
import com.microdrama.events.experiment.PaywallVariant;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which episodes are free for a viewer under a paywall experiment (docs/decisions/0036-paywall-experiments.md). */
class ExperimentOfferTest {
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    /** Five free at the catalog's price, against eight free. */
    private static final PaywallExperiment EXPERIMENT = new PaywallExperiment("exp-1", NOW, List.of(
            new PaywallVariant("control", 50, null, null),
            new PaywallVariant("eight-free", 50, 8, 60)));
    private static final String GENEROUS = userIn("eight-free");
    private static final String CONTROL = userIn("control");

    private static String userIn(String variant) {
        return IntStream.range(0, 1000).mapToObj(i -> "user-" + i)
                .filter(u -> EXPERIMENT.variantFor(u).name().equals(variant))
                .findFirst().orElseThrow();
    }

    /** Episode n of series s-1; the catalog gives the first five free, and episode 10 as a promotion. */
    private static EpisodeFacts episode(int n) {
        return new EpisodeFacts("ep-" + n, "s-1", n, n <= 5 || n == 10);
    }

    @Test
    void theGenerousArmOpensEpisodesUpToItsCountAndNoFurther() {
        ExperimentOffer offer = ExperimentOffer.of(GENEROUS, EXPERIMENT, 0, false);
        assertEquals("eight-free", offer.variant().orElseThrow().name());
        assertTrue(offer.free(episode(6)));
        assertTrue(offer.free(episode(8)));
        assertFalse(offer.free(episode(9)));
    }

    @Test
    void theControlArmKeepsTheCatalogsOffer() {
        ExperimentOffer offer = ExperimentOffer.of(CONTROL, EXPERIMENT, 0, false);
        assertTrue(offer.free(episode(5)));
        assertFalse(offer.free(episode(6)));
        assertFalse(offer.free(episode(7)));
        assertEquals(Optional.empty(), offer.exposureFor(List.of(episode(1), episode(5))));
    }

    @Test
    void anEpisodeTheCatalogMadeFreeStaysFreeInEveryArmAndWithoutExperiment() {
        assertTrue(ExperimentOffer.of(CONTROL, EXPERIMENT, 0, false).free(episode(10)));
        assertTrue(ExperimentOffer.of(GENEROUS, EXPERIMENT, 0, false).free(episode(10)));
        assertTrue(ExperimentOffer.of(CONTROL, null, 0, false).free(episode(10)));
        assertTrue(ExperimentOffer.NONE.free(episode(1)));
        assertFalse(ExperimentOffer.NONE.free(episode(6)));
    }

    @Test
    void anArmOpeningAPaidEpisodeAsksForOneExposureWithTheArmsCount() {
        ExperimentOffer offer = ExperimentOffer.of(GENEROUS, EXPERIMENT, 0, false);
        ExperimentOffer.Exposure exposure = offer.exposureFor(List.of(episode(3), episode(7))).orElseThrow();
        assertEquals(new ExperimentOffer.Exposure(GENEROUS, "s-1", "exp-1", "eight-free", 8), exposure);
    }

    @Test
    void anEpisodeTheCatalogGivesFreeAnywayIsNoExposure() {
        ExperimentOffer offer = ExperimentOffer.of(GENEROUS, EXPERIMENT, 0, false);
        assertEquals(Optional.empty(), offer.exposureFor(List.of(episode(1), episode(5), episode(10))));
    }

    @Test
    void aViewerAlreadyExposedToTheRunningExperimentIsNotRecordedAgain() {
        ExperimentOffer offer = ExperimentOffer.of(GENEROUS, EXPERIMENT, 8, true);
        assertTrue(offer.free(episode(7)));
        assertEquals(Optional.empty(), offer.exposureFor(List.of(episode(7))));
    }

    @Test
    void anExposureKeepsItsEpisodesFreeAfterTheExperimentStops() {
        ExperimentOffer exposed = ExperimentOffer.of(GENEROUS, null, 8, false);
        assertTrue(exposed.free(episode(7)));
        assertTrue(exposed.free(episode(8)));
        assertFalse(exposed.free(episode(9)));
        assertEquals(Optional.empty(), exposed.exposureFor(List.of(episode(7))), "no experiment runs: nothing to record");
    }

    @Test
    void aGenerousArmViewerNeverExposedGetsTheCatalogsOfferAfterTheStop() {
        ExperimentOffer unexposed = ExperimentOffer.of(GENEROUS, null, 0, false);
        assertFalse(unexposed.free(episode(7)));
        assertTrue(unexposed.free(episode(5)));
    }

    @Test
    void anOlderExposureCountsInANewExperimentAndTheNewArmIsStillRecorded() {
        PaywallExperiment next = new PaywallExperiment("exp-2", NOW, List.of(
                new PaywallVariant("control", 1, null, null),
                new PaywallVariant("six-free", 99, 6, null)));
        String user = IntStream.range(0, 1000).mapToObj(i -> "user-" + i)
                .filter(u -> next.variantFor(u).name().equals("six-free")).findFirst().orElseThrow();
        ExperimentOffer offer = ExperimentOffer.of(user, next, 8, false);
        assertTrue(offer.free(episode(8)), "the older exposure's eight");
        assertFalse(offer.free(episode(9)));
        assertEquals(new ExperimentOffer.Exposure(user, "s-1", "exp-2", "six-free", 6),
                offer.exposureFor(List.of(episode(6))).orElseThrow());
    }

    @Test
    void aViewerWhoIsNotSignedInGetsTheCatalogsOffer() {
        ExperimentOffer anonymous = ExperimentOffer.of(null, EXPERIMENT, 0, false);
        assertEquals(Optional.empty(), anonymous.variant());
        assertFalse(anonymous.free(episode(7)));
        assertTrue(anonymous.free(episode(5)));
        assertEquals(Optional.empty(), anonymous.exposureFor(List.of(episode(7))));
    }
}
