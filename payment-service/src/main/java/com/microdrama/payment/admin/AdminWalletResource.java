package com.microdrama.payment.admin;

import com.microdrama.payment.admin.AdminViews.UserPaymentsView;
import com.microdrama.payment.idempotency.Idempotency;
import com.microdrama.support.idempotency.IdempotencyKeys;
import com.microdrama.payment.security.CurrentUser;
import com.microdrama.payment.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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

/** Admin tools over other users' money; the path's userId is the target, the token's subject the actor. */
@Path("/api/payments/admin")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
public class AdminWalletResource {
    private static final String USER_ID = "[A-Za-z0-9._:@-]{1,100}";

    private final AdminService service;
    private final CurrentUser user;

    public AdminWalletResource(AdminService service, CurrentUser user) {
        this.service = service;
        this.user = user;
    }

    @POST
    @Path("/wallets/{userId}/adjustments")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Credit (+) or debit (-) a user's wallet with a reason (admin, requires Idempotency-Key); 422 if it would go negative")
    public Uni<Response> adjust(@HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
                                @PathParam("userId") @Pattern(regexp = USER_ID) String userId,
                                @Valid @NotNull AdjustmentRequest body) {
        String key = IdempotencyKeys.require(idempotencyKey);
        return service.adjust(user.id(), key, userId, body).map(Idempotency::toResponse);
    }

    @GET
    @Path("/users/{userId}/payments")
    @RolesAllowed({Roles.ADMIN, Roles.SUPPORT})
    @Operation(summary = "A user's wallet, purchases, unlocks, subscriptions, refunds and adjustments (admin or support)")
    public Uni<UserPaymentsView> payments(@PathParam("userId") @Pattern(regexp = USER_ID) String userId) {
        return service.payments(userId);
    }
}
