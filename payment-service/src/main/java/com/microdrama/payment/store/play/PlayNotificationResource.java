package com.microdrama.payment.store.play;

import com.microdrama.payment.webhook.ProviderEventLog;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Google Play's Real-time developer notifications, pushed by Pub/Sub. The bearer token is Google's OIDC token for
 * the push subscription, not one of our realm: the service verifies it ({@link PubSubPushVerifier}).
 */
@Path("/api/payments/webhooks/play")
@PermitAll
@Tag(name = "webhooks")
public class PlayNotificationResource {
    private final PlayService service;

    public PlayNotificationResource(PlayService service) {
        this.service = service;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Google Play Real-time developer notifications (Pub/Sub push with its OIDC token); 200 also"
            + " for duplicates and ignored types")
    @SecurityRequirements({})
    @APIResponse(responseCode = "200", description = "Processed, duplicate or ignored",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProviderEventLog.Result.class)))
    @APIResponse(responseCode = "400", description = "malformed-event", content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "401", description = "invalid-push-token (missing, forged, expired, wrong audience or"
            + " account; nothing happened)", content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "404", description = "store-not-enabled", content = @Content(mediaType = "application/problem+json"))
    public Uni<ProviderEventLog.Result> receive(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, PubSubPush push) {
        return service.notification(authorization, push);
    }
}
