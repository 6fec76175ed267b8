package com.microdrama.support.idempotency;

import com.microdrama.support.problem.ProblemException;

import java.util.Collection;

/**
 * What a request gets whose Idempotency-Key is already on record (each service keeps the record in its own table):
 * the same request (same fingerprint) → the stored answer again; another request under the key → the service's
 * {@code idempotency-key-reused} problem; a record without a stored answer yet → 409 {@code idempotency-key-in-use},
 * retry shortly.
 */
public final class IdempotentReplay {
    public enum Verdict { REPLAY, IN_FLIGHT, REUSED }

    private IdempotentReplay() {
    }

    /**
     * @param completed         whether the record holds the earlier request's answer
     * @param storedFingerprint the fingerprint on the record
     * @param fingerprints      this request's fingerprint, plus its fingerprint under an earlier scheme where records
     *                          written by that scheme may still be retried (different schemes never produce the same
     *                          64 hex digits for different requests, so accepting both cannot mistake one request for
     *                          another)
     */
    public static Verdict decide(boolean completed, String storedFingerprint, Collection<String> fingerprints) {
        if (!completed) {
            return Verdict.IN_FLIGHT;
        }
        return storedFingerprint != null && fingerprints.contains(storedFingerprint) ? Verdict.REPLAY : Verdict.REUSED;
    }

    /**
     * Returns when the stored answer is to be replayed, else throws the problem. {@code reusedStatus}: each service
     * keeps the status its clients already rely on (payment-service 422, entitlement-service 409, both documented in
     * the services' READMEs).
     */
    public static void requireReplay(boolean completed, String storedFingerprint, Collection<String> fingerprints,
                                     int reusedStatus, String reusedDetail) {
        switch (decide(completed, storedFingerprint, fingerprints)) {
            case REPLAY -> {
            }
            case IN_FLIGHT -> throw new ProblemException(409, "idempotency-key-in-use", "Idempotency-Key in use",
                    "Another request with this Idempotency-Key is in progress; retry shortly");
            case REUSED -> throw new ProblemException(reusedStatus, "idempotency-key-reused", "Idempotency-Key reused",
                    reusedDetail);
        }
    }
}
