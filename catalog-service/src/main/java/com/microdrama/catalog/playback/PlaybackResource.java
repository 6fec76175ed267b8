package com.microdrama.catalog.playback;

import com.microdrama.catalog.security.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
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
    public Uni<PlaybackGrant> authorize(@PathParam("episodeId") @Size(max = 120) String episodeId) {
        return caller.subject().flatMap(viewer -> playback.authorize(episodeId, viewer));
    }

    @GET
    @Operation(summary = "Same as POST, for players that can only GET")
    public Uni<PlaybackGrant> authorizeByGet(@PathParam("episodeId") @Size(max = 120) String episodeId) {
        return authorize(episodeId);
    }
}
