package com.microdrama.payment.wallet;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.microdrama.payment.security.CurrentUser;
import com.microdrama.payment.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@Path("/api/payments/wallet")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.USER, Roles.ADMIN})
@Tag(name = "wallet")
public class WalletResource {
    private final WalletLedger ledger;
    private final CurrentUser user;

    public WalletResource(WalletLedger ledger, CurrentUser user) {
        this.ledger = ledger;
        this.user = user;
    }

    @GET
    @Operation(summary = "The signed-in user's coin balances (zeros when the user never had coins) and bonus lots with their expiry")
    public Uni<WalletView> wallet() {
        return ledger.summary(user.id()).map(WalletView::of);
    }

    @GET
    @Path("/ledger")
    @Operation(summary = "The user's ledger entries, newest first")
    public Uni<LedgerPageView> entries(@QueryParam("page") @DefaultValue("0") @Min(0) int page,
                                       @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        return ledger.entries(user.id(), page, size).map(LedgerPageView::of);
    }

    /**
     * {@code inDebt}: a refunded pack's coins were already spent; spends are refused until it is settled.
     * {@code bonusExpiresAt}: when the next bonus coins expire (absent when none will); {@code bonusLots}: the bonus
     * coins by grant, in the order they are spent (soonest expiry first, never-expiring last).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record WalletView(long balance, long paidCoins, long bonusCoins, boolean inDebt, Instant bonusExpiresAt,
                             List<BonusLotView> bonusLots) {
        public static WalletView of(WalletLedger.Summary summary) {
            Wallet w = summary.wallet();
            List<BonusLotView> lots = summary.lots().stream().map(BonusLotView::of).toList();
            return new WalletView(w.balance(), w.paidCoins(), w.bonusCoins(), w.inDebt(),
                    BonusLots.nextExpiry(summary.lots().stream().map(BonusLot::toLot).toList()), lots);
        }
    }

    /** {@code coins} left of {@code grantedCoins}; {@code expiresAt} absent: never expires. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BonusLotView(long coins, long grantedCoins, String source, Instant grantedAt, Instant expiresAt) {
        static BonusLotView of(BonusLot lot) {
            return new BonusLotView(lot.remaining, lot.granted, lot.source, lot.grantedAt, lot.expiresAt);
        }
    }

    public record LedgerEntryView(UUID id, LedgerType type, long coins, long paidCoins, long bonusCoins,
                                  long balanceAfter, String reference, Instant createdAt) {
        public static LedgerEntryView of(LedgerEntry e) {
            return new LedgerEntryView(e.id, e.type, e.coins, e.paidCoins, e.bonusCoins, e.balanceAfter, e.reference,
                    e.createdAt);
        }
    }

    public record LedgerPageView(List<LedgerEntryView> items, int page, int size, long total) {
        static LedgerPageView of(WalletLedger.LedgerPage p) {
            return new LedgerPageView(p.items().stream().map(LedgerEntryView::of).toList(), p.page(), p.size(), p.total());
        }
    }
}
