package com.microdrama.ops.reconcile;

/**
 * One disagreement between what was paid for and what is entitled. {@code repairType} is the payment event that
 * fixes it when re-applied by entitlement-service, or null when only a person can decide.
 */
public record Mismatch(Kind kind, String userId, String purchaseId, String entitlementId, String detail,
                       String repairType) {

    public enum Kind {
        /** An active unlock without an active entitlement. */
        MISSING_ENTITLEMENT,
        /** A refunded unlock whose entitlement is still active. */
        REFUNDED_BUT_ENTITLED,
        /** A live subscription (access not over) without an active VIP entitlement. */
        MISSING_VIP,
        /** VIP still active although the subscription expired, was refunded, or its access end has passed. */
        STALE_VIP,
        /** VIP valid beyond the live subscription's access end. */
        VIP_BEYOND_ACCESS_END,
        /** An active purchase-kind entitlement whose source unlock/subscription does not exist in payments. */
        ORPHAN_ENTITLEMENT
    }
}
