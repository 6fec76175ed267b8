package com.microdrama.payment.webhook;

import com.microdrama.support.problem.ProblemException;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.net.Webhook;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StripeSignaturesTest {
    private static final String SECRET = "whsec_test_secret";
    private static final String PAYLOAD = "{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"invoice.paid\","
            + "\"created\":1764000000,\"data\":{\"object\":{\"id\":\"in_1\",\"object\":\"invoice\"}}}";

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    @Test
    void stripeJavaAcceptsOurSignature() throws SignatureVerificationException {
        String header = StripeSignatures.sign(PAYLOAD, SECRET, now());

        assertTrue(Webhook.Signature.verifyHeader(PAYLOAD, header, SECRET, 300));
        Event event = Webhook.constructEvent(PAYLOAD, header, SECRET);
        assertEquals("evt_1", event.getId());
        assertEquals("invoice.paid", event.getType());
    }

    @Test
    void stripeJavaRejectsATamperedPayloadAWrongSecretAndAnOldTimestamp() {
        String header = StripeSignatures.sign(PAYLOAD, SECRET, now());

        assertThrows(SignatureVerificationException.class,
                () -> Webhook.Signature.verifyHeader(PAYLOAD.replace("in_1", "in_2"), header, SECRET, 300));
        assertThrows(SignatureVerificationException.class,
                () -> Webhook.Signature.verifyHeader(PAYLOAD, header, "whsec_other", 300));
        String old = StripeSignatures.sign(PAYLOAD, SECRET, now() - 301);
        assertThrows(SignatureVerificationException.class, () -> Webhook.Signature.verifyHeader(PAYLOAD, old, SECRET, 300));
    }

    @Test
    void ourVerifierAcceptsAFreshSignatureAndAnswersInvalidSignatureOtherwise() {
        StripeSignatureVerifier verifier = new StripeSignatureVerifier(SECRET, 300);

        assertDoesNotThrow(() -> verifier.verify(PAYLOAD, StripeSignatures.sign(PAYLOAD, SECRET, now())));
        for (String bad : new String[]{null, "", "garbage", "t=" + now() + ",v1=00",
                StripeSignatures.sign(PAYLOAD, SECRET, now() - 600),
                StripeSignatures.sign(PAYLOAD, "whsec_other", now())}) {
            ProblemException problem = assertThrows(ProblemException.class, () -> verifier.verify(PAYLOAD, bad), "header " + bad);
            assertEquals(400, problem.status());
            assertEquals("invalid-signature", problem.slug());
        }
    }
}
