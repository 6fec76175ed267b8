package com.microdrama.payment.webhook;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Stripe's webhook endpoint: the only write without a bearer token (Stripe cannot get one), so the signature is
 * the authentication. The body is taken as the raw string because the signature covers its exact bytes.
 */
@Path("/api/payments/webhooks/stripe")
@PermitAll
@Tag(name = "webhooks")
public class StripeWebhookResource {
    private final StripeWebhookService service;

    public StripeWebhookResource(StripeWebhookService service) {
        this.service = service;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Stripe events (Stripe-Signature required); 200 also for duplicates and ignored types, 400 invalid-signature")
    // The contract says so explicitly: no bearer token here, the signature authenticates (docs/openapi).
    @SecurityRequirements({})
    @APIResponse(responseCode = "200", description = "Processed, duplicate or ignored",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ProviderEventLog.Result.class)))
    @APIResponse(responseCode = "400", description = "invalid-signature (missing, wrong or too old; nothing happened)"
            + " or malformed-event", content = @Content(mediaType = "application/problem+json"))
    public Uni<ProviderEventLog.Result> receive(@HeaderParam("Stripe-Signature") String signature, String payload) {
        return service.handle(payload == null ? "" : payload, signature);
    }
}
