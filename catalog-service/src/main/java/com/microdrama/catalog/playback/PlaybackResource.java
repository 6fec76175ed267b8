package com.microdrama.catalog.playback;

import com.microdrama.catalog.language.LanguageNegotiator;
import com.microdrama.catalog.security.Caller;
import com.microdrama.catalog.validation.RegionCode;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/catalog/episodes/{episodeId}/playback")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "playback")
// Signing in is optional (a free episode plays without a token), so the contract offers both; the refusals are
// problem+json with the fields the catalog README lists.
@SecurityRequirementsSet
@SecurityRequirementsSet(@SecurityRequirement(name = "SecurityScheme"))
@APIResponse(responseCode = "401", description = "unauthorized: a paid episode without a valid bearer token",
        content = @Content(mediaType = "application/problem+json"))
@APIResponse(responseCode = "402", description = "episode-locked: the viewer may not play it yet; priceCoins,"
        + " bundlePriceCoins, seriesUnlockPriceCoins, seriesId and the unlock options",
        content = @Content(mediaType = "application/problem+json"))
@APIResponse(responseCode = "403", description = "age-restricted or age-verification-required (seriesId, ageRating)",
        content = @Content(mediaType = "application/problem+json"))
@APIResponse(responseCode = "404", description = "unknown-episode", content = @Content(mediaType = "application/problem+json"))
@APIResponse(responseCode = "451", description = "not-available-in-region (seriesId, region)",
        content = @Content(mediaType = "application/problem+json"))
@APIResponse(responseCode = "503", description = "entitlements-unavailable: entitlement-service did not answer in time;"
        + " retry", content = @Content(mediaType = "application/problem+json"))
public class PlaybackResource {
    static final String REGION_IGNORED = "Accepted for compatibility and ignored: playback follows the trusted region"
            + " (the token's region claim, else the country the gateway located, else US), never a region the client"
            + " names";
    static final String LANGUAGE = "The app's languages; the first one labels the viewing event for insights (it does"
            + " not change the answer)";

    private final PlaybackService playback;
    private final Caller caller;

    public PlaybackResource(PlaybackService playback, Caller caller) {
        this.playback = playback;
        this.caller = caller;
    }

    @POST
    @APIResponse(responseCode = "200", description = "The signed playback URL",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PlaybackGrant.class)))
    @Operation(summary = "Authorize playback: a signed, short-lived URL bound to the viewer, the episode's assets and an expiry; 451 outside the viewer's region; 403 age-restricted or age-verification-required; 401/402 for a paid episode without sign-in or entitlement")
    public Uni<PlaybackGrant> authorize(@PathParam("episodeId") @Size(max = 120) String episodeId,
                                        @Parameter(description = REGION_IGNORED)
                                        @QueryParam("region") @RegionCode String region,
                                        @Parameter(description = LANGUAGE)
                                        @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage) {
        // ?region is validated for compatibility and otherwise ignored: playback follows the trusted region only
        String language = LanguageNegotiator.primaryLanguages(acceptLanguage).stream().findFirst().orElse(null);
        return caller.viewer().flatMap(viewer -> playback.authorize(episodeId, viewer, language));
    }

    @GET
    @APIResponse(responseCode = "200", description = "The signed playback URL",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PlaybackGrant.class)))
    @Operation(summary = "Same as POST, for players that can only GET")
    public Uni<PlaybackGrant> authorizeByGet(@PathParam("episodeId") @Size(max = 120) String episodeId,
                                             @Parameter(description = REGION_IGNORED)
                                             @QueryParam("region") @RegionCode String region,
                                             @Parameter(description = LANGUAGE)
                                             @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage) {
        return authorize(episodeId, region, acceptLanguage);
    }
}
