package com.microdrama.payment.wallet;

public enum LedgerType {
    PURCHASE, BONUS, SPEND, REFUND, ADJUSTMENT,
    /** The unspent rest of a bonus lot whose time ran out (reference = what granted the lot). */
    BONUS_EXPIRED
}
