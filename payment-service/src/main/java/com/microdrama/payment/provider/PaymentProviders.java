package com.microdrama.payment.provider;

import com.microdrama.payment.config.PaymentConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

/**
 * The one {@link PaymentProvider} the service uses, chosen by {@code payment.provider}; only the chosen one is built
 * (the Stripe provider needs its API key, the sandbox nothing).
 */
public class PaymentProviders {

    @Produces
    @ApplicationScoped
    PaymentProvider provider(PaymentConfig config, Instance<SandboxPaymentProvider> sandbox,
                             Instance<StripePaymentProvider> stripe) {
        return switch (config.provider()) {
            case SandboxPaymentProvider.NAME -> sandbox.get();
            case StripePaymentProvider.NAME -> stripe.get();
            default -> throw new IllegalStateException("payment.provider must be " + StripePaymentProvider.NAME
                    + " or " + SandboxPaymentProvider.NAME + ", not '" + config.provider() + "'");
        };
    }
}
