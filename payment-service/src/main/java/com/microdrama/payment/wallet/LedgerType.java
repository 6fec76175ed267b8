package com.microdrama.payment.wallet;

public enum LedgerType {
    PURCHASE, BONUS, SPEND, REFUND, ADJUSTMENT
}
