package com.microdrama.insights.api;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A paywall experiment's results on a series, per arm and against the control, for admins, support and the creator
 * who owns the series (read-only; {@link SeriesAccess}; docs/decisions/0036-paywall-experiments.md). No date range:
 * an experiment is one range, its whole run so far.
 */
@Path("/api/insights/series/{seriesId}/experiments/{experimentId}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({InsightsResource.ADMIN, InsightsResource.SUPPORT, InsightsResource.CREATOR})
@Tag(name = "insights", description = "Free-to-paid funnel and episode drop-off per series")
@APIResponse(responseCode = "400", description = "validation-failed: a malformed series or experiment id, or (the"
        + " report) a control that is no arm of the experiment",
        content = @Content(mediaType = "application/problem+json"))
@APIResponse(responseCode = "403", description = InsightsResource.FORBIDDEN,
        content = @Content(mediaType = "application/problem+json"))
@APIResponse(responseCode = "404", description = "unknown-experiment: no fact of the experiment on the series was"
        + " counted", content = @Content(mediaType = "application/problem+json"))
@APIResponse(responseCode = "503", description = "insights-unavailable: the state is being restored or rebalanced;"
        + " retry", content = @Content(mediaType = "application/problem+json"))
public class ExperimentResource {
    /** Experiment ids as catalog-service hands them out: no spaces, no slashes. */
    static final String EXPERIMENT_ID = "[A-Za-z0-9][A-Za-z0-9._:-]{0,99}";

    private final InsightsReports reports;
    private final SeriesAccess access;
    private final SecurityIdentity caller;

    public ExperimentResource(InsightsReports reports, SeriesAccess access, SecurityIdentity caller) {
        this.reports = reports;
        this.access = access;
        this.caller = caller;
    }

    @GET
    @APIResponse(responseCode = "200", description = "Each arm, and each arm against the control with p-values and"
            + " 95 % intervals")
    @Operation(summary = "A paywall experiment's conversion and coins per viewer per arm, tested against the control")
    public ExperimentReport experiment(
            @PathParam("seriesId") @Pattern(regexp = InsightsResource.SERIES_ID) String seriesId,
            @PathParam("experimentId") @Pattern(regexp = EXPERIMENT_ID) String experimentId,
            @Parameter(description = "The arm to compare the others with, default: the first arm name in sort order")
            @QueryParam("control") String control) {
        access.requireReader(caller, seriesId);
        return reports.experiment(seriesId, experimentId, control);
    }

    @GET
    @Path("/export")
    @Produces(InsightsResource.CSV)
    @APIResponse(responseCode = "200", description = "One CSV row per arm with the stored counts (header: "
            + InsightsReports.EXPERIMENT_CSV_HEADER + ")", content = @Content(mediaType = InsightsResource.CSV))
    @Operation(summary = "A paywall experiment's counts per arm as CSV, with the sum of squared coins per viewer")
    public Response experimentExport(
            @PathParam("seriesId") @Pattern(regexp = InsightsResource.SERIES_ID) String seriesId,
            @PathParam("experimentId") @Pattern(regexp = EXPERIMENT_ID) String experimentId) {
        access.requireReader(caller, seriesId);
        return Response.ok(reports.experimentCsv(seriesId, experimentId))
                .header("Content-Disposition", "attachment; filename=\"experiment-%s-%s.csv\""
                        .formatted(seriesId, experimentId))
                .build();
    }
}
