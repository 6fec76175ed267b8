package com.microdrama.payment.webhook;

import com.microdrama.payment.config.PaymentConfig;
import com.microdrama.support.problem.ProblemException;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Checks {@code Stripe-Signature} (t=…,v1=…: HMAC-SHA256 of "t.payload" with the endpoint secret) with the official
 * stripe-java code, and refuses timestamps older than the tolerance (replays). Nothing is read from a webhook
 * before this passed.
 */
@ApplicationScoped
public class StripeSignatureVerifier {
    private final String secret;
    private final long toleranceSeconds;

    @Inject
    public StripeSignatureVerifier(PaymentConfig config) {
        this(config.stripe().webhookSecret(), config.stripe().webhookToleranceSeconds());
    }

    StripeSignatureVerifier(String secret, long toleranceSeconds) {
        this.secret = secret;
        this.toleranceSeconds = toleranceSeconds;
    }

    /** @throws ProblemException 400 {@code invalid-signature} when the header is missing, malformed, wrong or too old. */
    public void verify(String payload, String signatureHeader) {
        if (signatureHeader == null || signatureHeader.isBlank()) {
            throw invalid("The Stripe-Signature header is missing");
        }
        try {
            if (!Webhook.Signature.verifyHeader(payload, signatureHeader, secret, toleranceSeconds)) {
                throw invalid("The signature does not match");
            }
        } catch (SignatureVerificationException e) {
            throw invalid(e.getMessage());
        }
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(400, "invalid-signature", "Invalid webhook signature", detail);
    }
}
