import { MAX_WAIT_MS, waitForAccess, type AccessCheck } from '../api/entitlements';
import { unlockEpisode, unlockSeries, type Unlock } from '../api/payments';
import { newIdempotencyKey, pollUntil } from '../api/polling';

export type UnlockKind = 'episode' | 'series';

export interface UnlockRequest {
  kind: UnlockKind;
  /** The episode for `episode`, the series for `series`. */
  targetId: string;
  /** The price the viewer was shown; the server charges exactly this or refuses with price-mismatch. */
  expectedPriceCoins?: number;
  /** The episode that must open before we call it done (the one on screen). */
  waitForEpisodeId: string;
  signal?: AbortSignal;
}

/** How long to keep waiting for the unlock to travel payment → outbox → Kafka → entitlements. */
const OPEN_TIMEOUT_MS = 45_000;

/**
 * Pays, then waits for the entitlement with the server's waiting check: each check is held by entitlement-service
 * until the grant lands (or 10 s pass), so this is a handful of requests, not a tight poll. 429 too-many-waits
 * backs off by Retry-After inside pollUntil.
 */
export async function unlockAndWait(request: UnlockRequest): Promise<{ unlock: Unlock; access: AccessCheck }> {
  const key = newIdempotencyKey();
  const unlock = request.kind === 'episode'
    ? await unlockEpisode(request.targetId, request.expectedPriceCoins, key)
    : await unlockSeries(request.targetId, request.expectedPriceCoins, key);
  const access = await pollUntil({
    attempt: () => waitForAccess(request.waitForEpisodeId, MAX_WAIT_MS, request.signal),
    done: (check) => check.allowed,
    intervalMs: 250,
    timeoutMs: OPEN_TIMEOUT_MS,
    signal: request.signal,
  });
  return { unlock, access };
}
