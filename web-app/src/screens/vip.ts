import { cancelSubscription, listPlans, mySubscription, resumeSubscription, subscribe, type Plan, type Subscription } from '../api/payments';
import { newIdempotencyKey, pollUntil, PollTimeout } from '../api/polling';
import { stripeConfirm } from '../payments/stripeConfirm';
import { ApiError } from '../api/problem';
import { formatDate, formatMoney, t, type MessageKey } from '../i18n';
import { describeError } from '../problems';
import { announce, h, replaceChildren, statusBox } from '../ui/dom';
import { heading, loadScreen, requireSignIn, type ScreenContext } from './common';
import { cardPicker } from './store';

/** Subscriptions bought in the phone apps follow the store; our cancel/resume answer 409 subscription-managed-by-store. */
const STORE_NAMES: Record<string, string> = { 'app-store': 'App Store', play: 'Google Play' };

async function current(): Promise<Subscription | undefined> {
  try {
    return await mySubscription();
  } catch (error) {
    if (error instanceof ApiError && error.slug === 'no-subscription') return undefined;
    throw error;
  }
}

function stateDetails(subscription: Subscription): HTMLElement {
  if (subscription.status === 'INCOMPLETE') {
    return h('section', { class: 'subscription' },
      h('p', {}, `${t('subscriptionStatus')}: `, h('strong', {}, t('status_INCOMPLETE'))), h('p', {}, t('subscriptionPending')));
  }
  const live = subscription.status === 'TRIALING' || subscription.status === 'ACTIVE';
  const renews = live && !subscription.cancelAtPeriodEnd;
  return h('section', { class: 'subscription' },
    h('p', {}, `${t('subscriptionStatus')}: `, h('strong', {}, t(`status_${subscription.status}` as MessageKey))),
    h('p', {}, renews
      ? t('renewsOn', { date: formatDate(subscription.currentPeriodEnd) })
      : t('accessUntil', { date: formatDate(subscription.accessUntil) })));
}

function planItem(plan: Plan, onSubscribe: (plan: Plan) => void): HTMLElement {
  const button = h('button', { type: 'button', class: 'primary' }, t('subscribe'));
  button.addEventListener('click', () => onSubscribe(plan));
  return h('li', { class: 'plan' },
    h('p', { class: 'plan-price' }, t('planEvery', { price: formatMoney(plan.price.amount, plan.price.currency), days: plan.periodDays })),
    plan.trialDays > 0 ? h('p', { class: 'plan-trial' }, t('planTrial', { days: plan.trialDays })) : null,
    button);
}

const ACTIVATION_TIMEOUT_MS = 60_000;

/** The card step refused the first invoice: its message is already the viewer's text. */
class CardDeclined extends Error {}

/**
 * Subscribing through Stripe answers INCOMPLETE: a trial starts when Stripe's event reaches payment-service, a plan
 * without trial once its first invoice is paid (the answer's `clientSecret`, confirmed by card). Either way the app
 * follows GET /subscriptions/me until the subscription has left INCOMPLETE.
 */
async function subscribeAndWait(planId: string, paymentMethod: string, signal: AbortSignal): Promise<Subscription> {
  const created = await subscribe(planId, newIdempotencyKey());
  if (created.status !== 'INCOMPLETE') return created;
  if (created.clientSecret) {
    const confirmed = await stripeConfirm.confirm(created.clientSecret, paymentMethod);
    if (confirmed.status === 'failed' || confirmed.status === 'requires_payment_method') {
      throw new CardDeclined(t('purchaseFailed', { reason: confirmed.errorMessage ?? confirmed.status }));
    }
  }
  return pollUntil({
    attempt: mySubscription,
    done: (current) => current.status !== 'INCOMPLETE',
    intervalMs: 1000,
    timeoutMs: ACTIVATION_TIMEOUT_MS,
    signal,
  });
}

/** VIP: plans with their trial, the viewer's subscription (state, renewal or end date), cancel and resume. */
export function renderVip(ctx: ScreenContext): Promise<void> | void {
  if (!requireSignIn(ctx, t('vipTitle'))) return;
  const rerender = () => void renderVip(ctx);
  return loadScreen(ctx, t('vipTitle'), () => Promise.all([listPlans(), current()]), ([plans, subscription]) => {
    const status = statusBox();
    const act = async (action: () => Promise<Subscription>, done: (result: Subscription) => string) => {
      status.info(t('loading'));
      try {
        const message = done(await action());
        announce(message);
        rerender();
      } catch (error) {
        if (error instanceof PollTimeout) status.info(t('subscriptionPending'));
        else status.error(error instanceof CardDeclined ? error.message : describeError(error));
      }
    };
    const store = subscription ? STORE_NAMES[subscription.provider] : undefined;
    // An INCOMPLETE subscription gives nothing yet: the plans stay on offer (subscribing again replaces it).
    const live = subscription && subscription.status !== 'INCOMPLETE' ? subscription : undefined;
    const picker = cardPicker();
    const controls = h('div', { class: 'actions' });
    if (subscription && store) {
      controls.append(h('p', {}, t('managedByStore', { store })));
    } else if (live) {
      if (live.status === 'CANCELLED' || live.cancelAtPeriodEnd) {
        controls.append(h('button', { type: 'button', onclick: () => void act(() => resumeSubscription(newIdempotencyKey()), () => t('resumed')) }, t('resume')));
      } else {
        controls.append(h('button', { type: 'button', onclick: () => void act(() => cancelSubscription(newIdempotencyKey()), (s) => t('cancelled', { date: formatDate(s.accessUntil) })) }, t('cancelRenewal')));
      }
    }
    replaceChildren(ctx.main,
      heading(t('vipTitle')),
      h('p', {}, t('vipPitch')),
      subscription ? stateDetails(subscription) : null,
      subscription?.graceUntil ? h('p', { class: 'status warning' }, t('graceUntil', { date: formatDate(subscription.graceUntil) })) : null,
      controls,
      live ? null : picker.element,
      live ? null : h('ul', { class: 'plans' }, ...plans.map((plan) =>
        planItem(plan, (chosen) => void act(() => subscribeAndWait(chosen.id, picker.value(), ctx.signal), () => t('subscribed'))))),
      status.element);
  });
}
