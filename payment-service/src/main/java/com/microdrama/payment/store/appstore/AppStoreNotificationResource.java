package com.microdrama.payment.store.appstore;

import com.microdrama.payment.webhook.ProviderEventLog;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
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
 * App Store Server Notifications V2: no bearer token (Apple cannot get one), the signed payload's chain to Apple's
 * root authenticates it (decision 0020).
 */
@Path("/api/payments/webhooks/app-store")
@PermitAll
@Tag(name = "webhooks")
public class AppStoreNotificationResource {
    private final AppStoreService service;

    public AppStoreNotificationResource(AppStoreService service) {
        this.service = service;
    }

    /** Apple's body: {@code {"signedPayload": "<JWS>"}}. */
    public record NotificationBody(String signedPayload) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "App Store Server Notifications V2 (signedPayload); 200 also for duplicates and ignored types")
    @SecurityRequirements({})
    @APIResponse(responseCode = "200", description = "Processed, duplicate or ignored",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProviderEventLog.Result.class)))
    @APIResponse(responseCode = "400", description = "malformed-event", content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "404", description = "store-not-enabled", content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "422", description = "invalid-store-signature (not Apple's, expired, another app or"
            + " environment; nothing happened)", content = @Content(mediaType = "application/problem+json"))
    public Uni<ProviderEventLog.Result> receive(NotificationBody body) {
        return service.notification(body == null ? null : body.signedPayload());
    }
}
