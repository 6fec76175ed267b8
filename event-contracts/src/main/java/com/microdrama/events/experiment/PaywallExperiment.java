package com.microdrama.events.experiment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A running paywall experiment on one series (docs/decisions/0036-paywall-experiments.md): its arms and their
 * shares. It travels inside the series' own {@code series-updated.v1} event, so every service that prices or opens
 * episodes reads it in the same order as the series' other facts, and assigns viewers with {@link #variantFor}:
 * the same user gets the same arm in catalog-service, payment-service and entitlement-service without asking
 * anyone.
 *
 * @param experimentId the experiment's id (stable; it seeds the assignment)
 * @param startedAt    when it started
 * @param variants     its arms in the order the admin gave them; the first is the control the others are compared to
 */
public record PaywallExperiment(String experimentId, Instant startedAt, List<PaywallVariant> variants) {

    public static final int MAX_VARIANTS = 10;

    public PaywallExperiment {
        variants = variants == null ? List.of() : List.copyOf(variants);
    }

    /**
     * The arm of {@code userId}: a bucket 0..99 from the first 8 bytes of SHA-256(experimentId, NUL, userId), then
     * the arms' weights laid end to end. Deterministic, independent across experiments (the id seeds it), uniform.
     */
    public PaywallVariant variantFor(String userId) {
        Objects.requireNonNull(userId, "userId");
        int bucket = bucketOf(experimentId, userId);
        int end = 0;
        for (PaywallVariant variant : variants) {
            end += variant.weightPercent();
            if (bucket < end) {
                return variant;
            }
        }
        // the weights add up to 100 (check); this is only reached for an experiment that was never checked
        throw new IllegalStateException("experiment " + experimentId + " has weights adding up to " + end);
    }

    /** A user's bucket 0..99 in one experiment. */
    public static int bucketOf(String experimentId, String userId) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(experimentId.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            byte[] digest = sha.digest(userId.getBytes(StandardCharsets.UTF_8));
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = (value << 8) | (digest[i] & 0xff);
            }
            return (int) Long.remainderUnsigned(value, 100);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /**
     * The rules every experiment keeps, checked by catalog-service when an admin defines one and by every consumer
     * reading it (a record breaking them is a dead letter): 2..10 arms with distinct non-blank names, weights 1..100
     * adding up to 100, a free count not negative, a price at least one coin.
     *
     * @return null when it keeps them, else what it breaks (a sentence naming the field)
     */
    public String violation() {
        if (experimentId == null || experimentId.isBlank()) {
            return "experimentId is missing";
        }
        if (variants.size() < 2 || variants.size() > MAX_VARIANTS) {
            return "variants: an experiment has 2.." + MAX_VARIANTS + " variants, not " + variants.size();
        }
        Set<String> names = new HashSet<>();
        int total = 0;
        for (PaywallVariant v : variants) {
            if (v == null || v.name() == null || v.name().isBlank()) {
                return "variants: every variant needs a name";
            }
            if (!names.add(v.name())) {
                return "variants: the name '" + v.name() + "' is used twice";
            }
            if (v.weightPercent() < 1 || v.weightPercent() > 100) {
                return "variants[" + v.name() + "].weightPercent must be 1..100, not " + v.weightPercent();
            }
            total += v.weightPercent();
            if (v.freeEpisodes() != null && v.freeEpisodes() < 0) {
                return "variants[" + v.name() + "].freeEpisodes must not be negative, not " + v.freeEpisodes();
            }
            if (v.episodePriceCoins() != null && v.episodePriceCoins() < 1) {
                return "variants[" + v.name() + "].episodePriceCoins must be at least 1, not " + v.episodePriceCoins();
            }
        }
        if (total != 100) {
            return "variants: the weights add up to " + total + " %, not 100 %";
        }
        return null;
    }

    /**
     * What an admin may offer on a series as it is now (checked when the experiment is defined and started, not by
     * consumers: the series may change later, and what the catalog made free stays free in every arm): an
     * arm's free count between the series' own and its episode count.
     *
     * @return null when every arm keeps it, else what breaks it
     */
    public String offerViolation(int seriesFreeEpisodes, int episodeCount) {
        for (PaywallVariant v : variants) {
            if (v.freeEpisodes() != null
                    && (v.freeEpisodes() < seriesFreeEpisodes || v.freeEpisodes() > episodeCount)) {
                return "variants[" + v.name() + "].freeEpisodes must be between the series' own free count ("
                        + seriesFreeEpisodes + ") and its episode count (" + episodeCount + "), not "
                        + v.freeEpisodes() + ": a variant may give episodes, never take them away";
            }
        }
        return null;
    }
}
