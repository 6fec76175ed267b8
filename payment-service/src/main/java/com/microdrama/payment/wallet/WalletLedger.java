package com.microdrama.payment.wallet;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.util.List;

/**
 * Moves coins: every change writes ledger entries and the wallet row together. Callers run inside a transaction
 * and lock the wallet first ({@link #lock}), so that all money decisions for one user are serialized: two parallel
 * spends see each other's result instead of the same old balance.
 */
@ApplicationScoped
public class WalletLedger {

    /**
     * Locks the user's wallet row ({@code SELECT ... FOR UPDATE}) until the transaction ends, creating an empty wallet
     * first if there is none (a missing row could not be locked, and two first credits would race).
     */
    public Uni<WalletAccount> lock(String userId) {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery(
                                "insert into wallet (user_id, paid_coins, bonus_coins, updated_at) "
                                        + "values (:userId, 0, 0, now()) on conflict (user_id) do nothing")
                        .setParameter("userId", userId)
                        .executeUpdate())
                .chain(() -> WalletAccount.<WalletAccount>findById(userId, LockModeType.PESSIMISTIC_WRITE));
    }

    /** Credits paid coins (ledger PURCHASE) and bonus coins (ledger BONUS) as separate entries. */
    public Uni<Wallet> credit(WalletAccount locked, long paid, long bonus, String reference) {
        Instant now = Instant.now();
        Wallet before = locked.toWallet();
        Wallet afterPaid = before.credit(paid, 0);
        Wallet after = afterPaid.credit(0, bonus);
        Uni<Void> writes = Uni.createFrom().voidItem();
        if (paid > 0) {
            LedgerEntry entry = LedgerEntry.of(locked.userId, LedgerType.PURCHASE, paid, 0, afterPaid.balance(), reference, now);
            writes = writes.chain(() -> entry.persist()).replaceWithVoid();
        }
        if (bonus > 0) {
            LedgerEntry entry = LedgerEntry.of(locked.userId, LedgerType.BONUS, 0, bonus, after.balance(), reference, now);
            writes = writes.chain(() -> entry.persist()).replaceWithVoid();
        }
        locked.apply(after, now);
        return writes.replaceWith(after);
    }

    /**
     * Debits {@code price} coins (bonus first) as one SPEND entry.
     *
     * @throws InsufficientCoinsException (as a failed Uni) when the wallet cannot cover it; nothing is written then.
     */
    public Uni<Wallet.Debit> debit(WalletAccount locked, long price, String reference) {
        Wallet.Debit debit;
        try {
            debit = locked.toWallet().debit(price);
        } catch (InsufficientCoinsException e) {
            return Uni.createFrom().failure(e);
        }
        Instant now = Instant.now();
        LedgerEntry entry = LedgerEntry.of(locked.userId, LedgerType.SPEND, -debit.fromPaid(), -debit.fromBonus(),
                debit.after().balance(), reference, now);
        locked.apply(debit.after(), now);
        return entry.persist().replaceWith(debit);
    }

    /**
     * Takes back a refunded pack's coins as one REFUND entry (negative); the only movement that may leave the
     * balance below zero (the database's CHECK allows that for REFUND entries only).
     */
    public Uni<Wallet.ClawBack> clawBack(WalletAccount locked, long paid, long bonus, String reference) {
        Wallet.ClawBack clawBack = locked.toWallet().clawBack(paid, bonus);
        Instant now = Instant.now();
        LedgerEntry entry = LedgerEntry.of(locked.userId, LedgerType.REFUND, -clawBack.fromPaid(), -clawBack.fromBonus(),
                clawBack.after().balance(), reference, now);
        locked.apply(clawBack.after(), now);
        return entry.persist().replaceWith(clawBack);
    }

    /** Gives coins back (a refunded unlock) as one positive REFUND entry, to the balances they were taken from. */
    public Uni<Wallet> refundCredit(WalletAccount locked, long paid, long bonus, String reference) {
        Wallet after = locked.toWallet().credit(paid, bonus);
        Instant now = Instant.now();
        LedgerEntry entry = LedgerEntry.of(locked.userId, LedgerType.REFUND, paid, bonus, after.balance(), reference, now);
        locked.apply(after, now);
        return entry.persist().replaceWith(after);
    }

    /**
     * An admin's correction as one ADJUSTMENT entry.
     *
     * @throws IllegalArgumentException (as a failed Uni) when it would make the balance negative.
     */
    public Uni<Wallet.Adjustment> adjust(WalletAccount locked, long coins, String reference) {
        Wallet.Adjustment adjustment;
        try {
            adjustment = locked.toWallet().adjust(coins);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(e);
        }
        Instant now = Instant.now();
        LedgerEntry entry = LedgerEntry.of(locked.userId, LedgerType.ADJUSTMENT, adjustment.paidDelta(),
                adjustment.bonusDelta(), adjustment.after().balance(), reference, now);
        locked.apply(adjustment.after(), now);
        return entry.persist().replaceWith(adjustment);
    }

    /** The ledger entry of the given type for a business fact, e.g. the SPEND of an unlock (null if none). */
    public Uni<LedgerEntry> entry(String reference, LedgerType type) {
        return LedgerEntry.<LedgerEntry>find("reference = ?1 and type = ?2", reference, type).firstResult();
    }

    @WithSession
    public Uni<Wallet> balance(String userId) {
        return WalletAccount.<WalletAccount>findById(userId)
                .map(account -> account == null ? Wallet.EMPTY : account.toWallet());
    }

    @WithSession
    public Uni<LedgerPage> entries(String userId, int page, int size) {
        return LedgerEntry.<LedgerEntry>find("userId", Sort.descending("seq"), userId)
                .page(Page.of(page, size))
                .list()
                .chain(items -> LedgerEntry.count("userId", userId)
                        .map(total -> new LedgerPage(items, page, size, total)));
    }

    public record LedgerPage(List<LedgerEntry> items, int page, int size, long total) {
    }
}
