import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../src/api/problem';
import { setLanguage } from '../src/i18n';
import { describeError, describeProblem, PROBLEM_MESSAGES } from '../src/problems';
import { en } from '../src/i18n/messages/en';
import { es } from '../src/i18n/messages/es';

const memory = { setItem() {} };
const problem = (slug: string, extra: Record<string, unknown> = {}) => ({
  type: `https://microdrama.example/problems/${slug}`,
  title: `title of ${slug}`,
  ...extra,
});

/** The types a viewer's calls can answer, as the services' READMEs and the gateway name them. */
const VIEWER_TYPES = [
  'unauthorized', 'forbidden', 'validation-failed', 'malformed-request', 'invalid-characters', 'not-found',
  'unknown-series', 'unknown-episode', 'unknown-pack', 'unknown-purchase', 'unknown-plan', 'episode-locked',
  'entitlements-unavailable', 'not-available-in-region', 'age-restricted', 'age-verification-required',
  'media-access-denied', 'insufficient-coins', 'wallet-in-debt', 'price-mismatch', 'already-unlocked',
  'already-entitled', 'free-episode', 'series-not-for-sale', 'pack-not-available-in-region', 'invalid-region',
  'already-subscribed', 'no-subscription', 'invalid-subscription-state', 'subscription-managed-by-store',
  'store-not-enabled', 'idempotency-key-required', 'idempotency-key-reused', 'idempotency-key-invalid',
  'idempotency-key-in-use', 'too-many-waits', 'rate-limited', 'payment-provider-unavailable', 'payment-provider-error',
  'internal-error', 'service-unavailable', 'gateway-timeout', 'payload-too-large', 'method-not-allowed', 'uri-too-long',
];

describe('problem messages', () => {
  beforeEach(() => setLanguage('en', memory));

  it.each(VIEWER_TYPES)('%s has its own message, not the server text', (slug) => {
    const key = PROBLEM_MESSAGES[slug];
    expect(key, slug).toBeDefined();
    expect(describeProblem(400, problem(slug, { detail: 'server words' }))).toBe(en[key!]);
  });

  it('maps only to keys that exist', () => {
    for (const key of Object.values(PROBLEM_MESSAGES)) expect(en).toHaveProperty(key);
  });

  it('names in the mapping every viewer-facing type the OpenAPI documents mention', () => {
    // The repository's committed OpenAPI documents, next to web-app/.
    const dir = fileURLToPath(new URL('../../docs/openapi/', import.meta.url));
    let files: string[] = [];
    try {
      files = readdirSync(dir).filter((name) => name.endsWith('.yaml'));
    } catch {
      return; // the web app built on its own, without the repository around it
    }
    const operatorOnly = /refund|adjustment|promo|rebuild|signature|malformed-event|store-(account|transaction|purchase)|unknown-(store|entitlement|unlock|subscription|rebuild)|ad-impression|grace|already-refunded|not-refundable|unlock-superseded|episode-exists|series-exists|episode-number-taken|conflict|invalid-push-token/;
    const mentioned = new Set(files.flatMap((name) =>
      [...readFileSync(join(dir, name), 'utf8').matchAll(/description: ([a-z]+(?:-[a-z]+)+)/g)].map((match) => match[1]!)));
    const missing = [...mentioned].filter((slug) => !operatorOnly.test(slug) && !(slug in PROBLEM_MESSAGES));
    expect(mentioned.size).toBeGreaterThan(0);
    expect(missing).toEqual([]);
  });

  it('speaks the chosen language', () => {
    setLanguage('es', memory);
    expect(describeProblem(402, problem('insufficient-coins'))).toBe(es.problem_insufficientCoins);
  });

  it('falls back to the detail, then the title, of an unknown type', () => {
    expect(describeProblem(409, problem('brand-new', { detail: 'The detail.' }))).toBe('The detail.');
    expect(describeProblem(409, problem('brand-new'))).toBe('title of brand-new');
  });

  it('uses the status when the answer had no problem body', () => {
    expect(describeProblem(429, {})).toBe(en.problem_tooManyRequests);
    expect(describeProblem(503, { title: 'Service Unavailable' })).toBe(en.problem_unavailable);
    expect(describeProblem(418, {})).toBe('Something went wrong (418).');
    expect(describeError(new ApiError(0, { title: 'Network error' }))).toBe(en.problem_network);
  });
});
