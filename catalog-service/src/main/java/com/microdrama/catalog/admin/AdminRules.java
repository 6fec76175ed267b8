package com.microdrama.catalog.admin;

import com.microdrama.catalog.problem.CatalogProblems;
import com.microdrama.catalog.region.Regions;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Admin input rules beyond single-field validation: normalization, duplicates, derived ids. */
public final class AdminRules {

    private AdminRules() {
    }

    /** Episode id when the admin gives none: {@code <seriesId>-ep-<NN>}, the seed's convention. */
    public static String defaultEpisodeId(String seriesId, int number) {
        return "%s-ep-%02d".formatted(seriesId, number);
    }

    /** Upper case, duplicates dropped, order kept. */
    public static List<String> regions(List<String> regions) {
        Set<String> normalized = new LinkedHashSet<>();
        for (String region : regions) {
            normalized.add(Regions.normalize(region)
                    .orElseThrow(() -> CatalogProblems.invalidField("regions", "unknown region code " + region)));
        }
        return List.copyOf(normalized);
    }

    /** Lower case, duplicates dropped, order kept (the browse genre filter compares lower case). */
    public static List<String> genres(List<String> genres) {
        Set<String> normalized = new LinkedHashSet<>();
        genres.forEach(genre -> normalized.add(genre.trim().toLowerCase(Locale.ROOT)));
        return List.copyOf(normalized);
    }

    /** Region -> percent; a region listed twice is a 400, not a silent "last one wins". */
    public static Map<String, Integer> regionalTiers(List<AdminRequests.Tier> tiers) {
        Map<String, Integer> byRegion = new LinkedHashMap<>();
        for (AdminRequests.Tier tier : tiers) {
            String region = Regions.normalize(tier.region())
                    .orElseThrow(() -> CatalogProblems.invalidField("tiers", "unknown region code " + tier.region()));
            if (byRegion.put(region, tier.pricePercent()) != null) {
                throw CatalogProblems.invalidField("tiers", "region " + region + " is listed more than once");
            }
        }
        return byRegion;
    }
}
