import { MemoryRateLimitStore } from './rate-limit';

describe('MemoryRateLimitStore', () => {
  const bucket = { limit: 3, windowMs: 60_000 };

  it('allows `limit` operations at once, then one more each time a token refills', () => {
    const store = new MemoryRateLimitStore();
    expect([0, 0, 0].map((t) => store.take('a', bucket, t))).toEqual([
      { ok: true, remaining: 2 },
      { ok: true, remaining: 1 },
      { ok: true, remaining: 0 },
    ]);
    expect(store.take('a', bucket, 0)).toEqual({ ok: false, retryAfterMs: 20_000 });
    expect(store.take('a', bucket, 10_000)).toEqual({ ok: false, retryAfterMs: 10_000 });
    expect(store.take('a', bucket, 20_000)).toEqual({ ok: true, remaining: 0 });
    expect(store.take('b', bucket, 20_000)).toEqual({ ok: true, remaining: 2 });
    // a full window later the bucket is full again, never fuller
    expect(store.take('a', bucket, 500_000)).toEqual({ ok: true, remaining: 2 });
  });

  it('forgets buckets that have refilled, so memory follows recent callers', () => {
    const store = new MemoryRateLimitStore();
    for (let i = 0; i < 999; i++) store.take(`caller-${i}`, bucket, 0);
    expect(store.size).toBe(999);
    store.take('late', bucket, 60_000); // the 1,000th take sweeps
    expect(store.size).toBe(1);
  });
});
