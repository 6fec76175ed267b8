package com.microdrama.catalog.experiment;

import com.microdrama.catalog.admin.AdminRequests;
import com.microdrama.catalog.validation.Formats;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/** Bodies of the experiment admin API (docs/decisions/0036-paywall-experiments.md). */
public final class ExperimentRequests {
    private static final String NAME = "^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$";
    private static final String NAME_MESSAGE = "must be 1 to 40 letters, digits, '-' or '_', starting with a letter or digit";

    private ExperimentRequests() {
    }

    /**
     * A new experiment, in draft until started. {@code id} is optional ({@code <seriesId>-exp-<n>} when absent). The
     * first variant is the control the others are compared with.
     */
    public record Create(
            @Size(min = 1, max = 100) @Pattern(regexp = Formats.SLUG, message = Formats.SLUG_MESSAGE) String id,
            @NotBlank @Size(max = 200) String name,
            @NotNull @Size(min = 2, max = 10) List<@NotNull @Valid Variant> variants) {
    }

    /**
     * One arm. {@code freeEpisodes}: how many first episodes are free in it (null: the series' own); never fewer than
     * the series' own. {@code episodePriceCoins}: the base price of every paid episode in it (null: the catalog's).
     */
    public record Variant(
            @NotNull @Pattern(regexp = NAME, message = NAME_MESSAGE) String name,
            @NotNull @Min(1) @Max(100) Integer weightPercent,
            @Min(0) @Max(AdminRequests.MAX_PRICE) Integer freeEpisodes,
            @Min(1) @Max(AdminRequests.MAX_PRICE) Integer episodePriceCoins) {
    }

    /** {@code rollOut}: the variant whose offer becomes the series' own; null stops without changing the series. */
    public record Stop(@Pattern(regexp = NAME, message = NAME_MESSAGE) String rollOut) {
    }
}
