package com.microdrama.catalog.playback;

import com.microdrama.catalog.security.Caller;
import com.microdrama.catalog.validation.RegionCode;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/catalog/episodes/{episodeId}/playback")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "playback")
public class PlaybackResource {
    static final String REGION_IGNORED = "Accepted for compatibility and ignored: playback follows the trusted region"
            + " (the token's region claim, else the country the gateway located, else US), never a region the client"
            + " names";

    private final PlaybackService playback;
    private final Caller caller;

    public PlaybackResource(PlaybackService playback, Caller caller) {
        this.playback = playback;
        this.caller = caller;
    }

    @POST
    @Operation(summary = "Authorize playback: a signed, short-lived URL bound to the viewer, the episode's assets and an expiry; 451 outside the viewer's region; 403 age-restricted or age-verification-required; 401/402 for a paid episode without sign-in or entitlement")
    public Uni<PlaybackGrant> authorize(@PathParam("episodeId") @Size(max = 120) String episodeId,
                                        @Parameter(description = REGION_IGNORED)
                                        @QueryParam("region") @RegionCode String region) {
        // ?region is validated for compatibility and otherwise ignored: playback follows the trusted region only
        return caller.viewer().flatMap(viewer -> playback.authorize(episodeId, viewer));
    }

    @GET
    @Operation(summary = "Same as POST, for players that can only GET")
    public Uni<PlaybackGrant> authorizeByGet(@PathParam("episodeId") @Size(max = 120) String episodeId,
                                             @Parameter(description = REGION_IGNORED)
                                             @QueryParam("region") @RegionCode String region) {
        return authorize(episodeId, region);
    }
}
