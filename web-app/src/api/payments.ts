import { request } from './http';

export interface Money {
  amount: string;
  currency: string;
}

export interface CoinPack {
  id: string;
  coins: number;
  bonusCoins: number;
  price: Money;
}

export type PurchaseStatus = 'PENDING' | 'COMPLETED' | 'FAILED' | 'REFUNDED';

export interface PackPurchase {
  purchaseId: string;
  status: PurchaseStatus;
  packId: string;
  provider: string;
  clientSecret?: string;
  coins: number;
  bonusCoins: number;
  price: Money;
  failure?: { code: string; message: string };
}

export interface BonusLot {
  coins: number;
  grantedCoins: number;
  source: string;
  grantedAt: string;
  expiresAt?: string;
}

export interface Wallet {
  balance: number;
  paidCoins: number;
  bonusCoins: number;
  inDebt: boolean;
  bonusExpiresAt?: string;
  bonusLots: BonusLot[];
}

export interface LedgerEntry {
  id: string;
  type: 'PURCHASE' | 'BONUS' | 'SPEND' | 'REFUND' | 'ADJUSTMENT' | 'BONUS_EXPIRED' | string;
  coins: number;
  paidCoins: number;
  bonusCoins: number;
  balanceAfter: number;
  reference: string;
  createdAt: string;
}

export interface LedgerPage {
  items: LedgerEntry[];
  page: number;
  size: number;
  total: number;
}

export interface Unlock {
  unlockId: string;
  episodeId?: string;
  seriesId: string;
  coinsSpent: number;
  balance: number;
}

export interface Plan {
  id: string;
  period: string;
  periodDays: number;
  price: Money;
  trialDays: number;
}

/** INCOMPLETE: created at the provider, no access until its events say trialing/active (or the first invoice is paid). */
export type SubscriptionStatus = 'INCOMPLETE' | 'TRIALING' | 'ACTIVE' | 'CANCELLED' | 'PAST_DUE' | 'EXPIRED' | 'REFUNDED';

export interface Subscription {
  subscriptionId: string;
  status: SubscriptionStatus;
  planId: string;
  provider: string;
  startedAt: string;
  currentPeriodEnd: string;
  inTrial: boolean;
  cancelAtPeriodEnd: boolean;
  graceUntil?: string;
  accessUntil: string;
  /** With Stripe, on an INCOMPLETE subscription whose first invoice must be paid now (no trial): confirm it by card. */
  clientSecret?: string;
}

export const listPacks = (): Promise<CoinPack[]> => request('GET', '/api/payments/packs');

export const buyPack = (packId: string, idempotencyKey: string): Promise<PackPurchase> =>
  request('POST', '/api/payments/pack-purchases', { body: { packId }, idempotencyKey });

export const getPurchase = (purchaseId: string): Promise<PackPurchase> =>
  request('GET', `/api/payments/pack-purchases/${encodeURIComponent(purchaseId)}`);

export const getWallet = (): Promise<Wallet> => request('GET', '/api/payments/wallet');

export const getLedger = (page = 0, size = 20): Promise<LedgerPage> =>
  request('GET', '/api/payments/wallet/ledger', { query: { page, size } });

/** `expectedPriceCoins` is the price the viewer saw: the server refuses (409 price-mismatch) rather than charge another. */
export const unlockEpisode = (episodeId: string, expectedPriceCoins: number | undefined, idempotencyKey: string): Promise<Unlock> =>
  request('POST', '/api/payments/episode-unlocks', { body: { episodeId, expectedPriceCoins }, idempotencyKey });

export const unlockSeries = (seriesId: string, expectedPriceCoins: number | undefined, idempotencyKey: string): Promise<Unlock> =>
  request('POST', '/api/payments/series-unlocks', { body: { seriesId, expectedPriceCoins }, idempotencyKey });

export const listPlans = (): Promise<Plan[]> => request('GET', '/api/payments/plans');

export const subscribe = (planId: string, idempotencyKey: string): Promise<Subscription> =>
  request('POST', '/api/payments/subscriptions', { body: { planId }, idempotencyKey });

export const mySubscription = (): Promise<Subscription> => request('GET', '/api/payments/subscriptions/me');

export const cancelSubscription = (idempotencyKey: string): Promise<Subscription> =>
  request('POST', '/api/payments/subscriptions/me/cancel', { idempotencyKey });

export const resumeSubscription = (idempotencyKey: string): Promise<Subscription> =>
  request('POST', '/api/payments/subscriptions/me/resume', { idempotencyKey });
