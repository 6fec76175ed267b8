import type { UnlockOption } from '../api/catalog';
import { getWallet } from '../api/payments';
import type { Problem } from '../api/problem';
import { currentUser, register, signIn } from '../auth/auth';
import { coins, currentLanguage, t } from '../i18n';
import { unlockAndWait, type UnlockKind } from '../payments/unlockFlow';
import { describeError } from '../problems';
import { routeHref } from '../router';
import { announce, h, statusBox } from '../ui/dom';

/** The fields of a 402 `episode-locked` problem the paywall uses. */
export interface LockedOffer {
  episodeId: string;
  seriesId: string;
  priceCoins?: number;
  seriesUnlockPriceCoins?: number;
  unlock: UnlockOption[];
}

export function lockedOffer(problem: Problem, episodeId: string, seriesId: string): LockedOffer {
  const number = (value: unknown) => (typeof value === 'number' ? value : undefined);
  return {
    episodeId: typeof problem.episodeId === 'string' ? problem.episodeId : episodeId,
    seriesId: typeof problem.seriesId === 'string' ? problem.seriesId : seriesId,
    priceCoins: number(problem.priceCoins),
    seriesUnlockPriceCoins: number(problem.seriesUnlockPriceCoins),
    unlock: Array.isArray(problem.unlock) ? (problem.unlock as UnlockOption[]) : [],
  };
}

/**
 * Every way to open the episode that the 402 listed (episode coins, series coins, VIP) and the balance; after a
 * successful unlock it waits for the entitlement and calls `onOpen`, so the player starts without a reload.
 */
export function paywall(offer: LockedOffer, onOpen: () => void, signal: AbortSignal): HTMLElement {
  const status = statusBox();
  const balance = h('p', { class: 'balance' });
  const section = h('section', { class: 'paywall', 'aria-labelledby': 'paywall-title' },
    h('h2', { id: 'paywall-title' }, t('paywallTitle')));

  if (!currentUser()) {
    // Without an account the options are shown as what they cost, so the viewer knows the price before signing in.
    const prices = h('ul', { class: 'unlock-prices' });
    for (const option of offer.unlock) {
      if (option.method === 'coins' && option.priceCoins !== undefined) prices.append(h('li', {}, t('unlockEpisode', { price: coins(option.priceCoins) })));
      else if (option.method === 'series' && option.priceCoins) prices.append(h('li', {}, t('unlockSeries', { price: coins(option.priceCoins) })));
      else if (option.method === 'vip') prices.append(h('li', {}, t('goVip')));
    }
    section.append(prices.childElementCount ? prices : '',
      h('p', {}, t('signInToUnlock')),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'primary', onclick: () => void signIn(currentLanguage()) }, t('signIn')),
        h('button', { type: 'button', onclick: () => void register(currentLanguage()) }, t('register'))));
    return section;
  }

  section.append(balance);
  const showBalance = () => getWallet().then(
    (wallet) => (balance.textContent = t('paywallBalance', { coins: coins(wallet.balance) })),
    () => (balance.textContent = ''),
  );
  void showBalance();

  const buttons: HTMLButtonElement[] = [];
  const pay = async (kind: UnlockKind, price: number | undefined) => {
    buttons.forEach((button) => (button.disabled = true));
    status.info(t('unlocking'));
    try {
      await unlockAndWait({
        kind,
        targetId: kind === 'episode' ? offer.episodeId : offer.seriesId,
        expectedPriceCoins: price,
        waitForEpisodeId: offer.episodeId,
        signal,
      });
      status.info(t('waitingForUnlock'));
      announce(t('waitingForUnlock'));
      onOpen();
    } catch (error) {
      buttons.forEach((button) => (button.disabled = false));
      status.error(describeError(error));
      // The balance may have changed elsewhere (a purchase in another tab): show the one the refusal was about.
      void showBalance();
    }
  };

  const options = h('ul', { class: 'unlock-options' });
  for (const option of offer.unlock) {
    if (option.method === 'coins' && option.priceCoins !== undefined) {
      const button = h('button', { type: 'button', class: 'primary' }, t('unlockEpisode', { price: coins(option.priceCoins) }));
      button.addEventListener('click', () => void pay('episode', option.priceCoins));
      buttons.push(button);
      options.append(h('li', {}, button));
    } else if (option.method === 'series' && option.priceCoins !== undefined && option.priceCoins > 0) {
      const button = h('button', { type: 'button' }, t('unlockSeries', { price: coins(option.priceCoins) }));
      button.addEventListener('click', () => void pay('series', option.priceCoins));
      buttons.push(button);
      options.append(h('li', {}, button));
    } else if (option.method === 'vip') {
      options.append(h('li', {}, h('a', { class: 'button', href: routeHref({ name: 'vip' }) }, t('goVip'))));
    }
  }
  options.append(h('li', {}, h('a', { class: 'button secondary', href: routeHref({ name: 'store' }) }, t('buyCoins'))));
  section.append(options, status.element);
  return section;
}
