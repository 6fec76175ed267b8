package com.microdrama.entitlement.access;

import com.microdrama.entitlement.access.AccessViews.EpisodeCheck;
import com.microdrama.entitlement.access.AccessViews.SeriesCheck;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The same answers for any user, for catalog-service (playback, series pages), payment-service (series unlock prices,
 * nothing charged for what is already open) and operators. The caller uses its own service-account token, so the
 * viewer's region cannot come from that token: the caller passes the viewer's region as {@code region}; without it no
 * region promo applies. Besides the role, a service token must come from an allowed client ({@link ServiceCallers}).
 */
@Path("/api/entitlements/users/{userId}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"service", "admin"})
@APIResponse(responseCode = "403", description = "forbidden: neither an admin nor a service token of an allowed client",
        content = @Content(mediaType = "application/problem+json"))
public class UserAccessResource {

    private final AccessService access;
    private final ServiceCallers callers;
    private final SecurityIdentity caller;

    public UserAccessResource(AccessService access, ServiceCallers callers, SecurityIdentity caller) {
        this.access = access;
        this.callers = callers;
        this.caller = caller;
    }

    @GET
    @Path("/check")
    @APIResponse(responseCode = "200", description = "The answer for that user",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = EpisodeCheck.class)))
    public Uni<EpisodeCheck> check(@PathParam("userId") @NotBlank @Size(max = 200) String userId,
                                   @QueryParam("episodeId") @NotBlank @Size(max = 200) String episodeId,
                                   @QueryParam("region") String region) {
        callers.require(caller);
        return access.checkEpisode(userId, episodeId, Region.fromParameter("region", region));
    }

    @GET
    @Path("/series/{seriesId}")
    @APIResponse(responseCode = "200", description = "The answers for that user, by episode number",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = SeriesCheck.class)))
    public Uni<SeriesCheck> series(@PathParam("userId") @NotBlank @Size(max = 200) String userId,
                                   @PathParam("seriesId") @NotBlank @Size(max = 200) String seriesId,
                                   @QueryParam("region") String region) {
        callers.require(caller);
        return access.checkSeries(userId, seriesId, Region.fromParameter("region", region));
    }
}
