import { config } from '../config';

/**
 * Confirms a PENDING pack purchase's PaymentIntent with a card, the way Stripe.js would: the one place that knows
 * about the card step, so a real Stripe.js (or another provider's SDK) can replace it without touching the screens.
 */
export interface ConfirmResult {
  /** Stripe's PaymentIntent status after the confirmation, or `failed` when Stripe refused it. */
  status: 'succeeded' | 'processing' | 'requires_action' | 'requires_payment_method' | 'failed' | string;
  /** The card error Stripe gave (e.g. "Your card was declined."), when there was one. */
  errorMessage?: string;
}

export interface CardConfirmer {
  confirm(clientSecret: string, paymentMethod: string): Promise<ConfirmResult>;
}

/** Test payment methods of Stripe's test mode that the local emulator also knows. */
export const TEST_CARDS = {
  success: 'pm_card_visa',
  decline: 'pm_card_chargeDeclined',
} as const;

/** `pi_123_secret_abc` → `pi_123`: Stripe's client secret starts with the PaymentIntent id. */
export function paymentIntentId(clientSecret: string): string {
  const at = clientSecret.indexOf('_secret_');
  if (at <= 0) throw new Error('not a PaymentIntent client secret');
  return clientSecret.slice(0, at);
}

interface StripeIntentBody {
  status?: string;
  error?: { message?: string; payment_intent?: { status?: string } };
  last_payment_error?: { message?: string };
}

/**
 * The REST call Stripe.js makes for confirmCardPayment: POST /v1/payment_intents/{id}/confirm, form-encoded, with the
 * client secret (not the secret key) and the publishable key as the bearer. A declined card is a 402 with an error body.
 */
export function stripeRestConfirmer(
  apiBase: string = config.stripeApiBase,
  publishableKey: string = config.stripePublishableKey,
  fetchImpl: typeof fetch = (...args) => fetch(...args),
): CardConfirmer {
  return {
    async confirm(clientSecret, paymentMethod) {
      const id = paymentIntentId(clientSecret);
      const response = await fetchImpl(`${apiBase}/v1/payment_intents/${encodeURIComponent(id)}/confirm`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${publishableKey}`,
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ client_secret: clientSecret, payment_method: paymentMethod }).toString(),
      });
      const body = (await response.json().catch(() => ({}))) as StripeIntentBody;
      if (response.ok) {
        return { status: body.status ?? 'processing', errorMessage: body.last_payment_error?.message };
      }
      return { status: body.error?.payment_intent?.status ?? 'failed', errorMessage: body.error?.message };
    },
  };
}

export const stripeConfirm: CardConfirmer = stripeRestConfirmer();
