import { buyPack, getPurchase, listPacks, type CoinPack, type PackPurchase } from '../api/payments';
import { newIdempotencyKey, pollUntil, PollTimeout } from '../api/polling';
import { coins, formatMoney, t } from '../i18n';
import { stripeConfirm, TEST_CARDS } from '../payments/stripeConfirm';
import { describeError } from '../problems';
import { announce, h, replaceChildren, statusBox } from '../ui/dom';
import { heading, loadScreen, requireSignIn, type ScreenContext } from './common';

const PURCHASE_TIMEOUT_MS = 60_000;

/** Pack purchase: create (PENDING + clientSecret), confirm the card, then follow the purchase until it settles. */
async function purchase(pack: CoinPack, paymentMethod: string, signal: AbortSignal): Promise<PackPurchase> {
  let bought = await buyPack(pack.id, newIdempotencyKey());
  if (bought.status === 'PENDING' && bought.clientSecret) {
    // The card result is only a hint: the purchase settles when payment-service hears from Stripe (webhook).
    await stripeConfirm.confirm(bought.clientSecret, paymentMethod);
  }
  if (bought.status === 'PENDING') {
    bought = await pollUntil({
      attempt: () => getPurchase(bought.purchaseId),
      done: (current) => current.status !== 'PENDING',
      intervalMs: 1000,
      timeoutMs: PURCHASE_TIMEOUT_MS,
      signal,
    });
  }
  return bought;
}

/** The test-card choice of the local Stripe emulator; the VIP screen pays a first invoice with it too. */
export function cardPicker(): { element: HTMLElement; value(): string } {
  const option = (value: string, label: string, checked: boolean) =>
    h('label', { class: 'radio' }, h('input', { type: 'radio', name: 'test-card', value, checked }), label);
  const element = h('fieldset', { class: 'card-picker' },
    h('legend', {}, t('testCard')),
    option(TEST_CARDS.success, t('cardSuccess'), true),
    option(TEST_CARDS.decline, t('cardDecline'), false));
  return {
    element,
    value: () => element.querySelector<HTMLInputElement>('input:checked')?.value ?? TEST_CARDS.success,
  };
}

function outcome(result: PackPurchase): { ok: boolean; text: string } {
  if (result.status === 'COMPLETED') return { ok: true, text: t('purchaseCompleted', { coins: coins(result.coins + result.bonusCoins) }) };
  if (result.status === 'PENDING') return { ok: true, text: t('purchasePending') };
  return { ok: false, text: t('purchaseFailed', { reason: result.failure?.message ?? result.failure?.code ?? result.status }) };
}

/** Coin store: the packs of the viewer's market, bought through the provider flow the backend offers. */
export function renderStore(ctx: ScreenContext): Promise<void> | void {
  if (!requireSignIn(ctx, t('storeTitle'))) return;
  return loadScreen(ctx, t('storeTitle'), listPacks, (packs) => {
    const status = statusBox();
    const picker = cardPicker();
    const buttons: HTMLButtonElement[] = [];
    const buy = async (pack: CoinPack) => {
      buttons.forEach((button) => (button.disabled = true));
      status.info(t('purchaseProcessing'));
      try {
        const result = outcome(await purchase(pack, picker.value(), ctx.signal));
        if (result.ok) status.info(result.text);
        else status.error(result.text);
        announce(result.text);
      } catch (error) {
        status.error(error instanceof PollTimeout ? t('purchasePending') : describeError(error));
      } finally {
        buttons.forEach((button) => (button.disabled = false));
      }
    };
    const list = h('ul', { class: 'packs' }, ...packs.map((pack) => {
      const button = h('button', { type: 'button', class: 'primary' }, t('buyFor', { price: formatMoney(pack.price.amount, pack.price.currency) }));
      button.addEventListener('click', () => void buy(pack));
      buttons.push(button);
      return h('li', { class: 'pack' },
        h('p', { class: 'pack-coins' }, coins(pack.coins)),
        pack.bonusCoins > 0 ? h('p', { class: 'pack-bonus' }, t('packBonus', { n: pack.bonusCoins })) : null,
        button);
    }));
    replaceChildren(ctx.main, heading(t('storeTitle')), picker.element, list, status.element);
  });
}
