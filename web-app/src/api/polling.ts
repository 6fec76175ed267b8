import { ApiError } from './problem';

/**
 * One Idempotency-Key per user intent (one tap on "buy"): a retry of the same intent sends the same key, so the
 * server replays its answer instead of charging twice. A new tap makes a new key.
 */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

export interface PollOptions<T> {
  /** One attempt; may throw. */
  attempt: () => Promise<T>;
  /** True when the result is final. */
  done: (result: T) => boolean;
  intervalMs?: number;
  timeoutMs?: number;
  /** Injected so tests run without real time. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  signal?: AbortSignal;
}

export class PollTimeout extends Error {
  constructor(readonly last: unknown) {
    super('Polling timed out');
    this.name = 'PollTimeout';
  }
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Seconds a 429/503 asks us to wait, as milliseconds; the plain interval otherwise. */
export function waitAfter(error: unknown, intervalMs: number): number | undefined {
  if (error instanceof ApiError && (error.status === 429 || error.status === 503)) {
    return Math.max(intervalMs, (error.retryAfterSeconds ?? 1) * 1000);
  }
  return undefined;
}

/**
 * Repeats `attempt` until `done` says so or the time is up. A 429 or 503 waits what Retry-After says and tries again;
 * any other error ends the polling at once (it will not get better by asking again).
 */
export async function pollUntil<T>(options: PollOptions<T>): Promise<T> {
  const intervalMs = options.intervalMs ?? 1000;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const deadline = now() + timeoutMs;
  let last: unknown;
  for (;;) {
    if (options.signal?.aborted) throw new DOMException('Polling aborted', 'AbortError');
    let pause = intervalMs;
    try {
      last = await options.attempt();
      if (options.done(last as T)) return last as T;
    } catch (error) {
      const retryIn = waitAfter(error, intervalMs);
      if (retryIn === undefined) throw error;
      last = error;
      pause = retryIn;
    }
    if (now() + pause > deadline) throw new PollTimeout(last);
    await sleep(pause);
  }
}
