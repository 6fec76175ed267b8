package com.microdrama.payment.problem;

import com.microdrama.support.problem.DatabaseFailure;
import com.microdrama.support.problem.DatabaseProblems;
import com.microdrama.support.problem.Problem;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/**
 * payment-service's unique constraints, read back as the answers clients know. Only reachable if two requests raced
 * past the wallet lock and the service's own checks; the database still refuses the second, and this says why.
 */
@ApplicationScoped
public class PaymentDatabaseProblems implements DatabaseProblems {

    @Override
    public Optional<Problem> problemFor(DatabaseFailure failure) {
        if (!failure.is(DatabaseFailure.UNIQUE_VIOLATION) || failure.constraint() == null) {
            return Optional.empty();
        }
        String constraint = failure.constraint();
        if (constraint.startsWith("uq_unlock_active_")) {
            return Optional.of(Problem.of(409, "already-unlocked", "Already unlocked",
                    "This content is already unlocked for the user"));
        }
        return switch (constraint) {
            case "uq_subscription_open" -> Optional.of(Problem.of(409, "already-subscribed", "Already subscribed",
                    "The user already has a live subscription"));
            case "uq_refund_target", "uq_refund_pack_final" -> Optional.of(Problem.of(409, "already-refunded", "Already refunded",
                    "This was already refunded"));
            default -> Optional.empty();
        };
    }
}
