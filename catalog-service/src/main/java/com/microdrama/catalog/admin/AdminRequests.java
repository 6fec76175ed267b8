package com.microdrama.catalog.admin;

import com.microdrama.events.pricing.RegionalPricing;
import com.microdrama.catalog.validation.AgeRatingLabel;
import com.microdrama.catalog.validation.Formats;
import com.microdrama.catalog.validation.HttpUrl;
import com.microdrama.catalog.validation.RegionCode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * Bodies of the admin API. Prices are whole coins: a paid price is 1..10000 (0 would sell for nothing), an episode's
 * own price may be 0 to make that one episode free. Every list and text is bounded.
 */
public final class AdminRequests {
    public static final int MAX_PRICE = 10_000;
    public static final int MAX_TITLE = 300;
    public static final int MAX_SYNOPSIS = 5_000;

    private AdminRequests() {
    }

    public record CreateSeries(
            @NotNull @Size(min = 1, max = 100) @Pattern(regexp = Formats.SLUG, message = Formats.SLUG_MESSAGE) String id,
            @NotNull @Pattern(regexp = Formats.LANGUAGE, message = Formats.LANGUAGE_MESSAGE) String originalLanguage,
            @NotBlank @Size(max = MAX_TITLE) String title,
            @NotBlank @Size(max = MAX_SYNOPSIS) String synopsis,
            @NotNull @Size(max = 10) List<@NotNull @Size(min = 1, max = 40)
            @Pattern(regexp = Formats.GENRE, message = Formats.GENRE_MESSAGE) String> genres,
            @NotNull @AgeRatingLabel String ageRating,
            @NotNull @Size(max = 250) List<@NotNull @RegionCode String> regions,
            @Size(max = 500) @HttpUrl String coverUrl,
            @NotNull @Min(0) @Max(MAX_PRICE) Integer freeEpisodes,
            @NotNull @Min(1) @Max(MAX_PRICE) Integer episodePriceCoins,
            @NotNull @Min(1) @Max(MAX_PRICE) Integer bundlePriceCoins) {
    }

    /** Everything about a series except its id, texts, prices and publication, which have their own endpoints. */
    public record UpdateSeries(
            @NotNull @Pattern(regexp = Formats.LANGUAGE, message = Formats.LANGUAGE_MESSAGE) String originalLanguage,
            @NotNull @Size(max = 10) List<@NotNull @Size(min = 1, max = 40)
            @Pattern(regexp = Formats.GENRE, message = Formats.GENRE_MESSAGE) String> genres,
            @NotNull @AgeRatingLabel String ageRating,
            @NotNull @Size(max = 250) List<@NotNull @RegionCode String> regions,
            @Size(max = 500) @HttpUrl String coverUrl) {
    }

    public record SeriesText(
            @NotBlank @Size(max = MAX_TITLE) String title,
            @NotBlank @Size(max = MAX_SYNOPSIS) String synopsis) {
    }

    /** The series' default prices and how many of its first episodes are free. */
    public record Pricing(
            @NotNull @Min(0) @Max(MAX_PRICE) Integer freeEpisodes,
            @NotNull @Min(1) @Max(MAX_PRICE) Integer episodePriceCoins,
            @NotNull @Min(1) @Max(MAX_PRICE) Integer bundlePriceCoins) {
    }

    /** Replaces all of a series' regional tiers; an empty list goes back to one price everywhere. */
    /** {@code creatorId}: the owning creator's user id (a token subject); null gives the series back to the platform. */
    public record Creator(@Size(min = 1, max = 200) @Pattern(regexp = "^[A-Za-z0-9._@-]+$",
            message = "must be a user id: letters, digits, '.', '_', '@' or '-'") String creatorId) {
    }

    public record RegionalPrices(@NotNull @Size(max = 250) List<@NotNull @Valid Tier> tiers) {
    }

    public record Tier(
            @NotNull @RegionCode String region,
            @NotNull @Min(RegionalPricing.MIN_PERCENT) @Max(RegionalPricing.MAX_PERCENT) Integer pricePercent) {
    }

    /** {@code id} is optional: {@code <seriesId>-ep-<NN>} when absent. The title is in the series' original language. */
    public record CreateEpisode(
            @Size(min = 1, max = 120) @Pattern(regexp = Formats.SLUG, message = Formats.SLUG_MESSAGE) String id,
            @NotNull @Min(1) @Max(MAX_PRICE) Integer number,
            @NotNull @Min(1) @Max(3600) Integer durationSeconds,
            @NotNull @Size(min = 1, max = 500) @Pattern(regexp = Formats.VIDEO_ASSET, message = Formats.VIDEO_ASSET_MESSAGE)
            String videoAsset,
            @NotBlank @Size(max = MAX_TITLE) String title,
            @Min(0) @Max(MAX_PRICE) Integer priceCoins) {
    }

    public record UpdateEpisode(
            @NotNull @Min(1) @Max(MAX_PRICE) Integer number,
            @NotNull @Min(1) @Max(3600) Integer durationSeconds,
            @NotNull @Size(min = 1, max = 500) @Pattern(regexp = Formats.VIDEO_ASSET, message = Formats.VIDEO_ASSET_MESSAGE)
            String videoAsset) {
    }

    public record EpisodeText(@NotBlank @Size(max = MAX_TITLE) String title) {
    }

    /** {@code priceCoins} null clears the episode's own price (back to the series default); 0 makes it free. */
    public record EpisodePrice(@Min(0) @Max(MAX_PRICE) Integer priceCoins) {
    }
}
