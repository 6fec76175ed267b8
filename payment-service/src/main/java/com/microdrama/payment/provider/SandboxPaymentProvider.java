package com.microdrama.payment.provider;

import com.microdrama.payment.config.PaymentConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.UUID;

/**
 * A provider without a network: confirms at once by default, or leaves intents waiting for action when
 * {@code payment.sandbox.auto-confirm=false}. Intent ids derive from the idempotency key, like a real provider that
 * returns the same intent for a repeated key.
 */
@ApplicationScoped
@Typed(SandboxPaymentProvider.class)
public class SandboxPaymentProvider implements PaymentProvider {
    public static final String NAME = "sandbox";

    private final boolean autoConfirm;

    public SandboxPaymentProvider(PaymentConfig config) {
        this.autoConfirm = config.sandbox().autoConfirm();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Uni<PaymentIntent> createPaymentIntent(PaymentIntentRequest request) {
        String id = "pi_sandbox_" + shortHash(request.idempotencyKey());
        PaymentIntent intent = autoConfirm
                ? new PaymentIntent(id, PaymentIntent.Status.SUCCEEDED, null)
                : new PaymentIntent(id, PaymentIntent.Status.REQUIRES_ACTION, id + "_secret_" + shortHash(id));
        return Uni.createFrom().item(intent);
    }

    /** Subscriptions start at once (trialing when the plan has a trial for this user); renewals come as webhooks. */
    @Override
    public Uni<ProviderSubscription> createSubscription(SubscriptionIntentRequest request) {
        String id = "sub_sandbox_" + shortHash(request.idempotencyKey());
        return Uni.createFrom().item(new ProviderSubscription(id,
                request.trialDays() > 0 ? ProviderSubscription.Status.TRIALING : ProviderSubscription.Status.ACTIVE,
                null, null));
    }

    /** Nothing is billed by the sandbox, so there is nothing to stop. */
    @Override
    public Uni<Void> cancelAtPeriodEnd(String providerSubscriptionId, boolean cancel, String idempotencyKey) {
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<Void> cancelNow(String providerSubscriptionId) {
        return Uni.createFrom().voidItem();
    }

    /** The sandbox keeps no subscriptions: its state is ours. */
    @Override
    public Uni<ProviderSubscriptionSnapshot> subscription(String providerSubscriptionId) {
        return Uni.createFrom().failure(new UnsupportedOperationException("the sandbox keeps no subscriptions"));
    }

    /** The sandbox took no money, so none goes back: the refund is ours alone, as before. */
    @Override
    public Uni<Optional<ProviderRefund>> refund(String providerPaymentId, BigDecimal amount, String currency,
                                                UUID refundId) {
        return Uni.createFrom().item(Optional.empty());
    }

    @Override
    public Uni<Optional<ProviderRefund>> refundLatestPayment(String providerSubscriptionId, UUID refundId) {
        return Uni.createFrom().item(Optional.empty());
    }

    /** A sandbox intent waits for nothing: cancelling it is only our own bookkeeping. */
    @Override
    public Uni<PaymentCancellation> cancelPayment(String providerPaymentId) {
        return Uni.createFrom().item(PaymentCancellation.CANCELED);
    }

    /** The sandbox keeps no disputes: their events (hand-made in dev and tests) are all there is, status unknown. */
    @Override
    public Uni<String> disputeStatus(String disputeId) {
        return Uni.createFrom().nullItem();
    }

    private static String shortHash(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
