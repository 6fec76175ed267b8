package com.microdrama.entitlement.access;

import com.microdrama.events.experiment.PaywallExperiment;
import com.microdrama.events.experiment.PaywallVariant;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccessPolicyTest {
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private static final Instant LAST_MONTH = NOW.minus(Duration.ofDays(30));
    private static final EpisodeFacts PAID = new EpisodeFacts("ep-7", "s-1", 7, false);
    private static final EpisodeFacts FREE = new EpisodeFacts("ep-1", "s-1", 1, true);

    private final AccessPolicy policy = new AccessPolicy();

    private static Grant episode(String episodeId) {
        return new Grant(GrantKind.EPISODE, episodeId, "s-1", LAST_MONTH, null, null);
    }

    private static Grant series(String seriesId) {
        return new Grant(GrantKind.SERIES, null, seriesId, LAST_MONTH, null, null);
    }

    private static Grant vip(Instant from, Instant until) {
        return new Grant(GrantKind.VIP, null, null, from, until, null);
    }

    @Test
    void freeEpisodeIsAllowedWithoutAnyEntitlement() {
        AccessDecision d = policy.decide(FREE, List.of(), NOW);
        assertTrue(d.allowed());
        assertEquals(Reason.FREE, d.reason());
        assertNull(d.validUntil());
    }

    @Test
    void paidEpisodeWithoutEntitlementIsDenied() {
        AccessDecision d = policy.decide(PAID, List.of(), NOW);
        assertFalse(d.allowed());
        assertEquals(Reason.NONE, d.reason());
    }

    @Test
    void episodePurchaseUnlocksThatEpisodeForever() {
        AccessDecision d = policy.decide(PAID, List.of(episode("ep-7")), NOW);
        assertTrue(d.allowed());
        assertEquals(Reason.EPISODE_PURCHASE, d.reason());
        assertNull(d.validUntil());
    }

    @Test
    void episodePurchaseDoesNotUnlockAnotherEpisodeOfTheSameSeries() {
        assertEquals(Reason.NONE, policy.decide(PAID, List.of(episode("ep-8")), NOW).reason());
    }

    @Test
    void seriesPurchaseUnlocksEveryEpisodeOfThatSeriesOnly() {
        assertEquals(Reason.SERIES_PURCHASE, policy.decide(PAID, List.of(series("s-1")), NOW).reason());
        assertEquals(Reason.NONE, policy.decide(PAID, List.of(series("s-2")), NOW).reason());
    }

    @Test
    void vipUnlocksAnyEpisodeUntilItsPeriodEnds() {
        Instant until = NOW.plus(Duration.ofDays(3));
        AccessDecision d = policy.decide(PAID, List.of(vip(LAST_MONTH, until)), NOW);
        assertTrue(d.allowed());
        assertEquals(Reason.VIP, d.reason());
        assertEquals(until, d.validUntil());
    }

    @Test
    void vipEndsExactlyAtValidUntil() {
        assertFalse(policy.decide(PAID, List.of(vip(LAST_MONTH, NOW)), NOW).allowed());
        assertTrue(policy.decide(PAID, List.of(vip(LAST_MONTH, NOW)), NOW.minusMillis(1)).allowed());
    }

    @Test
    void vipDoesNotOpenBeforeValidFrom() {
        assertFalse(policy.decide(PAID, List.of(vip(NOW.plusSeconds(60), NOW.plusSeconds(3600))), NOW).allowed());
    }

    @Test
    void revokedEntitlementGivesNoAccess() {
        Grant refunded = new Grant(GrantKind.EPISODE, "ep-7", "s-1", LAST_MONTH, null, NOW.minusSeconds(5));
        assertEquals(Reason.NONE, policy.decide(PAID, List.of(refunded), NOW).reason());
    }

    @Test
    void precedenceIsEpisodeThenSeriesThenVipThenPromo() {
        Grant promo = new Grant(GrantKind.PROMO, null, null, LAST_MONTH, NOW.plusSeconds(60), null);
        Grant vip = vip(LAST_MONTH, NOW.plusSeconds(60));
        assertEquals(Reason.EPISODE_PURCHASE,
                policy.decide(PAID, List.of(promo, vip, series("s-1"), episode("ep-7")), NOW).reason());
        assertEquals(Reason.SERIES_PURCHASE, policy.decide(PAID, List.of(promo, vip, series("s-1")), NOW).reason());
        assertEquals(Reason.VIP, policy.decide(PAID, List.of(promo, vip), NOW).reason());
        assertEquals(Reason.PROMO, policy.decide(PAID, List.of(promo), NOW).reason());
    }

    @Test
    void freeBeatsEveryEntitlement() {
        assertEquals(Reason.FREE, policy.decide(FREE, List.of(episode("ep-1")), NOW).reason());
    }

    @Test
    void promoCoversItsEpisodeItsSeriesOrEverythingWhenUntargeted() {
        Grant onEpisode = new Grant(GrantKind.PROMO, "ep-7", null, LAST_MONTH, null, null);
        Grant onOtherEpisode = new Grant(GrantKind.PROMO, "ep-9", null, LAST_MONTH, null, null);
        Grant onSeries = new Grant(GrantKind.PROMO, null, "s-1", LAST_MONTH, null, null);
        Grant onOtherSeries = new Grant(GrantKind.PROMO, null, "s-2", LAST_MONTH, null, null);
        Grant everywhere = new Grant(GrantKind.PROMO, null, null, LAST_MONTH, null, null);
        assertTrue(policy.decide(PAID, List.of(onEpisode), NOW).allowed());
        assertFalse(policy.decide(PAID, List.of(onOtherEpisode), NOW).allowed());
        assertTrue(policy.decide(PAID, List.of(onSeries), NOW).allowed());
        assertFalse(policy.decide(PAID, List.of(onOtherSeries), NOW).allowed());
        assertTrue(policy.decide(PAID, List.of(everywhere), NOW).allowed());
    }

    @Test
    void theLongestLastingGrantOfTheWinningKindGivesValidUntil() {
        Instant soon = NOW.plus(Duration.ofDays(1));
        Instant later = NOW.plus(Duration.ofDays(7));
        AccessDecision d = policy.decide(PAID, List.of(vip(LAST_MONTH, soon), vip(LAST_MONTH, later)), NOW);
        assertEquals(later, d.validUntil());
    }

    /** A region promo reaches the policy as a promo grant of its series for its window (AccessQueries.EPISODE_CHECK / SERIES_GRANTS). */
    private static Grant regionPromo(String seriesId, Instant from, Instant until) {
        return new Grant(GrantKind.PROMO, null, seriesId, from, until, null);
    }

    @Test
    void aRegionPromoUnlocksItsSeriesOnlyInsideItsWindow() {
        Grant promo = regionPromo("s-1", NOW, NOW.plus(Duration.ofDays(2)));
        assertEquals(Reason.NONE, policy.decide(PAID, List.of(promo), NOW.minusMillis(1)).reason());
        AccessDecision inside = policy.decide(PAID, List.of(promo), NOW);
        assertEquals(Reason.PROMO, inside.reason());
        assertEquals(NOW.plus(Duration.ofDays(2)), inside.validUntil());
        assertEquals(Reason.NONE, policy.decide(PAID, List.of(promo), NOW.plus(Duration.ofDays(2))).reason());
        assertEquals(Reason.NONE, policy.decide(new EpisodeFacts("ep-x", "s-2", 3, false), List.of(promo), NOW).reason());
    }

    @Test
    void purchasesAndVipWinOverARegionPromoAndFreeStaysFree() {
        Grant promo = regionPromo("s-1", LAST_MONTH, NOW.plus(Duration.ofDays(2)));
        Instant vipEnd = NOW.plus(Duration.ofDays(1));
        assertEquals(Reason.EPISODE_PURCHASE, policy.decide(PAID, List.of(promo, episode("ep-7")), NOW).reason());
        AccessDecision vip = policy.decide(PAID, List.of(promo, vip(LAST_MONTH, vipEnd)), NOW);
        assertEquals(Reason.VIP, vip.reason());
        assertEquals(vipEnd, vip.validUntil(), "the VIP window, although the promo lasts longer");
        assertEquals(Reason.FREE, policy.decide(FREE, List.of(promo), NOW).reason());
    }

    @Test
    void ofSeveralPromosTheLongestGivesValidUntil() {
        Instant personalEnd = NOW.plus(Duration.ofDays(1));
        Instant regionEnd = NOW.plus(Duration.ofDays(5));
        Grant personal = new Grant(GrantKind.PROMO, "ep-7", null, LAST_MONTH, personalEnd, null);
        AccessDecision d = policy.decide(PAID, List.of(personal, regionPromo("s-1", LAST_MONTH, regionEnd)), NOW);
        assertEquals(Reason.PROMO, d.reason());
        assertEquals(regionEnd, d.validUntil());
    }

    /** Episode 7 of s-1 is paid in the catalog; one arm of this experiment gives the first eight free. */
    private static final PaywallExperiment EIGHT_FREE = new PaywallExperiment("exp-1", NOW, List.of(
            new PaywallVariant("control", 50, null, null), new PaywallVariant("eight-free", 50, 8, null)));

    private static String userIn(String variant) {
        return IntStream.range(0, 1000).mapToObj(i -> "user-" + i)
                .filter(u -> EIGHT_FREE.variantFor(u).name().equals(variant)).findFirst().orElseThrow();
    }

    @Test
    void anEpisodeTheViewersArmGivesFreeAnswersFreeBeforeEveryEntitlement() {
        ExperimentOffer generous = ExperimentOffer.of(userIn("eight-free"), EIGHT_FREE, 0, false);
        AccessDecision d = policy.decide(PAID, generous, List.of(episode("ep-7")), NOW);
        assertTrue(d.allowed());
        assertEquals(Reason.FREE, d.reason());
        assertNull(d.validUntil());
    }

    @Test
    void theControlArmIsDeniedAPaidEpisodeAndStillUsesItsPurchase() {
        ExperimentOffer control = ExperimentOffer.of(userIn("control"), EIGHT_FREE, 0, false);
        assertEquals(Reason.NONE, policy.decide(PAID, control, List.of(), NOW).reason());
        assertEquals(Reason.EPISODE_PURCHASE, policy.decide(PAID, control, List.of(episode("ep-7")), NOW).reason());
    }

    @Test
    void anExposureAnswersFreeAfterTheExperimentStopped() {
        ExperimentOffer exposed = ExperimentOffer.of(userIn("eight-free"), null, 8, false);
        assertEquals(Reason.FREE, policy.decide(PAID, exposed, List.of(), NOW).reason());
        assertEquals(Reason.NONE, policy.decide(new EpisodeFacts("ep-9", "s-1", 9, false), exposed, List.of(), NOW)
                .reason());
    }
}
