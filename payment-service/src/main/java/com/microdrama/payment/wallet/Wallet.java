package com.microdrama.payment.wallet;

/**
 * A user's coin balances and the rules for changing them. Paid and bonus coins are kept apart because they differ
 * in law and accounting (bonus coins may expire and are never refunded as money). Immutable: every change returns
 * the new wallet together with what it did, so the caller can write exactly that to the ledger.
 */
public record Wallet(long paidCoins, long bonusCoins) {

    public static final Wallet EMPTY = new Wallet(0, 0);

    public Wallet {
        if (paidCoins < 0 || bonusCoins < 0) {
            throw new IllegalArgumentException("balances cannot be negative: paid=" + paidCoins + " bonus=" + bonusCoins);
        }
    }

    public long balance() {
        return Math.addExact(paidCoins, bonusCoins);
    }

    public Wallet credit(long paid, long bonus) {
        if (paid < 0 || bonus < 0) {
            throw new IllegalArgumentException("a credit cannot be negative");
        }
        return new Wallet(Math.addExact(paidCoins, paid), Math.addExact(bonusCoins, bonus));
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
        if (price > balance()) {
            throw new InsufficientCoinsException(price, balance());
        }
        long fromBonus = Math.min(bonusCoins, price);
        long fromPaid = price - fromBonus;
        return new Debit(fromPaid, fromBonus, new Wallet(paidCoins - fromPaid, bonusCoins - fromBonus));
    }

    /** What a debit took from each balance, and the wallet after it. */
    public record Debit(long fromPaid, long fromBonus, Wallet after) {
        public long total() {
            return fromPaid + fromBonus;
        }
    }
}
