package com.microdrama.payment.unlock;

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

@Path("/api/payments")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.USER, Roles.ADMIN})
@Tag(name = "unlocks")
public class UnlockResource {
    private final UnlockService service;
    private final CurrentUser user;

    public UnlockResource(UnlockService service, CurrentUser user) {
        this.service = service;
        this.user = user;
    }

    @POST
    @Path("/episode-unlocks")
    @Operation(summary = "Spend coins on one episode at its catalog price for the token's region (requires Idempotency-Key)")
    public Uni<Response> unlockEpisode(@HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
                                       @Valid @NotNull EpisodeUnlockRequest body) {
        String key = IdempotencyKeys.require(idempotencyKey);
        return service.unlockEpisode(buyer(), key, body).map(Idempotency::toResponse);
    }

    @POST
    @Path("/series-unlocks")
    @Operation(summary = "Spend coins on a whole series at its bundle price for the token's region (requires Idempotency-Key)")
    public Uni<Response> unlockSeries(@HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
                                      @Valid @NotNull SeriesUnlockRequest body) {
        String key = IdempotencyKeys.require(idempotencyKey);
        return service.unlockSeries(buyer(), key, body).map(Idempotency::toResponse);
    }

    private UnlockService.Buyer buyer() {
        return new UnlockService.Buyer(user.id(), user.region(), user.age());
    }
}
