package com.microdrama.catalog.entitlement;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * entitlement-service's service-to-service API (docs/architecture.md). Calls carry catalog-service's own
 * client-credentials token (the default quarkus.oidc-client, cached and refreshed by the filter), never the user's.
 * {@code region}: the viewer's trusted region (token claim, else the gateway's country, else the default), for region
 * promos.
 */
@RegisterRestClient(configKey = "entitlements")
@OidcClientFilter
@Path("/api/entitlements/users/{userId}")
@Produces(MediaType.APPLICATION_JSON)
public interface EntitlementClient {

    @GET
    @Path("/check")
    Uni<EntitlementCheck> check(@PathParam("userId") String userId, @QueryParam("episodeId") String episodeId,
                                @QueryParam("region") String region);

    @GET
    @Path("/series/{seriesId}")
    Uni<SeriesEntitlements> series(@PathParam("userId") String userId, @PathParam("seriesId") String seriesId,
                                   @QueryParam("region") String region);
}
