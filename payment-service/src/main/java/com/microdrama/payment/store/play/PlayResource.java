package com.microdrama.payment.store.play;

import com.microdrama.payment.security.CurrentUser;
import com.microdrama.payment.security.Roles;
import com.microdrama.payment.store.StorePurchaseView;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The Android app reports a completed Play Billing purchase (docs/stores/google-play.md). */
@Path("/api/payments/play/purchases")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.USER, Roles.ADMIN})
@Tag(name = "stores")
public class PlayResource {
    private final PlayService service;
    private final CurrentUser user;

    public PlayResource(PlayService service, CurrentUser user) {
        this.service = service;
        this.user = user;
    }

    /** What Play Billing's {@code Purchase} gives the app: the product and the purchase token. */
    public record PurchaseRequest(@NotBlank String productId, @NotBlank String purchaseToken) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Report a Google Play purchase: verified with Google, coins credited once per order (then"
            + " acknowledged and consumed) or the VIP subscription it pays for; repeating it answers the same")
    @APIResponse(responseCode = "200", description = "The coin-pack purchase or the subscription",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StorePurchaseView.class)))
    @APIResponse(responseCode = "400", description = "Bad Request", content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "403", description = "store-account-mismatch: obfuscatedExternalAccountId is not the"
            + " caller's id", content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "404", description = "store-not-enabled", content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "409", description = "store-purchase-pending (not paid yet) or store-transaction-revoked",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "422", description = "unknown-store-purchase (Google does not know the token for this"
            + " app) or unknown-store-product", content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "502", description = "store-unavailable: Google Play could not answer; retry",
            content = @Content(mediaType = "application/problem+json"))
    public Uni<StorePurchaseView> report(@Valid @NotNull PurchaseRequest body) {
        return service.purchase(user.id(), body.productId(), body.purchaseToken());
    }
}
