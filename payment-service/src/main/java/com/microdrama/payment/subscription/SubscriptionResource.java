package com.microdrama.payment.subscription;

import com.microdrama.payment.idempotency.Idempotency;
import com.microdrama.support.idempotency.IdempotencyKeys;
import com.microdrama.payment.security.CurrentUser;
import com.microdrama.payment.security.Roles;
import com.microdrama.payment.subscription.SubscriptionViews.PlanView;
import com.microdrama.payment.subscription.SubscriptionViews.SubscriptionView;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/api/payments")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.USER, Roles.ADMIN})
@Tag(name = "subscriptions")
public class SubscriptionResource {
    private final SubscriptionService service;
    private final CurrentUser user;

    public SubscriptionResource(SubscriptionService service, CurrentUser user) {
        this.service = service;
        this.user = user;
    }

    @GET
    @Path("/plans")
    @Operation(summary = "VIP plans on sale")
    public Uni<List<PlanView>> plans() {
        return service.plans().map(plans -> plans.stream().map(PlanView::of).toList());
    }

    @POST
    @Path("/subscriptions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Subscribe to a VIP plan (requires Idempotency-Key); 409 already-subscribed")
    public Uni<Response> subscribe(@HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
                                   @Valid @NotNull SubscriptionRequest body) {
        String key = IdempotencyKeys.require(idempotencyKey);
        return service.subscribe(user.id(), key, body).map(Idempotency::toResponse);
    }

    @GET
    @Path("/subscriptions/me")
    @Operation(summary = "The user's live subscription; 404 no-subscription")
    public Uni<SubscriptionView> me() {
        return service.current(user.id()).map(SubscriptionView::of);
    }

    @POST
    @Path("/subscriptions/me/cancel")
    @Operation(summary = "Cancel at period end (requires Idempotency-Key)")
    public Uni<Response> cancel(@HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey) {
        String key = IdempotencyKeys.require(idempotencyKey);
        return service.cancel(user.id(), key).map(Idempotency::toResponse);
    }

    @POST
    @Path("/subscriptions/me/resume")
    @Operation(summary = "Undo a cancellation before the period ends (requires Idempotency-Key)")
    public Uni<Response> resume(@HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey) {
        String key = IdempotencyKeys.require(idempotencyKey);
        return service.resume(user.id(), key).map(Idempotency::toResponse);
    }
}
