import { getLedger, getWallet, type LedgerPage, type Wallet } from '../api/payments';
import { coins, formatDate, t, type MessageKey } from '../i18n';
import { h, replaceChildren } from '../ui/dom';
import { heading, loadScreen, requireSignIn, type ScreenContext } from './common';

const PAGE_SIZE = 20;

function ledgerType(type: string): string {
  const key = `ledger_${type}` as MessageKey;
  const text = t(key);
  return text === key ? type : text;
}

function summary(wallet: Wallet): HTMLElement {
  return h('dl', { class: 'wallet-summary' },
    h('dt', {}, t('balance')), h('dd', { class: 'balance' }, coins(wallet.balance)),
    h('dt', {}, t('paidCoins')), h('dd', {}, coins(wallet.paidCoins)),
    h('dt', {}, t('bonusCoins')), h('dd', {}, coins(wallet.bonusCoins)));
}

function bonusLots(wallet: Wallet): HTMLElement | null {
  if (!wallet.bonusLots.length) return null;
  return h('section', { 'aria-labelledby': 'bonus-title' },
    h('h2', { id: 'bonus-title' }, t('bonusCoins')),
    wallet.bonusExpiresAt ? h('p', {}, t('bonusExpiresAt', { date: formatDate(wallet.bonusExpiresAt) })) : null,
    h('ul', { class: 'bonus-lots' }, ...wallet.bonusLots.map((lot) => h('li', {}, lot.expiresAt
      ? t('bonusLotExpires', { coins: coins(lot.coins), granted: coins(lot.grantedCoins), date: formatDate(lot.expiresAt) })
      : t('bonusLotNoExpiry', { coins: coins(lot.coins), granted: coins(lot.grantedCoins) })))));
}

function ledgerTable(ledger: LedgerPage): HTMLElement {
  if (!ledger.items.length) return h('p', {}, t('ledgerEmpty'));
  const cell = (text: string, numeric = false) => h('td', numeric ? { class: 'num' } : {}, text);
  return h('table', { class: 'ledger' },
    // The section's h2 already shows the title; the caption names the table for screen readers only.
    h('caption', { class: 'visually-hidden' }, t('ledgerTitle')),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, t('ledgerDate')), h('th', { scope: 'col' }, t('ledgerType')),
      h('th', { scope: 'col' }, t('ledgerCoins')), h('th', { scope: 'col' }, t('ledgerBalanceAfter')))),
    h('tbody', {}, ...ledger.items.map((entry) => h('tr', {},
      cell(formatDate(entry.createdAt)), cell(ledgerType(entry.type)),
      cell(entry.coins > 0 ? `+${entry.coins}` : String(entry.coins), true), cell(String(entry.balanceAfter), true)))));
}

/** Wallet: balance split into paid and bonus coins, bonus lots with their expiry, and the ledger page by page. */
export function renderWallet(ctx: ScreenContext, page = 0): Promise<void> | void {
  if (!requireSignIn(ctx, t('walletTitle'))) return;
  return loadScreen(ctx, t('walletTitle'), () => Promise.all([getWallet(), getLedger(page, PAGE_SIZE)]), ([wallet, ledger]) => {
    const pager = h('nav', { class: 'pager', 'aria-label': t('ledgerTitle') },
      page > 0 ? h('button', { type: 'button', onclick: () => void renderWallet(ctx, page - 1) }, t('previousPage')) : null,
      (page + 1) * PAGE_SIZE < ledger.total ? h('button', { type: 'button', onclick: () => void renderWallet(ctx, page + 1) }, t('nextPage')) : null);
    replaceChildren(ctx.main,
      heading(t('walletTitle')),
      summary(wallet),
      wallet.inDebt ? h('p', { class: 'status warning', role: 'status' }, t('inDebt')) : null,
      bonusLots(wallet),
      h('h2', {}, t('ledgerTitle')),
      ledgerTable(ledger),
      pager);
  });
}
