package com.microdrama.catalog.admin;

import com.microdrama.catalog.paging.Paging;
import com.microdrama.catalog.validation.Formats;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;

/** Series administration: role admin writes, admin or support (read-only admin) reads. */
@Path("/api/catalog/admin/series")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
@Tag(name = "admin")
public class AdminSeriesResource {
    static final String READERS_ADMIN = "admin";
    static final String READERS_SUPPORT = "support";

    private final AdminCatalogService admin;

    public AdminSeriesResource(AdminCatalogService admin) {
        this.admin = admin;
    }

    @GET
    @RolesAllowed({READERS_ADMIN, READERS_SUPPORT})
    @Operation(summary = "Every series, published or not")
    public Uni<AdminViews.SeriesPage> list(
            @QueryParam("page") @DefaultValue("0") @Pattern(regexp = Paging.NUMBER, message = Paging.NUMBER_MESSAGE)
            @Min(0) @Max(100_000) String page,
            @QueryParam("size") @DefaultValue("20") @Pattern(regexp = Paging.NUMBER, message = Paging.NUMBER_MESSAGE)
            @Min(1) @Max(100) String size) {
        return admin.listSeries(Integer.parseInt(page), Integer.parseInt(size));
    }

    @GET
    @Path("/{seriesId}")
    @RolesAllowed({READERS_ADMIN, READERS_SUPPORT})
    @Operation(summary = "A series with all its texts, regional tiers and episodes, published or not")
    public Uni<AdminViews.Series> get(@PathParam("seriesId") @Size(max = 100) String seriesId) {
        return admin.getSeries(seriesId);
    }

    @POST
    @Operation(summary = "Create an unpublished series (with its text in the original language and its prices)")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@NotNull @Valid AdminRequests.CreateSeries request) {
        return admin.createSeries(request).map(created -> Response
                .created(URI.create("/api/catalog/admin/series/" + created.id()))
                .entity(created)
                .build());
    }

    @PUT
    @Path("/{seriesId}")
    @Operation(summary = "Update language, genres, age rating, regions and cover")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<AdminViews.Series> update(@PathParam("seriesId") @Size(max = 100) String seriesId,
                                         @NotNull @Valid AdminRequests.UpdateSeries request) {
        return admin.updateSeries(seriesId, request);
    }

    @PUT
    @Path("/{seriesId}/translations/{language}")
    @Operation(summary = "Create or replace the series' title and synopsis in one language")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<AdminViews.Series> putText(@PathParam("seriesId") @Size(max = 100) String seriesId,
                                          @PathParam("language")
                                          @Pattern(regexp = Formats.LANGUAGE, message = Formats.LANGUAGE_MESSAGE)
                                          String language,
                                          @NotNull @Valid AdminRequests.SeriesText request) {
        return admin.putSeriesText(seriesId, language, request);
    }

    @POST
    @Path("/{seriesId}/publish")
    @Operation(summary = "Make the series visible (its published episodes become playable)")
    public Uni<AdminViews.Series> publish(@PathParam("seriesId") @Size(max = 100) String seriesId) {
        return admin.publishSeries(seriesId, true);
    }

    @POST
    @Path("/{seriesId}/unpublish")
    @Operation(summary = "Hide the series and all its episodes")
    public Uni<AdminViews.Series> unpublish(@PathParam("seriesId") @Size(max = 100) String seriesId) {
        return admin.publishSeries(seriesId, false);
    }

    @PUT
    @Path("/{seriesId}/pricing")
    @Operation(summary = "Free episode count, default episode price and bundle price (re-publishes every episode)")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<AdminViews.Series> putPricing(@PathParam("seriesId") @Size(max = 100) String seriesId,
                                             @NotNull @Valid AdminRequests.Pricing request) {
        return admin.putPricing(seriesId, request);
    }

    @PUT
    @Path("/{seriesId}/creator")
    @Operation(summary = "Set the creator who owns the series and may read its insights (null: the platform)")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<AdminViews.Series> putCreator(@PathParam("seriesId") @Size(max = 100) String seriesId,
                                             @NotNull @Valid AdminRequests.Creator request) {
        return admin.putCreator(seriesId, request);
    }

    @PUT
    @Path("/{seriesId}/regional-pricing")
    @Operation(summary = "Replace the series' regional price tiers (percent of the base prices per region)")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<AdminViews.Series> putRegionalPricing(@PathParam("seriesId") @Size(max = 100) String seriesId,
                                                     @NotNull @Valid AdminRequests.RegionalPrices request) {
        return admin.putRegionalPricing(seriesId, request);
    }

    @POST
    @Path("/{seriesId}/episodes")
    @Operation(summary = "Add an unpublished episode to the series")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> createEpisode(@PathParam("seriesId") @Size(max = 100) String seriesId,
                                       @NotNull @Valid AdminRequests.CreateEpisode request) {
        return admin.createEpisode(seriesId, request).map(created -> Response
                .created(URI.create("/api/catalog/admin/episodes/" + created.id()))
                .entity(created)
                .build());
    }
}
