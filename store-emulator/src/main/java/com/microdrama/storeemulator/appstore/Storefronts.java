package com.microdrama.storeemulator.appstore;

import java.util.Locale;
import java.util.Map;

/** Apple's storefront ids of a few App Store countries (ISO 3166-1 alpha-3), the ones the apps sell in first. */
final class Storefronts {

    private static final Map<String, String> IDS = Map.ofEntries(
            Map.entry("USA", "143441"), Map.entry("FRA", "143442"), Map.entry("DEU", "143443"), Map.entry("GBR", "143444"),
            Map.entry("ESP", "143454"), Map.entry("CAN", "143455"), Map.entry("JPN", "143462"), Map.entry("MEX", "143468"),
            Map.entry("BRA", "143503"), Map.entry("KOR", "143466"), Map.entry("ITA", "143450"), Map.entry("IND", "143467"),
            Map.entry("PHL", "143474"), Map.entry("IDN", "143476"), Map.entry("THA", "143475"), Map.entry("VNM", "143471"));

    private Storefronts() {
    }

    static String normalize(String storefront) {
        String code = storefront == null || storefront.isBlank() ? "USA" : storefront.trim().toUpperCase(Locale.ROOT);
        if (!IDS.containsKey(code)) {
            throw AppStoreErrors.badRequest("storefront must be one of " + IDS.keySet() + ", not " + storefront);
        }
        return code;
    }

    static String id(String storefront) {
        return IDS.get(storefront);
    }
}
