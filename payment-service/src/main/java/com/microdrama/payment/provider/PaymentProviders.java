package com.microdrama.payment.provider;

import com.microdrama.payment.config.PaymentConfig;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.SmallRyeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.Collection;
import java.util.Optional;

/**
 * The one {@link PaymentProvider} the service uses, chosen by {@code payment.provider}; only the chosen one is built
 * (the Stripe provider needs its API key, the sandbox nothing). Built at start-up, so a wrong choice stops the start
 * with its reason instead of failing the first purchase.
 */
public class PaymentProviders {

    @Produces
    @ApplicationScoped
    PaymentProvider provider(PaymentConfig config, Instance<SandboxPaymentProvider> sandbox,
                             Instance<StripePaymentProvider> stripe) {
        refusal(config.provider(), ConfigProvider.getConfig().unwrap(SmallRyeConfig.class).getProfiles())
                .ifPresent(reason -> {
                    throw new IllegalStateException(reason);
                });
        return switch (config.provider()) {
            case SandboxPaymentProvider.NAME -> sandbox.get();
            case StripePaymentProvider.NAME -> stripe.get();
            default -> throw new IllegalStateException("payment.provider must be " + StripePaymentProvider.NAME
                    + " or " + SandboxPaymentProvider.NAME + ", not '" + config.provider() + "'");
        };
    }

    void atStart(@Observes StartupEvent event, PaymentProvider provider) {
        provider.name();
    }

    /**
     * Why the service must not start with this provider: the sandbox confirms payments nobody made, so the prod
     * profile refuses it (decision 0015).
     */
    static Optional<String> refusal(String provider, Collection<String> profiles) {
        if (SandboxPaymentProvider.NAME.equals(provider) && profiles.contains("prod")) {
            return Optional.of("payment.provider=sandbox grants coins and VIP without any payment and is for dev and"
                    + " tests only; the prod profile refuses it. Set PAYMENT_PROVIDER=stripe and STRIPE_API_KEY.");
        }
        return Optional.empty();
    }
}
