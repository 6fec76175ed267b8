package com.microdrama.catalog.admin;

import com.microdrama.support.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AdminRulesTest {

    @Test
    void defaultEpisodeIdFollowsTheSeedConvention() {
        assertEquals("midnight-contract-ep-04", AdminRules.defaultEpisodeId("midnight-contract", 4));
        assertEquals("s-ep-123", AdminRules.defaultEpisodeId("s", 123));
    }

    @Test
    void regionsAreUpperCasedAndDeduplicatedInOrder() {
        assertEquals(List.of("BR", "US"), AdminRules.regions(List.of("br", "US", "BR")));
    }

    @Test
    void genresAreLowerCasedAndDeduplicated() {
        assertEquals(List.of("drama", "romance"), AdminRules.genres(List.of("Drama", "romance", "drama")));
    }

    @Test
    void aRegionListedTwiceInTheTiersIsRefused() {
        ProblemException problem = assertThrows(ProblemException.class, () -> AdminRules.regionalTiers(List.of(
                new AdminRequests.Tier("BR", 50), new AdminRequests.Tier("br", 70))));
        assertEquals(400, problem.status());
    }

    @Test
    void tiersAreKeyedByNormalizedRegion() {
        assertEquals(Map.of("IN", 50, "BR", 70), AdminRules.regionalTiers(List.of(
                new AdminRequests.Tier("in", 50), new AdminRequests.Tier("BR", 70))));
    }
}
