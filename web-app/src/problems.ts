import { ApiError, problemSlug, type Problem } from './api/problem';
import { t, type MessageKey } from './i18n';

/**
 * Every problem type a viewer can meet through the gateway (catalog-service, payment-service,
 * entitlement-service, service-support and the gateway itself), mapped to one localized message. Operator-only
 * types (admin refunds, promos, rebuilds, webhooks, store server calls) are left out on purpose: the viewer app never
 * calls those endpoints, and should one appear the problem's own title/detail is shown.
 */
export const PROBLEM_MESSAGES: Readonly<Record<string, MessageKey>> = {
  unauthorized: 'problem_unauthorized',
  forbidden: 'problem_forbidden',
  'validation-failed': 'problem_badRequest',
  'malformed-request': 'problem_badRequest',
  'invalid-characters': 'problem_badRequest',
  'invalid-region': 'problem_badRequest',
  'method-not-allowed': 'problem_badRequest',
  'not-acceptable': 'problem_badRequest',
  'unsupported-media-type': 'problem_badRequest',
  'payload-too-large': 'problem_badRequest',
  'uri-too-long': 'problem_badRequest',
  'not-found': 'problem_notFound',
  'unknown-series': 'problem_notFound',
  'unknown-episode': 'problem_notFound',
  'unknown-pack': 'problem_notFound',
  'unknown-purchase': 'problem_notFound',
  'unknown-plan': 'problem_notFound',
  
  'episode-locked': 'problem_episodeLocked',
  'entitlements-unavailable': 'problem_entitlementsUnavailable',
  'not-available-in-region': 'problem_region',
  'age-restricted': 'problem_ageRestricted',
  'age-verification-required': 'problem_ageVerification',
  'media-access-denied': 'problem_mediaDenied',
  'insufficient-coins': 'problem_insufficientCoins',
  'wallet-in-debt': 'problem_walletInDebt',
  'price-mismatch': 'problem_priceMismatch',
  'already-unlocked': 'problem_alreadyUnlocked',
  'already-entitled': 'problem_alreadyEntitled',
  'free-episode': 'problem_freeEpisode',
  'series-not-for-sale': 'problem_seriesNotForSale',
  'pack-not-available-in-region': 'problem_packNotAvailable',
  'already-subscribed': 'problem_alreadySubscribed',
  'no-subscription': 'problem_noSubscription',
  'invalid-subscription-state': 'problem_subscriptionState',
  'subscription-managed-by-store': 'problem_managedByStore',
  'store-not-enabled': 'problem_storeNotEnabled',
  'idempotency-key-required': 'problem_idempotency',
  'idempotency-key-invalid': 'problem_idempotency',
  'idempotency-key-reused': 'problem_idempotency',
  'idempotency-key-in-use': 'problem_idempotency',
  'too-many-waits': 'problem_tooManyRequests',
  'rate-limited': 'problem_tooManyRequests',
  'payment-provider-unavailable': 'problem_providerUnavailable',
  'payment-provider-error': 'problem_providerUnavailable',
  'store-unavailable': 'problem_providerUnavailable',
  'internal-error': 'problem_serverError',
  'database-unavailable': 'problem_unavailable',
  'identity-provider-unavailable': 'problem_unavailable',
  'service-unavailable': 'problem_unavailable',
  'gateway-timeout': 'problem_unavailable',
};

/** When the type is unknown and the body says nothing useful, the status class still gives a fitting message. */
function byStatus(status: number): MessageKey | undefined {
  if (status === 0) return 'problem_network';
  if (status === 401) return 'problem_unauthorized';
  if (status === 429) return 'problem_tooManyRequests';
  if (status === 500) return 'problem_serverError';
  if (status === 502 || status === 503 || status === 504) return 'problem_unavailable';
  return undefined;
}

/**
 * The message to show for a failed call: our own text for a known type; for an unknown type the problem's
 * `detail` (or `title`), since the server wrote it for people; a status-based text when the body gave neither.
 */
export function describeProblem(status: number, problem: Problem = {}): string {
  const slug = problemSlug(problem);
  const known = slug === undefined ? undefined : PROBLEM_MESSAGES[slug];
  if (known) return t(known);
  if (status === 0) return t('problem_network');
  const fromServer = [problem.detail, problem.title].find((text) => typeof text === 'string' && text.trim() !== '');
  if (slug !== undefined && fromServer) return fromServer;
  const fallback = byStatus(status);
  if (fallback) return t(fallback);
  return fromServer ?? t('problem_generic', { status });
}

/** describeProblem for anything a call can throw. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return describeProblem(error.status, error.problem);
  return t('problem_generic', { status: error instanceof Error ? error.message : String(error) });
}
