package com.microdrama.payment.entitlement;

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
 * entitlement-service's service-to-service API (docs/architecture.md). Calls carry payment-service's own
 * client-credentials token (the default quarkus.oidc-client, cached and refreshed by the filter), never the buyer's.
 * {@code region}: the buyer's trusted region, for region promos.
 */
@RegisterRestClient(configKey = "entitlements")
@OidcClientFilter
@Path("/api/entitlements/users/{userId}")
@Produces(MediaType.APPLICATION_JSON)
public interface EntitlementClient {

    @GET
    @Path("/series/{seriesId}")
    Uni<SeriesAccess> series(@PathParam("userId") String userId, @PathParam("seriesId") String seriesId,
                             @QueryParam("region") String region);
}
