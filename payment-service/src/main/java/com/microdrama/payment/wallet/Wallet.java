package com.microdrama.payment.wallet;

/**
 * A user's coin balances and the rules for changing them. Paid and bonus coins are kept apart because they differ
 * in law and accounting (bonus coins may expire and are never refunded as money). Immutable: every change returns
 * the new wallet together with what it did, so the caller can write exactly that to the ledger.
 *
 * <p>A negative balance is a debt: only {@link #clawBack} (a refunded or charged-back pack whose coins were
 * already spent) can create one, and a wallet in debt pays for nothing until it is settled.
 */
public record Wallet(long paidCoins, long bonusCoins) {

    public static final Wallet EMPTY = new Wallet(0, 0);

    public Wallet {
        if (bonusCoins < 0) {
            throw new IllegalArgumentException("bonus coins cannot be negative: bonus=" + bonusCoins);
        }
    }

    public long balance() {
        return Math.addExact(paidCoins, bonusCoins);
    }

    /** Owes coins overall; the split stays exact so the ledger's paid and bonus columns always add up. */
    public boolean inDebt() {
        return balance() < 0;
    }

    public Wallet credit(long paid, long bonus) {
        if (paid < 0 || bonus < 0) {
            throw new IllegalArgumentException("a credit cannot be negative");
        }
        return new Wallet(Math.addExact(paidCoins, paid), Math.addExact(bonusCoins, bonus));
    }

    /**
     * Takes back what a refunded pack credited: all {@code paid} coins, even if that leaves the balance negative (a
     * debt: the coins were already spent), and the bonus coins that remain (up to {@code bonus}; the caller passes
     * only what is left of the pack's own bonus lot).
     */
    public ClawBack clawBack(long paid, long bonus) {
        if (paid < 0 || bonus < 0) {
            throw new IllegalArgumentException("a claw-back cannot be negative");
        }
        // bonus coins already spent are not owed back (they cost nothing); paid coins are, even if spent
        long fromBonus = Math.min(bonus, bonusCoins);
        return new ClawBack(paid, fromBonus, new Wallet(Math.subtractExact(paidCoins, paid), bonusCoins - fromBonus));
    }

    /**
     * Moves coins for an admin adjustment: a positive amount credits paid coins (so an admin can also settle a
     * debt), a negative one is taken like a spend (bonus first) and may never leave the balance below zero.
     */
    public Adjustment adjust(long coins) {
        if (coins > 0) {
            Wallet after = credit(coins, 0);
            return new Adjustment(after.paidCoins - paidCoins, after.bonusCoins - bonusCoins, after);
        }
        long take = Math.negateExact(coins);
        if (take > Math.max(0, balance())) {
            throw new IllegalArgumentException("an adjustment of " + coins + " would make the balance of " + balance() + " negative");
        }
        long fromBonus = Math.min(bonusCoins, take);
        long fromPaid = take - fromBonus;
        Wallet after = new Wallet(paidCoins - fromPaid, bonusCoins - fromBonus);
        return new Adjustment(-fromPaid, -fromBonus, after);
    }

    /**
     * Takes {@code price} coins, bonus coins first (they are worth less to the user and may expire), then paid.
     *
     * @throws InsufficientCoinsException if the whole price is not covered; nothing is taken then.
     */
    public Debit debit(long price) {
        if (price < 0) {
            throw new IllegalArgumentException("a price cannot be negative");
        }
        if (inDebt()) {
            throw new WalletInDebtException(price, balance());
        }
        if (price > balance()) {
            throw new InsufficientCoinsException(price, balance());
        }
        long fromBonus = Math.min(bonusCoins, price);
        long fromPaid = price - fromBonus;
        return new Debit(fromPaid, fromBonus, new Wallet(paidCoins - fromPaid, bonusCoins - fromBonus));
    }

    /** Removes {@code bonus} expired bonus coins; paid coins never expire. */
    public Wallet expireBonus(long bonus) {
        if (bonus < 0 || bonus > bonusCoins) {
            throw new IllegalArgumentException("cannot expire " + bonus + " of " + bonusCoins + " bonus coins");
        }
        return new Wallet(paidCoins, bonusCoins - bonus);
    }

    /** What a claw-back took from each balance (positive numbers), and the wallet after it. */
    public record ClawBack(long fromPaid, long fromBonus, Wallet after) {
        public long total() {
            return fromPaid + fromBonus;
        }
    }

    /** The signed change to each balance made by an adjustment, and the wallet after it. */
    public record Adjustment(long paidDelta, long bonusDelta, Wallet after) {
    }

    /** What a debit took from each balance, and the wallet after it. */
    public record Debit(long fromPaid, long fromBonus, Wallet after) {
        public long total() {
            return fromPaid + fromBonus;
        }
    }
}
