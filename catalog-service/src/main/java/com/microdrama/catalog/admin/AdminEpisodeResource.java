package com.microdrama.catalog.admin;

import com.microdrama.catalog.validation.Formats;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Episode administration: role admin writes, admin or support reads. Episodes are created under their series. */
@Path("/api/catalog/admin/episodes/{episodeId}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
@Tag(name = "admin")
public class AdminEpisodeResource {

    private final AdminCatalogService admin;

    public AdminEpisodeResource(AdminCatalogService admin) {
        this.admin = admin;
    }

    @GET
    @RolesAllowed({AdminSeriesResource.READERS_ADMIN, AdminSeriesResource.READERS_SUPPORT})
    @Operation(summary = "An episode with all its titles, published or not")
    public Uni<AdminViews.Episode> get(@PathParam("episodeId") @Size(max = 120) String episodeId) {
        return admin.getEpisode(episodeId);
    }

    @PUT
    @Operation(summary = "Update number, duration and video asset")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<AdminViews.Episode> update(@PathParam("episodeId") @Size(max = 120) String episodeId,
                                          @NotNull @Valid AdminRequests.UpdateEpisode request) {
        return admin.updateEpisode(episodeId, request);
    }

    @PUT
    @Path("/translations/{language}")
    @Operation(summary = "Create or replace the episode's title in one language")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<AdminViews.Episode> putText(@PathParam("episodeId") @Size(max = 120) String episodeId,
                                           @PathParam("language")
                                           @Pattern(regexp = Formats.LANGUAGE, message = Formats.LANGUAGE_MESSAGE)
                                           String language,
                                           @NotNull @Valid AdminRequests.EpisodeText request) {
        return admin.putEpisodeText(episodeId, language, request);
    }

    @PUT
    @Path("/price")
    @Operation(summary = "Set the episode's own price (null = series default, 0 = free)")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<AdminViews.Episode> putPrice(@PathParam("episodeId") @Size(max = 120) String episodeId,
                                            @NotNull @Valid AdminRequests.EpisodePrice request) {
        return admin.putEpisodePrice(episodeId, request);
    }

    @POST
    @Path("/publish")
    @Operation(summary = "Make the episode visible (when its series is published)")
    public Uni<AdminViews.Episode> publish(@PathParam("episodeId") @Size(max = 120) String episodeId) {
        return admin.publishEpisode(episodeId, true);
    }

    @POST
    @Path("/unpublish")
    @Operation(summary = "Hide the episode")
    public Uni<AdminViews.Episode> unpublish(@PathParam("episodeId") @Size(max = 120) String episodeId) {
        return admin.publishEpisode(episodeId, false);
    }
}
