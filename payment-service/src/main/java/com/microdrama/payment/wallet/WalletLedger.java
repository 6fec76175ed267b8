package com.microdrama.payment.wallet;

import com.microdrama.events.EventEnvelope;
import com.microdrama.events.EventTypes;
import com.microdrama.events.Topics;
import com.microdrama.events.payload.BonusExpired;
import com.microdrama.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Moves coins: every change writes ledger entries and the wallet row together. Callers run inside a transaction
 * and lock the wallet first ({@link #lock}), so that all money decisions for one user are serialized: two parallel
 * spends see each other's result instead of the same old balance.
 *
 * <p>Bonus coins live in lots ({@link BonusLot}) with an expiry. Taking the lock also expires the user's lots whose
 * time has come, so no movement ever spends, refunds or shows as spendable a coin that has expired, even between two
 * runs of {@link BonusExpiryJob}.
 */
@ApplicationScoped
public class WalletLedger {
    static final String SOURCE = "/payment-service";

    private final Outbox outbox;
    private final Clock clock;
    private final CoinMetrics metrics;

    public WalletLedger(Outbox outbox, Clock clock, CoinMetrics metrics) {
        this.outbox = outbox;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * Locks the user's wallet row ({@code SELECT ... FOR UPDATE}) until the transaction ends, creating an empty wallet
     * first if there is none (a missing row could not be locked, and two first credits would race), then expires the
     * user's due bonus lots.
     */
    public Uni<WalletAccount> lock(String userId) {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery(
                                "insert into wallet (user_id, paid_coins, bonus_coins, updated_at) "
                                        + "values (:userId, 0, 0, now()) on conflict (user_id) do nothing")
                        .setParameter("userId", userId)
                        .executeUpdate())
                .chain(() -> WalletAccount.<WalletAccount>findById(userId, LockModeType.PESSIMISTIC_WRITE))
                .call(this::expireDueLots);
    }

    /**
     * For the expiry job: locks the wallet only if nobody holds it ({@code FOR UPDATE SKIP LOCKED}; a spend that holds
     * it expires the lots itself, another job instance is already at it) and expires its due lots.
     *
     * @return the number of lots expired; 0 also when the wallet was busy
     */
    public Uni<Integer> expireDueLotsIfFree(String userId) {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery("select user_id from wallet where user_id = :userId for update skip locked")
                        .setParameter("userId", userId)
                        .getResultList())
                .chain(rows -> rows.isEmpty()
                        ? Uni.createFrom().item(0)
                        : WalletAccount.<WalletAccount>findById(userId).chain(this::expireDueLots));
    }

    /** Credits paid coins (ledger PURCHASE) and bonus coins (ledger BONUS, a new lot expiring at {@code bonusExpiresAt}). */
    public Uni<Wallet> credit(WalletAccount locked, long paid, long bonus, String reference, Instant bonusExpiresAt) {
        Instant now = now();
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
            BonusLot lot = BonusLot.grant(locked.userId, reference, bonus, now, bonusExpiresAt);
            writes = writes.chain(() -> entry.persist()).chain(() -> lot.persist()).replaceWithVoid();
        }
        locked.apply(after, now);
        metrics.credited(paid + bonus);
        return writes.replaceWith(after);
    }

    /**
     * Debits {@code price} coins (bonus first, from the lot that expires first) as one SPEND entry.
     *
     * @throws InsufficientCoinsException (as a failed Uni) when the wallet cannot cover it; nothing is written then.
     */
    public Uni<Wallet.Debit> debit(WalletAccount locked, long price, String reference) {
        Wallet.Debit debit;
        try {
            debit = locked.toWallet().debit(price);
        } catch (InsufficientCoinsException | WalletInDebtException e) {
            return Uni.createFrom().failure(e);
        }
        Instant now = now();
        LedgerEntry entry = LedgerEntry.of(locked.userId, LedgerType.SPEND, -debit.fromPaid(), -debit.fromBonus(),
                debit.after().balance(), reference, now);
        locked.apply(debit.after(), now);
        metrics.spent(debit.fromPaid() + debit.fromBonus());
        return entry.persist()
                .chain(() -> takeFromLots(locked.userId, debit.fromBonus(), entry.id))
                .replaceWith(debit);
    }

    /**
     * Takes back a refunded pack's coins as one REFUND entry (negative): {@code paid} paid coins, and up to
     * {@code bonus} of what remains of the pack's own bonus lot (the lot granted by {@code purchaseReference}). The
     * only movement that may leave the balance below zero (the database's CHECK allows that for REFUND entries).
     */
    public Uni<Wallet.ClawBack> clawBack(WalletAccount locked, long paid, long bonus, String purchaseReference,
                                         String reference) {
        return lotToClawFrom(locked.userId, purchaseReference).chain(lot -> {
            long available = lot == null ? 0 : lot.remaining;
            Wallet.ClawBack clawBack = locked.toWallet().clawBack(paid, Math.min(bonus, available));
            Instant now = now();
            LedgerEntry entry = LedgerEntry.of(locked.userId, LedgerType.REFUND, -clawBack.fromPaid(),
                    -clawBack.fromBonus(), clawBack.after().balance(), reference, now);
            locked.apply(clawBack.after(), now);
            metrics.clawedBack(clawBack.fromPaid() + clawBack.fromBonus());
            Uni<?> writes = entry.persist();
            if (clawBack.fromBonus() > 0) {
                lot.remaining -= clawBack.fromBonus();
                writes = writes.chain(() -> BonusLotUse.of(lot.id, entry.id, clawBack.fromBonus()).persist());
            }
            return writes.replaceWith(clawBack);
        });
    }

    /**
     * Gives an unlock's coins back as one positive REFUND entry: the paid coins, and the bonus coins to the lots the
     * spend ({@code spendEntryId}) took them from. Bonus coins whose lot has expired meanwhile are not given back:
     * they would have expired in the wallet too. A spend from before lots existed gives its bonus back as a new lot
     * that never expires, like all bonus of that time.
     */
    public Uni<Credited> refundCredit(WalletAccount locked, long paid, long bonus, String reference, UUID spendEntryId) {
        Instant now = now();
        LedgerEntry entry = LedgerEntry.of(locked.userId, LedgerType.REFUND, paid, 0, 0, reference, now);
        Uni<Long> restored = spendEntryId == null
                ? Uni.createFrom().item(0L)
                : BonusLotUse.<BonusLotUse>list("ledgerEntryId", spendEntryId).chain(uses -> {
                    if (uses.isEmpty()) {
                        if (bonus <= 0) {
                            return Uni.createFrom().item(0L);
                        }
                        BonusLot lot = BonusLot.grant(locked.userId, "restored:" + reference, bonus, now, null);
                        return lot.persist().replaceWith(bonus);
                    }
                    Uni<Long> sum = Uni.createFrom().item(0L);
                    for (BonusLotUse use : uses) {
                        sum = sum.chain(total -> BonusLot.<BonusLot>findById(use.lotId).chain(lot -> {
                            if (lot == null || lot.expiredAt != null) {
                                return Uni.createFrom().item(total);
                            }
                            lot.remaining += use.coins;
                            return BonusLotUse.of(lot.id, entry.id, -use.coins).persist().replaceWith(total + use.coins);
                        }));
                    }
                    return sum;
                });
        // the entry is written after the restore so that it states the bonus coins that really came back
        return restored.chain(bonusBack -> {
            Wallet after = locked.toWallet().credit(paid, bonusBack);
            entry.bonusCoins = bonusBack;
            entry.coins = paid + bonusBack;
            entry.balanceAfter = after.balance();
            locked.apply(after, now);
            metrics.credited(paid + bonusBack);
            return entry.persist().replaceWith(new Credited(paid, bonusBack, after));
        });
    }

    /**
     * An admin's correction as one ADJUSTMENT entry; a debit takes bonus coins first, from the lot that expires first.
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
        Instant now = now();
        LedgerEntry entry = LedgerEntry.of(locked.userId, LedgerType.ADJUSTMENT, adjustment.paidDelta(),
                adjustment.bonusDelta(), adjustment.after().balance(), reference, now);
        locked.apply(adjustment.after(), now);
        return entry.persist()
                .chain(() -> takeFromLots(locked.userId, -adjustment.bonusDelta(), entry.id))
                .replaceWith(adjustment);
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

    /** The user's balances and the bonus lots that still hold coins, soonest expiry first. */
    @WithSession
    public Uni<Summary> summary(String userId) {
        return WalletAccount.<WalletAccount>findById(userId)
                .map(account -> account == null ? Wallet.EMPTY : account.toWallet())
                .chain(wallet -> BonusLot.<BonusLot>list("userId = ?1 and expiredAt is null and remaining > 0", userId)
                        .map(lots -> new Summary(wallet, lots.stream()
                                .sorted((a, b) -> BonusLots.SPEND_ORDER.compare(a.toLot(), b.toLot())).toList())));
    }

    @WithSession
    public Uni<LedgerPage> entries(String userId, int page, int size) {
        return LedgerEntry.<LedgerEntry>find("userId", Sort.descending("seq"), userId)
                .page(Page.of(page, size))
                .list()
                .chain(items -> LedgerEntry.count("userId", userId)
                        .map(total -> new LedgerPage(items, page, size, total)));
    }

    /** Spreads {@code coins} bonus coins over the user's live lots in spend order, recording each lot's share. */
    private Uni<Void> takeFromLots(String userId, long coins, UUID entryId) {
        if (coins == 0) {
            return Uni.createFrom().voidItem();
        }
        return BonusLot.<BonusLot>list("userId = ?1 and expiredAt is null and remaining > 0", userId).chain(lots -> {
            List<BonusLots.Take> takes = BonusLots.take(lots.stream().map(BonusLot::toLot).toList(), coins);
            Uni<Void> writes = Uni.createFrom().voidItem();
            for (BonusLots.Take take : takes) {
                BonusLot lot = lots.stream().filter(l -> l.id.equals(take.lotId())).findFirst().orElseThrow();
                lot.remaining -= take.coins();
                writes = writes.chain(() -> BonusLotUse.of(lot.id, entryId, take.coins()).persist()).replaceWithVoid();
            }
            return writes;
        });
    }

    /** The pack's own lot; for a purchase from before lots existed, the user's legacy lot. Null: nothing to take. */
    private Uni<BonusLot> lotToClawFrom(String userId, String reference) {
        return BonusLot.<BonusLot>find("source", reference).firstResult()
                .chain(lot -> lot != null
                        ? Uni.createFrom().item(lot)
                        : BonusLot.<BonusLot>find("source", BonusLot.legacySource(userId)).firstResult())
                .map(lot -> lot == null || lot.expiredAt != null ? null : lot);
    }

    /**
     * Expires every due lot of the locked wallet: the unspent rest leaves as one BONUS_EXPIRED entry per lot
     * (reference = what granted the lot, so the ledger's unique (reference, type) allows it once) with a
     * bonus-expired.v1 event; a lot spent to zero is just marked expired.
     */
    private Uni<Integer> expireDueLots(WalletAccount locked) {
        Instant now = now();
        return BonusLot.<BonusLot>list("userId = ?1 and expiredAt is null and expiresAt <= ?2", Sort.by("expiresAt"),
                locked.userId, now).chain(due -> {
            Uni<Void> writes = Uni.createFrom().voidItem();
            for (BonusLot lot : due) {
                writes = writes.chain(() -> expire(locked, lot, now));
            }
            return writes.replaceWith(due.size());
        });
    }

    private Uni<Void> expire(WalletAccount locked, BonusLot lot, Instant now) {
        long coins = lot.remaining;
        lot.remaining = 0;
        lot.expiredAt = now;
        if (coins == 0) {
            return Uni.createFrom().voidItem();
        }
        Wallet after = locked.toWallet().expireBonus(coins);
        LedgerEntry entry = LedgerEntry.of(locked.userId, LedgerType.BONUS_EXPIRED, 0, -coins, after.balance(),
                lot.source, now);
        locked.apply(after, now);
        metrics.expired(coins);
        BonusExpired data = new BonusExpired(lot.id.toString(), lot.userId, lot.source, coins, lot.granted,
                lot.grantedAt, lot.expiresAt, now);
        EventEnvelope event = EventEnvelope.of(SOURCE, EventTypes.BONUS_EXPIRED, lot.userId, data);
        return entry.persist()
                .chain(() -> BonusLotUse.of(lot.id, entry.id, coins).persist())
                .chain(() -> outbox.append(Topics.PAYMENT_EVENTS, lot.userId, event));
    }

    /** Microseconds, as PostgreSQL stores them: an event and a later read of the row show the same instants. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    public record LedgerPage(List<LedgerEntry> items, int page, int size, long total) {
    }

    /** What a refund credit gave back (positive numbers), and the wallet after it. */
    public record Credited(long paid, long bonus, Wallet after) {
        public long total() {
            return paid + bonus;
        }
    }

    public record Summary(Wallet wallet, List<BonusLot> lots) {
    }
}
