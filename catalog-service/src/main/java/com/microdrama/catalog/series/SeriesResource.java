package com.microdrama.catalog.series;

import com.microdrama.catalog.language.LanguageNegotiator;
import com.microdrama.catalog.paging.Paging;
import com.microdrama.catalog.readcache.RenderedJson;
import com.microdrama.catalog.region.Regions;
import com.microdrama.catalog.security.Caller;
import com.microdrama.catalog.validation.RegionCode;
import com.microdrama.events.viewer.ViewerRegion;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** Browsing: anonymous allowed; a bearer token, when sent, adds the viewer's lock state to the series page. */
@Path("/api/catalog/series")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "series")
// Browsing needs no token; with one, the answers are the viewer's (age, region, locks), so the contract offers both.
@SecurityRequirementsSet
@SecurityRequirementsSet(@SecurityRequirement(name = "SecurityScheme"))
@APIResponse(responseCode = "400", description = "validation-failed or malformed-request (a parameter out of range)",
        content = @Content(mediaType = "application/problem+json"))
@APIResponse(responseCode = "401", description = "unauthorized: an Authorization header without a valid bearer token",
        content = @Content(mediaType = "application/problem+json"))
public class SeriesResource {
    private static final String LANGUAGE_LIST = "^[A-Za-z0-9*,;=.\\- ]*$";
    static final String REGION_IGNORED = "Accepted for compatibility and ignored: what a viewer may see follows the"
            + " trusted region (the token's region claim, else the country the gateway located, else US), never a"
            + " region the client names";
    static final String REGION_PRICE_HINT = "ISO 3166-1 alpha-2. Display hint for ANONYMOUS viewers only: the prices"
            + " shown are that region's. It never lifts a region block (451 follows the trusted region: the token's"
            + " region claim, else the country the gateway located, else US) and is ignored for signed-in viewers";

    private final SeriesService series;
    private final Caller caller;
    private final RenderedJson rendered;

    public SeriesResource(SeriesService series, Caller caller, RenderedJson rendered) {
        this.series = series;
        this.caller = caller;
        this.rendered = rendered;
    }

    // page and size are Strings so that "abc" is a 400 problem; a JAX-RS int parameter that fails to convert is a 404
    @GET
    @APIResponse(responseCode = "200", description = "A page of series",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SeriesPage.class)))
    @Operation(summary = "Browse published series available in the viewer's region and allowed for their age; 16+/18+ only with a known birthdate (filter by genre and language, search titles in any language)")
    public Uni<SeriesPage> list(
            @QueryParam("genre") @Size(max = 50) String genre,
            @QueryParam("q") @Size(max = 100) String q,
            @Parameter(description = "Only series with text in this language (a tag or an Accept-Language list); also picks the title text. Defaults to Accept-Language, which picks text but does not filter")
            @QueryParam("language") @Size(max = 100) @Pattern(regexp = LANGUAGE_LIST) String language,
            @Parameter(description = REGION_IGNORED)
            @QueryParam("region") @RegionCode String region,
            @QueryParam("page") @DefaultValue("0") @Pattern(regexp = Paging.NUMBER, message = Paging.NUMBER_MESSAGE)
            @Min(0) @Max(100_000) String page,
            @QueryParam("size") @DefaultValue("20") @Pattern(regexp = Paging.NUMBER, message = Paging.NUMBER_MESSAGE)
            @Min(1) @Max(100) String size,
            @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage) {
        return caller.viewer().flatMap(viewer -> {
            SeriesRepository.Filter filter = new SeriesRepository.Filter(genre, q,
                    viewer.region(),
                    language == null ? List.of() : List.copyOf(LanguageNegotiator.primaryLanguages(language)),
                    AgeGate.visibleRatings(viewer.age()));
            return series.browse(filter, language != null ? language : acceptLanguage,
                    Integer.parseInt(page), Integer.parseInt(size));
        });
    }

    @GET
    @Path("/{seriesId}")
    @APIResponse(responseCode = "200", description = "The series page", content = @Content(mediaType = MediaType.APPLICATION_JSON))
    @APIResponse(responseCode = "403", description = "age-restricted or age-verification-required (seriesId, ageRating)",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "404", description = "unknown-series", content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "451", description = "not-available-in-region (seriesId, region)",
            content = @Content(mediaType = "application/problem+json"))
    @Operation(summary = "A series with its episodes and the region's prices; locked/unlockReason and seriesUnlockPriceCoins when signed in; 451 outside the viewer's region; 403 age-restricted (too young) or age-verification-required (16+/18+ without a known birthdate)")
    public Uni<Response> detail(
            @PathParam("seriesId") @Size(max = 100) String seriesId,
            @Parameter(description = "Overrides Accept-Language")
            @QueryParam("language") @Size(max = 100) @Pattern(regexp = LANGUAGE_LIST) String language,
            @Parameter(description = REGION_PRICE_HINT)
            @QueryParam("region") @RegionCode String region,
            @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage) {
        return caller.viewer()
                .flatMap(viewer -> series.detail(seriesId, language != null ? language : acceptLanguage, viewer,
                        Regions.normalize(region)))
                .map(detail -> Response.ok(rendered.bytesOf(detail), MediaType.APPLICATION_JSON_TYPE)
                        .header(HttpHeaders.CONTENT_LANGUAGE, detail.language())
                        .header(HttpHeaders.VARY, "Accept-Language, Authorization, " + ViewerRegion.COUNTRY_HEADER)
                        .build());
    }
}
