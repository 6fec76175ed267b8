package com.microdrama.catalog.experiment;

import com.microdrama.catalog.security.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;

/**
 * Paywall experiments of a series (docs/decisions/0036-paywall-experiments.md): role admin defines, starts and
 * stops them, admin or support reads. Results are insights-service's
 * ({@code GET /api/insights/series/{seriesId}/experiments/{experimentId}}).
 */
@Path("/api/catalog/admin/series/{seriesId}/experiments")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
@Tag(name = "admin")
public class AdminExperimentResource {

    private final ExperimentService experiments;
    private final Caller caller;

    public AdminExperimentResource(ExperimentService experiments, Caller caller) {
        this.experiments = experiments;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({"admin", "support"})
    @Operation(summary = "The series' paywall experiments, newest first")
    public Uni<ExperimentView.Page> list(@PathParam("seriesId") @Size(max = 100) String seriesId) {
        return experiments.list(seriesId);
    }

    @GET
    @Path("/{experimentId}")
    @RolesAllowed({"admin", "support"})
    @Operation(summary = "One paywall experiment with its variants and who started and stopped it")
    public Uni<ExperimentView> get(@PathParam("seriesId") @Size(max = 100) String seriesId,
                                   @PathParam("experimentId") @Size(max = 100) String experimentId) {
        return experiments.get(seriesId, experimentId);
    }

    @POST
    @Operation(summary = "Define a paywall experiment (a draft): variants with their share of viewers, free "
            + "episode count and episode price; the first variant is the control")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@PathParam("seriesId") @Size(max = 100) String seriesId,
                                @NotNull @Valid ExperimentRequests.Create request) {
        return caller.subject().flatMap(actor -> experiments.create(seriesId, request, actor.orElseThrow()))
                .map(created -> Response
                        .created(URI.create("/api/catalog/admin/series/" + seriesId + "/experiments/" + created.id()))
                        .entity(created)
                        .build());
    }

    @POST
    @Path("/{experimentId}/start")
    @Operation(summary = "Start the experiment: from now on every signed-in viewer gets their variant's offer")
    public Uni<ExperimentView> start(@PathParam("seriesId") @Size(max = 100) String seriesId,
                                     @PathParam("experimentId") @Size(max = 100) String experimentId) {
        return caller.subject().flatMap(actor -> experiments.start(seriesId, experimentId, actor.orElseThrow()));
    }

    @POST
    @Path("/{experimentId}/stop")
    @Operation(summary = "Stop the experiment, optionally rolling out one variant's offer as the series' own; "
            + "viewers keep the free episodes a variant gave them")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ExperimentView> stop(@PathParam("seriesId") @Size(max = 100) String seriesId,
                                    @PathParam("experimentId") @Size(max = 100) String experimentId,
                                    @Valid ExperimentRequests.Stop request) {
        String rollOut = request == null ? null : request.rollOut();
        return caller.subject().flatMap(actor -> experiments.stop(seriesId, experimentId, rollOut,
                actor.orElseThrow()));
    }
}
