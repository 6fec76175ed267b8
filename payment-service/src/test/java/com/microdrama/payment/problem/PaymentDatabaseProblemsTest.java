package com.microdrama.payment.problem;

import com.microdrama.support.problem.DatabaseFailure;
import com.microdrama.support.problem.Problem;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PaymentDatabaseProblemsTest {
    private final PaymentDatabaseProblems problems = new PaymentDatabaseProblems();

    @Test
    void racingUnlocksSubscriptionsAndRefundsGetTheirOwn409() {
        assertEquals("already-unlocked", slug(new DatabaseFailure("23505", "uq_unlock_active_episode")));
        assertEquals("already-unlocked", slug(new DatabaseFailure("23505", "uq_unlock_active_series")));
        assertEquals("already-subscribed", slug(new DatabaseFailure("23505", "uq_subscription_open")));
        assertEquals("already-refunded", slug(new DatabaseFailure("23505", "uq_refund_target")));
        assertEquals("already-refunded", slug(new DatabaseFailure("23505", "uq_refund_pack_final")));
    }

    @Test
    void otherFailuresAreLeftToTheSharedMapper() {
        assertEquals(Optional.empty(), problems.problemFor(new DatabaseFailure("23505", "some_other_constraint")));
        assertEquals(Optional.empty(), problems.problemFor(new DatabaseFailure("23505", null)));
        assertEquals(Optional.empty(), problems.problemFor(new DatabaseFailure("22021", "uq_refund_target")));
    }

    private String slug(DatabaseFailure failure) {
        return problems.problemFor(failure).map(Problem::slug).orElse("none");
    }
}
