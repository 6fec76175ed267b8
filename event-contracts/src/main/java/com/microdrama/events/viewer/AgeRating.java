package com.microdrama.events.viewer;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The fixed set of age ratings a series carries (catalog-events {@code SeriesUpdated.ageRating}) and who may watch
 * it. One rule for catalog (browse, series page, playback) and payments (no unlock of what cannot be played):
 * <ul>
 *   <li>{@code all}, {@code 7+}, {@code 13+}: a known age must reach the minimum; an unknown age is allowed (the apps
 *       gate sign-up at 13, and hiding every family series from anonymous viewers would hide the catalog);</li>
 *   <li>{@code 16+}, {@code 18+}: a known age must reach the minimum; an unknown age is refused with
 *       {@code age-verification-required}.</li>
 * </ul>
 */
public enum AgeRating {
    ALL("all", 0, false),
    SEVEN("7+", 7, false),
    THIRTEEN("13+", 13, false),
    SIXTEEN("16+", 16, true),
    EIGHTEEN("18+", 18, true);

    /** The outcome of {@link #access}: allowed, too young, or refused until the age is known. */
    public enum Access {
        ALLOWED, TOO_YOUNG, AGE_UNKNOWN
    }

    private final String label;
    private final int minimumAge;
    private final boolean needsKnownAge;

    AgeRating(String label, int minimumAge, boolean needsKnownAge) {
        this.label = label;
        this.minimumAge = minimumAge;
        this.needsKnownAge = needsKnownAge;
    }

    public String label() {
        return label;
    }

    public int minimumAge() {
        return minimumAge;
    }

    /** True for the ratings an unknown age may not watch. */
    public boolean needsKnownAge() {
        return needsKnownAge;
    }

    public static Optional<AgeRating> fromLabel(String label) {
        return Arrays.stream(values()).filter(r -> r.label.equals(label)).findFirst();
    }

    /**
     * A label as stored or carried in an event; null or a label outside the set counts as the strictest rating, so
     * an unreadable rating never opens adult content.
     */
    public static AgeRating ofLabelOrStrictest(String label) {
        return fromLabel(label).orElse(EIGHTEEN);
    }

    public static List<String> labels() {
        return Arrays.stream(values()).map(AgeRating::label).toList();
    }

    public Access access(OptionalInt viewerAge) {
        if (viewerAge.isEmpty()) {
            return needsKnownAge ? Access.AGE_UNKNOWN : Access.ALLOWED;
        }
        return viewerAge.getAsInt() >= minimumAge ? Access.ALLOWED : Access.TOO_YOUNG;
    }

    public boolean allows(OptionalInt viewerAge) {
        return access(viewerAge) == Access.ALLOWED;
    }
}
