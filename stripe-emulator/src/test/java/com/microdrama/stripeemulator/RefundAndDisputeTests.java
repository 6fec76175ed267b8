package com.microdrama.stripeemulator;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.model.Charge;
import com.stripe.model.Dispute;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.param.DisputeListParams;
import com.stripe.param.DisputeUpdateParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.RefundListParams;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(WebhookReceiver.class)
class RefundAndDisputeTests {

    @TestHTTPResource("/")
    URL base;

    private PaymentIntent paid(StripeClient stripe, long amount, String paymentMethod) throws Exception {
        return stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder().setAmount(amount).setCurrency("usd")
                .setPaymentMethod(paymentMethod).setConfirm(true).build());
    }

    @Test
    void aChargeIsRefundedInPartsThenInFullAndNotBeyond() throws Exception {
        StripeClient stripe = Emulator.client(base);
        PaymentIntent pi = paid(stripe, 1000, "pm_card_visa");
        Refund part = stripe.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(pi.getId()).setAmount(300L).build());
        assertTrue(part.getId().startsWith("re_"));
        assertEquals("succeeded", part.getStatus());
        assertEquals(pi.getLatestCharge(), part.getCharge());
        Charge charge = stripe.v1().charges().retrieve(pi.getLatestCharge());
        assertEquals(300L, charge.getAmountRefunded());
        assertFalse(charge.getRefunded());

        Refund rest = stripe.v1().refunds().create(RefundCreateParams.builder().setCharge(charge.getId()).build());
        assertEquals(700L, rest.getAmount());
        assertTrue(stripe.v1().charges().retrieve(charge.getId()).getRefunded());
        InvalidRequestException again = assertThrows(InvalidRequestException.class,
                () -> stripe.v1().refunds().create(RefundCreateParams.builder().setCharge(charge.getId()).build()));
        assertEquals("charge_already_refunded", again.getCode());
        assertEquals(part.getId(), stripe.v1().refunds().retrieve(part.getId()).getId());
        assertEquals(List.of(rest.getId(), part.getId()), stripe.v1().refunds()
                .list(RefundListParams.builder().setCharge(charge.getId()).build()).getData().stream().map(Refund::getId).toList());
    }

    @Test
    void aRefundOnTheRefundFailCardFailsAMomentLater() throws Exception {
        StripeClient stripe = Emulator.client(base);
        PaymentIntent pi = paid(stripe, 500, "pm_card_refundFail");
        Refund refund = stripe.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(pi.getId()).build());
        assertEquals("succeeded", refund.getStatus());
        await().atMost(Duration.ofSeconds(5)).until(() -> "failed".equals(stripe.v1().refunds().retrieve(refund.getId()).getStatus()));
        assertEquals(0L, stripe.v1().charges().retrieve(pi.getLatestCharge()).getAmountRefunded());
    }

    @Test
    void theDisputeCardOpensADisputeThatWinningEvidenceWins() throws Exception {
        StripeClient stripe = Emulator.client(base);
        PaymentIntent pi = paid(stripe, 800, "pm_card_createDispute");
        assertEquals("succeeded", pi.getStatus());
        assertTrue(stripe.v1().charges().retrieve(pi.getLatestCharge()).getDisputed());
        Dispute dispute = stripe.v1().disputes().list(DisputeListParams.builder().setCharge(pi.getLatestCharge()).build()).getData().get(0);
        assertTrue(dispute.getId().startsWith("dp_"));
        assertEquals("needs_response", dispute.getStatus());
        assertEquals(800L, dispute.getAmount());
        assertEquals("fraudulent", dispute.getReason());

        Dispute won = stripe.v1().disputes().update(dispute.getId(), DisputeUpdateParams.builder()
                .setEvidence(DisputeUpdateParams.Evidence.builder().setUncategorizedText("winning_evidence").build()).build());
        assertEquals("won", won.getStatus());

        Dispute lost = stripe.v1().disputes().close(stripe.v1().disputes().list(DisputeListParams.builder()
                .setCharge(paid(stripe, 900, "pm_card_createDispute").getLatestCharge()).build()).getData().get(0).getId());
        assertEquals("lost", lost.getStatus());
    }

    @Test
    void theControlSurfaceOpensADisputeOnAnyChargeAndTheBankDecidesIt() throws Exception {
        StripeClient stripe = Emulator.client(base);
        PaymentIntent pi = paid(stripe, 1200, "pm_card_visa");
        assertEquals(200, control("/_emulator/charges/" + pi.getLatestCharge() + "/dispute").statusCode());
        Dispute dispute = stripe.v1().disputes().list(DisputeListParams.builder().setPaymentIntent(pi.getId()).build()).getData().get(0);
        assertEquals("needs_response", dispute.getStatus());
        assertEquals(400, control("/_emulator/charges/" + pi.getLatestCharge() + "/dispute").statusCode());

        assertEquals(200, control("/_emulator/disputes/" + dispute.getId() + "/close?outcome=lost").statusCode());
        assertEquals("lost", stripe.v1().disputes().retrieve(dispute.getId()).getStatus());
        HttpResponse<String> again = control("/_emulator/disputes/" + dispute.getId() + "/close?outcome=won");
        assertEquals(400, again.statusCode());
        assertTrue(again.body().contains("\"type\":\"invalid_request_error\""), again.body());
    }

    private HttpResponse<String> control(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.toURI().resolve(path))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
