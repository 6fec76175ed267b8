package com.microdrama.entitlement.ledger;

import java.time.Instant;

/** What a payment event asks of the entitlement ledger, already checked for the fields it needs. */
public sealed interface PaymentCommand {

    record GrantEpisode(String userId, String episodeId, String seriesId, String unlockId, Instant purchasedAt)
            implements PaymentCommand {
    }

    record GrantSeries(String userId, String seriesId, String unlockId, Instant purchasedAt) implements PaymentCommand {
    }

    record RevokePurchase(String userId, String purchaseId, String kind, Instant refundedAt) implements PaymentCommand {
    }

    record ChangeSubscription(SubscriptionChange change, String userId, String subscriptionId,
                              Instant validFrom, Instant validUntil, Instant occurredAt) implements PaymentCommand {
    }

    /** A payment fact entitlements do not depend on (coin packs). */
    record Ignore(String why) implements PaymentCommand {
    }

    enum SubscriptionChange { ACTIVATED, RENEWED, CANCELLED, EXPIRED, REFUNDED }
}
