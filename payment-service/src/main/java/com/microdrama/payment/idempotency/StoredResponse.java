package com.microdrama.payment.idempotency;

/** The answer to an idempotent request; {@code replayed} when it is the stored answer of an earlier request. */
public record StoredResponse(int status, String body, boolean replayed) {
}
