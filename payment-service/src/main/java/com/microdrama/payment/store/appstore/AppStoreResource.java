package com.microdrama.payment.store.appstore;

import com.microdrama.payment.security.CurrentUser;
import com.microdrama.payment.security.Roles;
import com.microdrama.payment.store.StorePurchaseView;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
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

/** The iOS app hands over what StoreKit 2 gave it after a purchase (docs/stores/app-store.md). */
@Path("/api/payments/app-store/transactions")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.USER, Roles.ADMIN})
@Tag(name = "stores")
public class AppStoreResource {
    private final AppStoreService service;
    private final CurrentUser user;

    public AppStoreResource(AppStoreService service, CurrentUser user) {
        this.service = service;
        this.user = user;
    }

    /** The body: the transaction's {@code jwsRepresentation}. */
    public record TransactionRequest(@NotNull String signedTransaction) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Report an App Store purchase (StoreKit 2 signed transaction): coins credited once per"
            + " transaction, or the VIP subscription it pays for; repeating it answers the same")
    @APIResponse(responseCode = "200", description = "The coin-pack purchase or the subscription",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StorePurchaseView.class)))
    @APIResponse(responseCode = "403", description = "store-account-mismatch: appAccountToken is not the caller's id",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "404", description = "store-not-enabled", content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "409", description = "store-transaction-revoked: refunded in the store, buys nothing",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "422", description = "invalid-store-signature (forged, expired, another app or environment;"
            + " nothing happened) or unknown-store-product", content = @Content(mediaType = "application/problem+json"))
    public Uni<StorePurchaseView> report(@Valid @NotNull TransactionRequest body) {
        return service.transaction(user.id(), body.signedTransaction());
    }
}
