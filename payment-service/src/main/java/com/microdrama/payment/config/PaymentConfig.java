package com.microdrama.payment.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every knob of payment-service ({@code payment.*}) with its default: the one place to look.
 *
 * <p>The rule: a default is stated here, with {@code @WithDefault}, and nowhere else. {@code application.properties}
 * holds only what differs by profile ({@code %test}, {@code %prod}), the environment variables that are not a knob's
 * canonical name, secrets (no default in any profile: an unset one stops the start) and Quarkus' own settings.
 * Every knob can also be set by its canonical environment variable ({@code payment.bonus.validity} =
 * {@code PAYMENT_BONUS_VALIDITY}); the two older names that are not canonical are bound in the defaults themselves
 * ({@code PAYMENT_SUBSCRIPTION_GRACE}, {@code STRIPE_LIVEMODE}). Schedules ({@code *-interval}, {@code *-initial-delay})
 * are read by {@code @Scheduled} expressions, which see these defaults too. The relay's {@code outbox.*} knobs are
 * the outbox module's ({@code OutboxConfig}).
 *
 * <p>Classes take the root by constructor and keep only the group they use.
 */
@ConfigMapping(prefix = "payment")
public interface PaymentConfig {

    /**
     * Which provider takes web payments: {@code stripe} (decision 0015) or {@code sandbox} (no network; dev and
     * tests).
     */
    @WithDefault("sandbox")
    String provider();

    Sandbox sandbox();

    Idempotency idempotency();

    Subscription subscription();

    Bonus bonus();

    BonusExpiry bonusExpiry();

    Stripe stripe();

    Purchase purchase();

    AppStore appStore();

    Play play();

    Metrics metrics();

    /** The business metrics ({@code payment.metrics.*}, docs/decisions/0026-business-metrics.md). */
    interface Metrics {
        /** How often the gauges that need the database (VIP subscriptions by state) are counted. */
        @WithDefault("15s")
        Duration interval();
    }

    /**
     * Selling inside the iOS app ({@code payment.app-store.*}, decision 0020): signed transactions and App Store
     * Server Notifications V2, verified with Apple's {@code SignedDataVerifier}. Off until a bundle id is set.
     */
    interface AppStore {
        /** The app's bundle id; empty: the App Store endpoints answer 404 {@code store-not-enabled}. */
        Optional<String> bundleId();

        /** The app's Apple id, required when {@code environments} has {@code Production}. */
        Optional<Long> appAppleId();

        /**
         * The App Store environments accepted: {@code Production}, {@code Sandbox} (TestFlight, App Review). Data of
         * another environment is refused.
         */
        @WithDefault("Production")
        List<String> environments();

        /**
         * The trusted roots, as class-path resources or {@code file:} paths: Apple Root CA - G3 by default. A root
         * that is not Apple's is refused at start-up while {@code Production} is accepted (the local platform's
         * emulator root is for {@code Sandbox} only).
         */
        @WithDefault("app-store/AppleRootCA-G3.pem")
        List<String> rootCertificates();

        /** Apple's revocation (OCSP) checks of the signing chain; off where Apple's responders cannot be reached. */
        @WithDefault("true")
        boolean onlineChecks();

        /** App Store product id → our coin pack id or VIP plan id, e.g. {@code payment.app-store.products."com.x.coins100"=coins-100}. */
        Map<String, String> products();
    }

    /**
     * Selling inside the Android app ({@code payment.play.*}, decision 0020): purchases verified with the Android
     * Publisher API, Real-time developer notifications by Pub/Sub push. Off until a package name is set.
     */
    interface Play {
        /** The app's package name; empty: the Google Play endpoints answer 404 {@code store-not-enabled}. */
        Optional<String> packageName();

        /** The service account's JSON key file ({@code file:} path or class-path resource); needed when enabled. */
        Optional<String> serviceAccountKey();

        /** The Android Publisher API's root URL (locally the store emulator). */
        @WithDefault("https://androidpublisher.googleapis.com/")
        String apiRoot();

        /** Pub/Sub push authentication: the keys that sign the push's OIDC token. */
        @WithDefault("https://www.googleapis.com/oauth2/v3/certs")
        String pushJwksUrl();

        /** Accepted issuers of the push token. */
        @WithDefault("https://accounts.google.com,accounts.google.com")
        List<String> pushIssuers();

        /** The audience the push subscription puts in its tokens; needed when enabled. */
        Optional<String> pushAudience();

        /** The service account the push subscription authenticates as (the token's {@code email}); needed when enabled. */
        Optional<String> pushServiceAccount();

        /** Google Play product id → our coin pack id or VIP plan id. */
        Map<String, String> products();
    }

    /** Coin pack purchases ({@code payment.purchase.*}). */
    interface Purchase {
        /**
         * A purchase still PENDING this long after it started is abandoned: cancelled at the provider and FAILED here
         * (decision 0019). Longer than a buyer takes to pay, 3-D Secure included; Stripe itself never expires an intent.
         */
        @WithDefault("PT24H")
        Duration abandonAfter();

        /** How often the abandoned-purchase job runs. */
        @WithDefault("5m")
        Duration abandonInterval();

        @WithDefault("30s")
        Duration abandonInitialDelay();

        /** Purchases per pass. */
        @WithDefault("100")
        int abandonBatchSize();
    }

    /** The sandbox payment provider ({@code payment.sandbox.*}). */
    interface Sandbox {
        /** Confirm sandbox payments at once; {@code false} in prod: purchases wait for the provider's webhook. */
        @WithDefault("true")
        boolean autoConfirm();
    }

    /** Stored {@code Idempotency-Key} answers ({@code payment.idempotency.*}). */
    interface Idempotency {
        /** How long a key's answer is kept; never less than 24 hours (IdempotencyCleanup). */
        @WithDefault("PT48H")
        Duration retention();

        /** How often expired keys are deleted. */
        @WithDefault("1h")
        Duration cleanupInterval();
    }

    /** VIP subscriptions ({@code payment.subscription.*}). */
    interface Subscription {
        /** Access kept this long after a failed renewal (billing issue). */
        @WithDefault("${PAYMENT_SUBSCRIPTION_GRACE:P3D}")
        Duration gracePeriod();

        /**
         * How long past the end of period or grace the expiry job waits for a late renewal webhook before it expires
         * a subscription ({@code validUntil} stays the real end).
         */
        @WithDefault("PT1H")
        Duration expiryLeeway();

        /** Subscriptions per expiry pass. */
        @WithDefault("100")
        int expiryBatchSize();

        @WithDefault("1m")
        Duration expiryInterval();

        @WithDefault("5s")
        Duration expiryInitialDelay();
    }

    /**
     * How long bonus coins live ({@code payment.bonus.*}): {@code validity} after the coins reach the wallet for every
     * pack, unless {@code pack-validity."<pack id>"} says otherwise for that pack. Paid coins never expire.
     */
    interface Bonus {
        @WithDefault("P30D")
        Duration validity();

        /** Per pack id, e.g. {@code payment.bonus.pack-validity."coins-2200"=P60D}; none by default. */
        Map<String, Duration> packValidity();

        /** When bonus coins granted at {@code grantedAt} with pack {@code packId} expire. */
        default Instant expiresAt(String packId, Instant grantedAt) {
            return grantedAt.plus(packValidity().getOrDefault(packId, validity()));
        }
    }

    /** The job that expires due bonus lots ({@code payment.bonus-expiry.*}); spends expire a user's due lots at once. */
    interface BonusExpiry {
        @WithDefault("1m")
        Duration interval();

        @WithDefault("5s")
        Duration initialDelay();

        /** Users per pass. */
        @WithDefault("100")
        int batchSize();
    }

    /** {@code payment.stripe.*}: the webhook endpoint's secret and what its events must agree with (WebhookChecks). */
    interface Stripe {
        /**
         * The secret API key ({@code sk_live_…}/{@code sk_test_…}, {@code STRIPE_API_KEY}): no default, needed only
         * when {@link PaymentConfig#provider()} is {@code stripe}.
         */
        Optional<String> apiKey();

        /** Where Stripe's API is: Stripe itself, or locally the Stripe emulator of the platform. */
        @WithDefault("https://api.stripe.com")
        String apiBase();

        /** stripe-java's own retries of a failed connection (each with the same Idempotency-Key). */
        @WithDefault("2")
        int maxNetworkRetries();

        @WithDefault("PT5S")
        Duration connectTimeout();

        @WithDefault("PT20S")
        Duration readTimeout();

        /** The endpoint's signing secret ({@code whsec_…}): no default, {@code STRIPE_WEBHOOK_SECRET} must be set. */
        String webhookSecret();

        /** How old a signed timestamp may be, in seconds (replays). */
        @WithDefault("300")
        long webhookToleranceSeconds();

        /**
         * The {@code livemode} every event must carry: false for a test-mode endpoint, true in prod. Set
         * {@code STRIPE_LIVEMODE=false} to forward test-mode events to a packaged jar.
         */
        @WithDefault("${STRIPE_LIVEMODE:false}")
        boolean livemode();

        /** How much longer than the plan's length a paid invoice may extend access (billing anchors, clock skew). */
        @WithDefault("P2D")
        Duration renewalSlack();

        /**
         * The Stripe Price each VIP plan bills, by plan id ({@code payment.stripe.plan-prices."vip-weekly"=price_…}):
         * a recurring Price in the plan's currency, amount and interval. A plan not listed bills Stripe's active Price
         * whose {@code lookup_key} is the plan id; a plan with neither cannot be subscribed to through Stripe. None
         * by default.
         */
        Map<String, String> planPrices();

        /**
         * How long after its creation an event naming a subscription we have not stored is refused (so Stripe delivers
         * it again) rather than acknowledged as not ours: the first events of a subscription can overtake the commit
         * of the request that created it.
         */
        @WithDefault("PT10M")
        Duration unknownObjectRetry();
    }
}
