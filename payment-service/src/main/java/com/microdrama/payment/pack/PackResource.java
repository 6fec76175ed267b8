package com.microdrama.payment.pack;

import com.microdrama.events.payload.Money;
import com.microdrama.support.problem.ProblemException;
import com.microdrama.payment.security.CurrentUser;
import com.microdrama.payment.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/api/payments/packs")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.USER, Roles.ADMIN})
@Tag(name = "packs")
public class PackResource {
    private final PackPurchaseService service;
    private final CurrentUser user;

    public PackResource(PackPurchaseService service, CurrentUser user) {
        this.service = service;
        this.user = user;
    }

    @GET
    @Operation(summary = "Coin packs of the buyer's market (token region claim, else the gateway's country, else US) and "
            + "global packs; ?region= is only accepted when it names that same market, any other value is ignored")
    public Uni<List<PackView>> packs(@QueryParam("region") String region) {
        if (region != null && !region.isBlank() && !region.matches("[A-Za-z]{2}")) {
            throw ProblemException.badRequest("invalid-region", "Invalid region", "A region is a two-letter country code");
        }
        return service.packs(user.region()).map(packs -> packs.stream().map(PackView::of).toList());
    }

    public record PackView(String id, int coins, int bonusCoins, Money price) {
        static PackView of(CoinPack p) {
            return new PackView(p.id, p.coins, p.bonusCoins, new Money(p.priceAmount.toPlainString(), p.currency));
        }
    }
}
