package com.microdrama.entitlement.admin;

import com.microdrama.entitlement.admin.AdminViews.AdRewardRequest;
import com.microdrama.entitlement.admin.AdminViews.EntitlementView;
import com.microdrama.entitlement.admin.AdminViews.History;
import com.microdrama.entitlement.admin.AdminViews.PromoGrantRequest;
import com.microdrama.support.idempotency.IdempotencyKeys;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestResponse;

import java.net.URI;

/** Operators' view and hand on entitlements: {@code admin} writes, {@code admin} or {@code support} reads. */
@Path("/api/entitlements/admin")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"admin", "support"})
public class AdminResource {
    /**
     * admin_action.idempotency_key is varchar(200). The key is checked by the shared rule (IdempotencyKeys), not Bean
     * Validation, so a bad key is 400 {@code idempotency-key-invalid} as in payment-service; the OpenAPI schema
     * still states the length.
     */
    private static final int MAX_KEY_LENGTH = 200;

    private final AdminGrants grants;
    private final JsonWebToken token;

    public AdminResource(AdminGrants grants, JsonWebToken token) {
        this.grants = grants;
        this.token = token;
    }

    /** 201 with the promo entitlement; with an Idempotency-Key, a repeat answers 200 with the same entitlement. */
    @POST
    @Path("/grants")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    public Uni<RestResponse<EntitlementView>> grant(@NotNull @Valid PromoGrantRequest request,
                                                    @HeaderParam(IdempotencyKeys.HEADER)
                                                    @Parameter(schema = @Schema(minLength = 1, maxLength = MAX_KEY_LENGTH))
                                                    String idempotencyKey,
                                                    @Context HttpHeaders headers) {
        // the parameter declares the header in the OpenAPI document; the headers tell an empty one from none
        String key = IdempotencyKeys.optionalHeader(headers.getRequestHeaders().get(IdempotencyKeys.HEADER), MAX_KEY_LENGTH);
        return grants.grantPromo(request, token.getSubject(), key).map(AdminResource::created);
    }

    /** An episode unlocked by a watched ad; the impression id makes retried callbacks harmless. */
    @POST
    @Path("/ad-rewards")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    public Uni<RestResponse<EntitlementView>> adReward(@NotNull @Valid AdRewardRequest request) {
        return grants.adReward(request, token.getSubject()).map(AdminResource::created);
    }

    @GET
    @Path("/grants/{id}")
    // two methods named grant: the contract's operation ids must differ (docs/openapi)
    @Operation(operationId = "AdminResource_getGrant")
    public Uni<EntitlementView> grant(@PathParam("id") @NotBlank @Size(max = 200) String id) {
        return grants.find(id);
    }

    /** Revokes an entitlement of any kind; 204 also when it was already revoked. */
    @DELETE
    @Path("/grants/{id}")
    @RolesAllowed("admin")
    public Uni<Response> revoke(@PathParam("id") @NotBlank @Size(max = 200) String id,
                                @QueryParam("reason") @Size(max = 500) String reason) {
        return grants.revoke(id, token.getSubject(), reason).map(ignored -> Response.noContent().build());
    }

    @GET
    @Path("/users/{userId}/entitlements")
    public Uni<History> history(@PathParam("userId") @NotBlank @Size(max = 200) String userId) {
        return grants.history(userId);
    }

    private static RestResponse<EntitlementView> created(AdminGrants.Outcome outcome) {
        if (!outcome.created()) {
            return RestResponse.ok(outcome.entitlement());
        }
        return RestResponse.ResponseBuilder.<EntitlementView>created(
                        URI.create("/api/entitlements/admin/grants/" + outcome.entitlement().id()))
                .entity(outcome.entitlement())
                .build();
    }
}
