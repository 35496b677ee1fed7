import { Redis } from 'ioredis';
import { MemoryRateLimitStore, RedisRateLimitStore, type RateLimitStore } from './rate-limit';

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

/** What every store must do: take units atomically, refuse what the bucket no longer holds, say when it will. */
async function takesUnits(store: RateLimitStore, key: string) {
  const budget = { limit: 100, windowMs: 3_600_000 };
  expect(await store.take(key, budget, 0, 60)).toEqual({ ok: true, remaining: 40 });
  expect(await store.take(key, budget, 0, 30)).toEqual({ ok: true, remaining: 10 });
  const refused = await store.take(key, budget, 0, 30);
  expect(refused.ok).toBe(false);
  // 20 units missing at 100 units an hour: about 12 minutes (the Redis store's own clock moved a few ms meanwhile)
  expect((refused as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(715_000);
  expect((refused as { retryAfterMs: number }).retryAfterMs).toBeLessThanOrEqual(720_000);
  expect(await store.take(key, budget, 0, 10)).toMatchObject({ ok: true });
  expect(await store.take(`${key}-other`, budget, 0, 100)).toEqual({ ok: true, remaining: 0 });
}

describe('bucket stores taking several units (cost budgets)', () => {
  it('MemoryRateLimitStore', async () => {
    expect.hasAssertions();
    await takesUnits(new MemoryRateLimitStore(), 'a');
  });

  describe('RedisRateLimitStore (Redis on 127.0.0.1:6379)', () => {
    let redis: Redis;
    const prefix = `gridhub:test:${process.pid}:${Date.now()}:`;
    beforeAll(async () => {
      redis = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
      await redis.connect();
    });
    afterAll(async () => {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    });

    it('keeps one bucket per key in Redis, expiring a window after the last take', async () => {
      await takesUnits(new RedisRateLimitStore(redis, prefix), 'a');
      const ttl = await redis.pttl(`${prefix}a`);
      expect(ttl).toBeGreaterThan(3_500_000);
      expect(ttl).toBeLessThanOrEqual(3_600_000);
    });

    it('is one bucket for two stores (two gateways) on the same Redis', async () => {
      const [one, two] = [new RedisRateLimitStore(redis, prefix), new RedisRateLimitStore(redis, prefix)];
      const budget = { limit: 3, windowMs: 3_600_000 };
      const taken = [await one.take('shared', budget, 0), await two.take('shared', budget, 0), await one.take('shared', budget, 0), await two.take('shared', budget, 0)];
      expect(taken.map((t) => t.ok)).toEqual([true, true, true, false]);
    });
  });
});
