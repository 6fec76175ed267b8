package com.microdrama.catalog.playback;

import com.microdrama.catalog.region.Regions;
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

    private final PlaybackService playback;
    private final Caller caller;

    public PlaybackResource(PlaybackService playback, Caller caller) {
        this.playback = playback;
        this.caller = caller;
    }

    @POST
    @Operation(summary = "Authorize playback: a signed, short-lived URL bound to the viewer and the episode")
    public Uni<PlaybackGrant> authorize(@PathParam("episodeId") @Size(max = 120) String episodeId,
                                        @Parameter(description = "ISO 3166-1 alpha-2; defaults to the token's region claim, else US")
                                        @QueryParam("region") @RegionCode String region) {
        return caller.viewer().flatMap(viewer -> playback.authorize(episodeId, viewer,
                Regions.resolve(region, viewer.region())));
    }

    @GET
    @Operation(summary = "Same as POST, for players that can only GET")
    public Uni<PlaybackGrant> authorizeByGet(@PathParam("episodeId") @Size(max = 120) String episodeId,
                                             @QueryParam("region") @RegionCode String region) {
        return authorize(episodeId, region);
    }
}
