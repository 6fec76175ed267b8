package com.microdrama.catalog.series;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** The fixed set of age ratings a series can carry, and who may watch it. */
public enum AgeRating {
    ALL("all", 0),
    SEVEN("7+", 7),
    THIRTEEN("13+", 13),
    SIXTEEN("16+", 16),
    EIGHTEEN("18+", 18);

    private final String label;
    private final int minimumAge;

    AgeRating(String label, int minimumAge) {
        this.label = label;
        this.minimumAge = minimumAge;
    }

    public String label() {
        return label;
    }

    public int minimumAge() {
        return minimumAge;
    }

    public static Optional<AgeRating> fromLabel(String label) {
        return Arrays.stream(values()).filter(r -> r.label.equals(label)).findFirst();
    }

    public static List<String> labels() {
        return Arrays.stream(values()).map(AgeRating::label).toList();
    }

    /**
     * A viewer whose age we do not know (no age/birthdate claim in the token, or anonymous) is allowed: the apps do
     * their own age gate at sign-up, and refusing everyone without the claim would block the whole catalog.
     */
    public boolean allows(OptionalInt viewerAge) {
        return viewerAge.isEmpty() || viewerAge.getAsInt() >= minimumAge;
    }
}
