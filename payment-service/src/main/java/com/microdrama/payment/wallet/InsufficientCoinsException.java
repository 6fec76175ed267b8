package com.microdrama.payment.wallet;

import com.microdrama.support.problem.ProblemException;

import java.util.Map;

/** A debit the wallet cannot cover; answered as 402 {@code insufficient-coins}. */
public class InsufficientCoinsException extends ProblemException {
    private final long priceCoins;
    private final long balance;

    public InsufficientCoinsException(long priceCoins, long balance) {
        super(402, "insufficient-coins", "Not enough coins",
                "This costs " + priceCoins + " coins but the wallet holds " + balance,
                Map.of("priceCoins", priceCoins, "balance", balance));
        this.priceCoins = priceCoins;
        this.balance = balance;
    }

    public long priceCoins() {
        return priceCoins;
    }

    public long balance() {
        return balance;
    }
}
