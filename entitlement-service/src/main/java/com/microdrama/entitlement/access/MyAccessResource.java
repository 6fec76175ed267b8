package com.microdrama.entitlement.access;

import com.microdrama.entitlement.access.AccessViews.EntitlementPage;
import com.microdrama.entitlement.access.AccessViews.EpisodeCheck;
import com.microdrama.entitlement.access.AccessViews.SeriesCheck;
import com.microdrama.events.viewer.ViewerRegion;
import com.microdrama.support.security.TokenClaims;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.time.Duration;

/** The signed-in user's own access; the user is always the token's subject. */
@Path("/api/entitlements")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"user", "admin"})
public class MyAccessResource {

    private final AccessService access;
    private final JsonWebToken token;
    private final HttpServerRequest request;

    public MyAccessResource(AccessService access, JsonWebToken token, HttpServerRequest request) {
        this.access = access;
        this.token = token;
        this.request = request;
    }

    /** Longest {@code waitMs}: well inside the gateway's 15 s read timeout and a phone's patience. */
    static final int MAX_WAIT_MS = 10_000;

    /**
     * {@code waitMs} (optional, 0 = answer at once): while the answer is "not allowed", hold the request up to that
     * long and answer as soon as a grant makes it "allowed", e.g. right after the unlock POST instead of polling.
     */
    @GET
    @Path("/check")
    @APIResponse(responseCode = "200", description = "The answer, with the reason",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = EpisodeCheck.class)))
    @APIResponse(responseCode = "429", description = "too-many-waits: this user (or this instance) already has as many"
            + " checks with waitMs waiting as allowed; nothing was taken, retry after Retry-After seconds",
            content = @Content(mediaType = "application/problem+json"))
    public Uni<EpisodeCheck> check(@QueryParam("episodeId") @NotBlank @Size(max = 200) String episodeId,
                                   @QueryParam("waitMs") @DefaultValue("0") @Min(0) @Max(MAX_WAIT_MS) int waitMs) {
        return access.checkEpisode(token.getSubject(), episodeId, region(), Duration.ofMillis(waitMs));
    }

    @GET
    @Path("/series/{seriesId}")
    public Uni<SeriesCheck> series(@PathParam("seriesId") @NotBlank @Size(max = 200) String seriesId) {
        return access.checkSeries(token.getSubject(), seriesId, region());
    }

    @GET
    @Path("/me")
    public Uni<EntitlementPage> mine(@QueryParam("page") @DefaultValue("0") @Min(0) int page,
                                     @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        return access.active(token.getSubject(), page, size);
    }

    /**
     * The shared rule: the token's region claim, else the gateway's country header, else the default. A region query
     * parameter on these paths is ignored, as a client could name any region.
     */
    private String region() {
        return ViewerRegion.resolve(TokenClaims.get(token, "region"), request.getHeader(ViewerRegion.COUNTRY_HEADER));
    }
}
