package com.microdrama.payment.pack;

import com.microdrama.payment.idempotency.Idempotency;
import com.microdrama.support.idempotency.IdempotencyKeys;
import com.microdrama.payment.security.CurrentUser;
import com.microdrama.payment.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/payments/pack-purchases")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.USER, Roles.ADMIN})
@Tag(name = "packs")
public class PackPurchaseResource {
    private final PackPurchaseService service;
    private final CurrentUser user;

    public PackPurchaseResource(PackPurchaseService service, CurrentUser user) {
        this.service = service;
        this.user = user;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Buy a coin pack (requires Idempotency-Key); 201 COMPLETED with the sandbox provider")
    public Uni<Response> purchase(@HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
                                  @Valid @NotNull PackPurchaseRequest body) {
        String key = IdempotencyKeys.require(idempotencyKey);
        return service.purchase(user.id(), user.region(), key, body).map(Idempotency::toResponse);
    }

    @GET
    @Path("/{purchaseId}")
    @Operation(summary = "One of the signed-in user's purchases")
    public Uni<PackPurchaseView> get(@PathParam("purchaseId") String purchaseId) {
        return service.find(user.id(), purchaseId).map(PackPurchaseView::of);
    }
}
