package com.microdrama.payment.refund;

import com.microdrama.payment.idempotency.Idempotency;
import com.microdrama.support.idempotency.IdempotencyKeys;
import com.microdrama.payment.security.CurrentUser;
import com.microdrama.payment.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/payments/admin/refunds")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = "admin")
public class AdminRefundResource {
    private final RefundService service;
    private final CurrentUser user;

    public AdminRefundResource(RefundService service, CurrentUser user) {
        this.service = service;
        this.user = user;
    }

    @POST
    @Operation(summary = "Refund a pack purchase, an unlock or a subscription (admin, requires Idempotency-Key)")
    public Uni<Response> refund(@HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
                                @Valid @NotNull RefundRequest body) {
        String key = IdempotencyKeys.require(idempotencyKey);
        return service.adminRefund(user.id(), key, body).map(Idempotency::toResponse);
    }
}
