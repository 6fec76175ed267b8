package com.microdrama.payment.wallet;

import com.microdrama.support.problem.ProblemException;

import java.util.Map;

/** The wallet owes coins (a refunded pack's coins were already spent): nothing can be bought until it is settled. */
public class WalletInDebtException extends ProblemException {
    public WalletInDebtException(long priceCoins, long balance) {
        super(402, "wallet-in-debt", "Wallet in debt",
                "The wallet owes " + (-balance) + " coins after a refund or chargeback; buy coins to settle the debt first",
                Map.of("priceCoins", priceCoins, "balance", balance));
    }
}
