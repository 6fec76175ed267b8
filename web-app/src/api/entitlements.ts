import { request } from './http';

export interface AccessCheck {
  episodeId: string;
  allowed: boolean;
  reason: string;
  validUntil?: string;
}

/** The server caps waiting checks at 10 s; it answers as soon as a grant makes the episode playable. */
export const MAX_WAIT_MS = 10_000;

/** The "waiting check": one request that entitlement-service holds until the unlock has reached it. */
export function waitForAccess(episodeId: string, waitMs = MAX_WAIT_MS, signal?: AbortSignal): Promise<AccessCheck> {
  return request('GET', '/api/entitlements/check', { query: { episodeId, waitMs }, signal });
}
