package com.microdrama.insights.api;

import com.microdrama.insights.config.InsightsConfig;
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

import java.time.Clock;

/**
 * A series' funnel and drop-off over a date range, for admins, support and the creator who owns the series
 * (read-only; {@link SeriesAccess}). Days are UTC; a range defaults to the last seven days up to today.
 */
@Path("/api/insights/series/{seriesId}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({InsightsResource.ADMIN, InsightsResource.SUPPORT, InsightsResource.CREATOR})
@Tag(name = "insights", description = "Free-to-paid funnel and episode drop-off per series")
@APIResponse(responseCode = "400", description = "validation-failed: a malformed series id or day, or a range that ends"
        + " before it starts or spans more than insights.api.max-days", content = @Content(mediaType = "application/problem+json"))
@APIResponse(responseCode = "403", description = InsightsResource.FORBIDDEN,
        content = @Content(mediaType = "application/problem+json"))
@APIResponse(responseCode = "503", description = "insights-unavailable: the state is being restored or rebalanced;"
        + " retry", content = @Content(mediaType = "application/problem+json"))
public class InsightsResource {
    static final String ADMIN = "admin";
    static final String SUPPORT = "support";
    /** A creator reads the series they own (catalog-events' creatorId), nothing else (SeriesAccess). */
    static final String CREATOR = "creator";
    static final String FORBIDDEN = "forbidden: none of the roles admin, support, creator; not-series-owner (with"
            + " seriesId): a creator asking for a series they do not own, or one unknown here (never a 404)";
    static final String SERIES_ID = "[a-z0-9][a-z0-9-]{0,99}";
    static final String CSV = "text/csv";

    private final InsightsReports reports;
    private final SeriesAccess access;
    private final SecurityIdentity caller;
    private final Clock clock;
    private final int maxDays;

    public InsightsResource(InsightsReports reports, SeriesAccess access, SecurityIdentity caller, Clock clock,
                            InsightsConfig config) {
        this.reports = reports;
        this.access = access;
        this.caller = caller;
        this.clock = clock;
        this.maxDays = config.api().maxDays();
    }

    @GET
    @Path("/funnel")
    @APIResponse(responseCode = "200", description = "The funnel in total and by day, region and language")
    @Operation(summary = "Viewers, paywall, payers and conversion of a series over a date range")
    public FunnelReport funnel(@PathParam("seriesId") @Pattern(regexp = SERIES_ID) String seriesId,
                               @Parameter(description = DateRange.FROM) @QueryParam("from") String from,
                               @Parameter(description = DateRange.TO) @QueryParam("to") String to) {
        access.requireReader(caller, seriesId);
        DateRange range = DateRange.of(from, to, clock, maxDays);
        return reports.funnel(seriesId, range.from(), range.to());
    }

    @GET
    @Path("/funnel/export")
    @Produces(CSV)
    @APIResponse(responseCode = "200", description = "One CSV row per day, region and language (header: "
            + InsightsReports.CSV_HEADER + ")", content = @Content(mediaType = CSV))
    @Operation(summary = "The funnel of a series over a date range as CSV, at its finest grain")
    public Response funnelExport(@PathParam("seriesId") @Pattern(regexp = SERIES_ID) String seriesId,
                                 @Parameter(description = DateRange.FROM) @QueryParam("from") String from,
                                 @Parameter(description = DateRange.TO) @QueryParam("to") String to) {
        access.requireReader(caller, seriesId);
        DateRange range = DateRange.of(from, to, clock, maxDays);
        return Response.ok(reports.funnelCsv(seriesId, range.from(), range.to()))
                .header("Content-Disposition", "attachment; filename=\"funnel-%s-%s-%s.csv\""
                        .formatted(seriesId, range.from(), range.to()))
                .build();
    }

    @GET
    @Path("/episodes")
    @APIResponse(responseCode = "200", description = "Plays, first plays, paywalls and unlocks per episode")
    @Operation(summary = "Episode-by-episode drop-off of a series over a date range")
    public EpisodeReport episodes(@PathParam("seriesId") @Pattern(regexp = SERIES_ID) String seriesId,
                                  @Parameter(description = DateRange.FROM) @QueryParam("from") String from,
                                  @Parameter(description = DateRange.TO) @QueryParam("to") String to) {
        access.requireReader(caller, seriesId);
        DateRange range = DateRange.of(from, to, clock, maxDays);
        return reports.episodes(seriesId, range.from(), range.to());
    }
}
