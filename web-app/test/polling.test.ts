import { afterEach, describe, expect, it, vi } from 'vitest';
import { request } from '../src/api/http';
import { newIdempotencyKey, pollUntil, PollTimeout } from '../src/api/polling';
import { ApiError } from '../src/api/problem';

/** A fake clock: sleeping moves time on at once, so polling runs without waiting. */
function fakeTime() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
  };
}

describe('newIdempotencyKey', () => {
  it('makes a fresh key that the server accepts (printable ASCII, no spaces, at most 200 characters)', () => {
    const a = newIdempotencyKey();
    const b = newIdempotencyKey();
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[\x21-\x7e]{1,200}$/);
  });
});

describe('request', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('sends the Idempotency-Key and the JSON body, and turns a problem answer into an ApiError with Retry-After', async () => {
    const fetchMock = vi.fn(async () => new Response(
      JSON.stringify({ type: 'https://microdrama.example/problems/insufficient-coins', status: 402, priceCoins: 100 }),
      { status: 402, headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '2' } },
    ));
    vi.stubGlobal('fetch', fetchMock);
    const error = await request<unknown>('POST', '/api/payments/episode-unlocks', { body: { episodeId: 'e' }, idempotencyKey: 'k-1' }).then(() => undefined, (e: unknown) => e as ApiError);
    expect(error).toBeInstanceOf(ApiError);
    expect(error?.slug).toBe('insufficient-coins');
    expect(error?.problem.priceCoins).toBe(100);
    expect(error?.retryAfterSeconds).toBe(2);
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/payments/episode-unlocks');
    expect((init.headers as Record<string, string>)['Idempotency-Key']).toBe('k-1');
    expect(init.body).toBe('{"episodeId":"e"}');
  });
});

describe('pollUntil', () => {
  it('asks again until the answer is final', async () => {
    const time = fakeTime();
    const answers = ['PENDING', 'PENDING', 'COMPLETED'];
    const attempt = vi.fn(async () => answers.shift()!);
    const result = await pollUntil({ attempt, done: (s) => s !== 'PENDING', intervalMs: 500, ...time });
    expect(result).toBe('COMPLETED');
    expect(attempt).toHaveBeenCalledTimes(3);
    expect(time.sleeps).toEqual([500, 500]);
  });

  it('waits what Retry-After says on 429 and goes on', async () => {
    const time = fakeTime();
    let calls = 0;
    const result = await pollUntil({
      attempt: async () => {
        calls += 1;
        if (calls === 1) throw new ApiError(429, { type: 'https://microdrama.example/problems/too-many-waits' }, 2);
        return { allowed: true };
      },
      done: (check) => check.allowed,
      intervalMs: 250,
      ...time,
    });
    expect(result).toEqual({ allowed: true });
    expect(time.sleeps).toEqual([2000]);
  });

  it('stops at once on an error that asking again will not fix', async () => {
    const time = fakeTime();
    const attempt = vi.fn(async () => {
      throw new ApiError(404, { type: 'https://microdrama.example/problems/unknown-purchase' });
    });
    await expect(pollUntil({ attempt, done: () => true, ...time })).rejects.toBeInstanceOf(ApiError);
    expect(attempt).toHaveBeenCalledTimes(1);
  });

  it('gives up after the timeout with the last answer', async () => {
    const time = fakeTime();
    const error = await pollUntil<unknown>({ attempt: async () => 'PENDING', done: () => false, intervalMs: 1000, timeoutMs: 3000, ...time }).then(() => undefined, (e: unknown) => e as PollTimeout);
    expect(error).toBeInstanceOf(PollTimeout);
    expect(error?.last).toBe('PENDING');
    expect(time.sleeps.length).toBe(3);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(pollUntil({ attempt: async () => 1, done: () => true, signal: controller.signal })).rejects.toThrow('aborted');
  });
});
