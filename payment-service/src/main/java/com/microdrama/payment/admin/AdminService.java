package com.microdrama.payment.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microdrama.payment.admin.AdminViews.AdjustmentView;
import com.microdrama.payment.admin.AdminViews.StoredAdjustmentView;
import com.microdrama.payment.admin.AdminViews.UnlockView;
import com.microdrama.payment.admin.AdminViews.UserPaymentsView;
import com.microdrama.payment.idempotency.Idempotency;
import com.microdrama.support.idempotency.RequestFingerprint;
import com.microdrama.payment.idempotency.StoredResponse;
import com.microdrama.payment.pack.PackPurchase;
import com.microdrama.payment.pack.PackPurchaseView;
import com.microdrama.support.problem.ProblemException;
import com.microdrama.support.problem.Problems;
import com.microdrama.payment.refund.Refund;
import com.microdrama.payment.refund.RefundView;
import com.microdrama.payment.subscription.Subscription;
import com.microdrama.payment.subscription.SubscriptionViews.SubscriptionView;
import com.microdrama.payment.unlock.ContentUnlock;
import com.microdrama.payment.wallet.Wallet;
import com.microdrama.payment.wallet.WalletAccount;
import com.microdrama.payment.wallet.WalletLedger;
import com.microdrama.payment.wallet.WalletResource.WalletView;
import com.microdrama.support.metrics.AfterCommit;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

@ApplicationScoped
public class AdminService {
    private static final int LIST_LIMIT = 100;

    private final Idempotency idempotency;
    private final WalletLedger ledger;
    private final ObjectMapper json;
    private final Clock clock;

    public AdminService(Idempotency idempotency, WalletLedger ledger, ObjectMapper json, Clock clock) {
        this.idempotency = idempotency;
        this.ledger = ledger;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Credits or debits a wallet (ledger ADJUSTMENT) with the reason on record. The Idempotency-Key belongs to the
     * admin; the target user is part of the fingerprint (it is in the path). Refused with 422 when it would make
     * the balance negative: only refunds may create a debt.
     */
    public Uni<StoredResponse> adjust(String adminId, String key, String userId, AdjustmentRequest request) {
        if (request.coins() == 0) {
            throw new ProblemException(Problems.invalidField("coins", "must not be 0"));
        }
        String path = "/api/payments/admin/wallets/" + userId + "/adjustments";
        String hash = RequestFingerprint.of("POST", path, json.valueToTree(request));
        return AfterCommit.counting(() -> Panache.withTransaction(() -> idempotency.once(adminId, key, hash, 201,
                () -> ledger.lock(userId).chain(wallet -> apply(adminId, wallet, request)))));
    }

    private Uni<AdjustmentView> apply(String adminId, WalletAccount wallet, AdjustmentRequest request) {
        WalletAdjustment adjustment = new WalletAdjustment();
        adjustment.id = UUID.randomUUID();
        adjustment.userId = wallet.userId;
        adjustment.coins = request.coins();
        adjustment.reason = request.reason().strip();
        adjustment.createdBy = adminId;
        adjustment.createdAt = clock.instant();
        long before = wallet.toWallet().balance();
        return ledger.adjust(wallet, request.coins(), adjustment.reference())
                .onFailure(IllegalArgumentException.class).transform(e -> new ProblemException(422, "adjustment-would-overdraw",
                        "Adjustment would overdraw", "Adjusting by " + request.coins() + " coins would make the balance of "
                        + before + " negative", Map.of("balance", before, "coins", request.coins())))
                .chain(result -> adjustment.persist().replaceWith(result.after()))
                .map((Wallet after) -> new AdjustmentView(adjustment.id.toString(), adjustment.userId, adjustment.coins,
                        adjustment.reason, adminId, adjustment.createdAt, after.balance(), after.paidCoins(),
                        after.bonusCoins()));
    }

    @WithSession
    public Uni<UserPaymentsView> payments(String userId) {
        Page page = Page.ofSize(LIST_LIMIT);
        return ledger.summary(userId)
                .map(WalletView::of)
                .chain(wallet -> PackPurchase.<PackPurchase>find("userId", Sort.descending("createdAt"), userId).page(page).list()
                        .chain(purchases -> ContentUnlock.<ContentUnlock>find("userId", Sort.descending("createdAt"), userId).page(page).list()
                                .chain(unlocks -> Subscription.<Subscription>find("userId", Sort.descending("createdAt"), userId).page(page).list()
                                        .chain(subs -> Refund.<Refund>find("userId", Sort.descending("createdAt"), userId).page(page).list()
                                                .chain(refunds -> WalletAdjustment.<WalletAdjustment>find("userId", Sort.descending("createdAt"), userId).page(page).list()
                                                        .map(adjustments -> new UserPaymentsView(userId, wallet,
                                                                purchases.stream().map(PackPurchaseView::of).toList(),
                                                                unlocks.stream().map(UnlockView::of).toList(),
                                                                subs.stream().map(SubscriptionView::of).toList(),
                                                                refunds.stream().map(RefundView::of).toList(),
                                                                adjustments.stream().map(StoredAdjustmentView::of).toList())))))));
    }
}
