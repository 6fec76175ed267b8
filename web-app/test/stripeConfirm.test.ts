import { describe, expect, it, vi } from 'vitest';
import { paymentIntentId, stripeRestConfirmer } from '../src/payments/stripeConfirm';

describe('stripeConfirm', () => {
  it('reads the PaymentIntent id from the client secret', () => {
    expect(paymentIntentId('pi_3Abc_secret_xyz')).toBe('pi_3Abc');
    expect(() => paymentIntentId('nonsense')).toThrow();
  });

  it('posts the client secret and payment method as a form with the publishable key, like Stripe.js', async () => {
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({ id: 'pi_1', status: 'succeeded' }), { status: 200 }));
    const result = await stripeRestConfirmer('/stripe', 'pk_test_x', fetchMock).confirm('pi_1_secret_s', 'pm_card_visa');
    expect(result.status).toBe('succeeded');
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/stripe/v1/payment_intents/pi_1/confirm');
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer pk_test_x');
    expect(new URLSearchParams(init.body as string).get('client_secret')).toBe('pi_1_secret_s');
    expect(new URLSearchParams(init.body as string).get('payment_method')).toBe('pm_card_visa');
  });

  it('reports a declined card with Stripe\'s message', async () => {
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({
      error: { type: 'card_error', code: 'card_declined', message: 'Your card was declined.', payment_intent: { status: 'requires_payment_method' } },
    }), { status: 402 }));
    const result = await stripeRestConfirmer('/stripe', 'pk', fetchMock).confirm('pi_2_secret_s', 'pm_card_chargeDeclined');
    expect(result).toEqual({ status: 'requires_payment_method', errorMessage: 'Your card was declined.' });
  });
});
