package com.microdrama.insights.api;

import com.microdrama.insights.config.InsightsConfig;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;

/**
 * The app's coin-pack revenue by currency, day and provider: admins and support only. Not creators: it is the app's
 * money across every series, not a series' (a creator reads their series' coins in its funnel).
 */
@Path("/api/insights/revenue")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({InsightsResource.ADMIN, InsightsResource.SUPPORT})
@Tag(name = "insights", description = "Free-to-paid funnel and episode drop-off per series")
public class RevenueResource {
    private final InsightsReports reports;
    private final Clock clock;
    private final int maxDays;

    public RevenueResource(InsightsReports reports, Clock clock, InsightsConfig config) {
        this.reports = reports;
        this.clock = clock;
        this.maxDays = config.api().maxDays();
    }

    @GET
    @APIResponse(responseCode = "200", description = "Purchases, gross, refunds and net per currency, day and provider")
    @APIResponse(responseCode = "400", description = "validation-failed: a malformed day, or a range that ends before it"
            + " starts or spans more than insights.api.max-days", content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "503", description = "insights-unavailable: the state is being restored or rebalanced;"
            + " retry", content = @Content(mediaType = "application/problem+json"))
    @Operation(summary = "Coin-pack revenue over a date range, per currency (never converted), day and provider")
    public RevenueReport revenue(@Parameter(description = DateRange.FROM) @QueryParam("from") String from,
                                 @Parameter(description = DateRange.TO) @QueryParam("to") String to) {
        DateRange range = DateRange.of(from, to, clock, maxDays);
        return reports.revenue(range.from(), range.to());
    }
}
