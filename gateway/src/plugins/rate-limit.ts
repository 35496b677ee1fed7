import type { IncomingMessage } from 'node:http';
import { HeaderMap } from '@apollo/server';
import { GridhubError } from '@gridhub/kit';
import { Redis } from 'ioredis';
import type { GatewayContext, GatewayPlugin } from './plugin';

/** A token bucket: `limit` units, refilled evenly over `windowMs` (so at most `limit` units a window, bursts included). */
export interface Bucket {
  limit: number;
  windowMs: number;
}

export type Taken = { ok: true; remaining: number } | { ok: false; retryAfterMs: number };

/** Where buckets live. Taking must be atomic per key: read, refill, take `amount` (default 1), write. */
export interface RateLimitStore {
  take(key: string, bucket: Bucket, now: number, amount?: number): Taken | Promise<Taken>;
}

/** Buckets in a Map (one gateway process); full buckets are swept now and then, so memory follows recent callers. */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly buckets = new Map<string, { tokens: number; at: number; bucket: Bucket }>();
  private takes = 0;

  take(key: string, bucket: Bucket, now: number, amount = 1): Taken {
    const { limit, windowMs } = bucket;
    const rate = limit / windowMs; // units per ms
    if (++this.takes % 1_000 === 0) this.sweep(now);
    const held = this.buckets.get(key);
    const tokens = held ? Math.min(limit, held.tokens + (now - held.at) * rate) : limit;
    if (tokens < amount) {
      this.buckets.set(key, { tokens, at: now, bucket });
      return { ok: false, retryAfterMs: Math.ceil((amount - tokens) / rate) };
    }
    this.buckets.set(key, { tokens: tokens - amount, at: now, bucket });
    return { ok: true, remaining: Math.floor(tokens - amount) };
  }

  get size(): number {
    return this.buckets.size;
  }

  private sweep(now: number): void {
    for (const [key, b] of this.buckets) if (b.tokens + ((now - b.at) * b.bucket.limit) / b.bucket.windowMs >= b.bucket.limit) this.buckets.delete(key);
  }
}

/**
 * The same bucket as one Lua script, so replicas share it and a take stays atomic. The clock is Redis's own (`TIME`),
 * so replicas whose clocks differ still refill one bucket evenly. A key expires a window after its last take.
 */
const TAKE_SCRIPT = `
local limit, window, amount = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local rate = limit / window
local held = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = limit
if held[1] then tokens = math.min(limit, tonumber(held[1]) + (now - tonumber(held[2])) * rate) end
local ok = tokens >= amount
if ok then tokens = tokens - amount end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], window)
if ok then return {1, math.floor(tokens)} end
return {0, math.ceil((amount - tokens) / rate)}
`;

type RedisWithTake = Redis & { gridhubTake(key: string, limit: number, windowMs: number, amount: number): Promise<[number, number]> };

/**
 * Buckets in Redis, shared by every gateway replica (DESIGN.md: shared gateway state in Redis). The caller owns the
 * connection (and quits it); create it with `enableOfflineQueue: false` so a take fails fast while Redis is away.
 */
export class RedisRateLimitStore implements RateLimitStore {
  private readonly redis: RedisWithTake;

  constructor(
    redis: Redis,
    private readonly prefix = 'gridhub:rate:',
  ) {
    redis.defineCommand('gridhubTake', { numberOfKeys: 1, lua: TAKE_SCRIPT });
    this.redis = redis as RedisWithTake;
  }

  async take(key: string, bucket: Bucket, _now: number, amount = 1): Promise<Taken> {
    const [ok, value] = await this.redis.gridhubTake(this.prefix + key, bucket.limit, bucket.windowMs, amount);
    return ok === 1 ? { ok: true, remaining: value } : { ok: false, retryAfterMs: value };
  }
}

/**
 * A Redis store on its own connection to `url` (`redis://host:6379`), for a process that does not otherwise use
 * Redis; `close()` ends the connection. Commands fail fast while Redis is away (no offline queue, one retry).
 */
export function openRedisRateLimitStore(url: string, onError: (err: unknown) => void): RateLimitStore & { close(): void } {
  const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  redis.on('error', onError);
  const store = new RedisRateLimitStore(redis);
  return { take: (key, bucket, now, amount) => store.take(key, bucket, now, amount), close: () => redis.disconnect() };
}

export interface RateLimitOptions {
  /** Operations (HTTP requests to /graphql) allowed per identity per window, bursts included. Default 600. */
  limit?: number;
  /** The window, in ms. Default 60 s. */
  windowMs?: number;
  /**
   * Cost units (the estimate `useLimits` checks, `extensions.cost.estimated`) an identity may spend per window, taken
   * when an operation has passed the limits and before any fetch. Default 500,000 a minute (ten operations at the
   * default maximum cost); `false` turns it off. A single operation is charged at most the whole budget.
   */
  costBudget?: Bucket | false;
  /** Whose bucket a request draws from. Default: the identity's subject, or the client address when anonymous. */
  key?(context: GatewayContext, req: IncomingMessage): string;
  /** Default: a `MemoryRateLimitStore` (one process); replicas share a `RedisRateLimitStore`. */
  store?: RateLimitStore;
  /** Clock, for tests (the Redis store uses Redis's clock). */
  now?(): number;
  /** Where a take that fails (Redis away) is reported; the request then goes through (fail open). */
  onStoreError?(err: unknown): void;
}

export const DEFAULT_COST_BUDGET: Bucket = { limit: 500_000, windowMs: 60_000 };

/**
 * The client address is the socket's peer. Behind a load balancer that is the balancer: forwarded headers are not
 * trusted here, because any client can send them; a deployment behind a proxy keys on what its proxy guarantees.
 */
const defaultKey = (context: GatewayContext, req: IncomingMessage): string =>
  context.identity ? `subject:${context.identity.subject}` : `address:${req.socket.remoteAddress ?? 'unknown'}`;

/** Set on the request's context; Apollo copies it into each operation's context (own enumerable symbol keys are copied). */
const BUCKET_KEY = Symbol('rate-limit bucket key');
type Keyed = GatewayContext & { [BUCKET_KEY]?: string };

const refusal = (what: string, bucket: Bucket, retryAfterMs: number, details: Record<string, unknown>) => {
  const retryAfter = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new GridhubError('RATE_LIMITED', `${what}: at most ${bucket.limit} every ${bucket.windowMs / 1000} s; retry in ${retryAfter} s`, {
    ...details,
    retryAfter,
    limit: bucket.limit,
    windowMs: bucket.windowMs,
    http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfter)]]) },
  });
};

/**
 * Per-identity rate limiting with token buckets: operations per window, checked when the request's context is built
 * (before the body is parsed, so a refused request costs almost nothing), and cost units per window, charged by
 * `charge` once an operation's cost is known (gateway.ts hands it to `useLimits`). Refused with 429, RATE_LIMITED,
 * `retryAfter` (seconds) in the extensions and a `Retry-After` header. A batched POST counts once as a request.
 */
export function useRateLimit(options: RateLimitOptions = {}): GatewayPlugin & { charge(context: GatewayContext, cost: number): Promise<void> } {
  const bucket: Bucket = { limit: options.limit ?? 600, windowMs: options.windowMs ?? 60_000 };
  const budget = options.costBudget === false ? undefined : (options.costBudget ?? DEFAULT_COST_BUDGET);
  const store = options.store ?? new MemoryRateLimitStore();
  const key = options.key ?? defaultKey;
  const now = options.now ?? Date.now;
  const take = async (k: string, b: Bucket, amount: number): Promise<Taken> => {
    try {
      return await store.take(k, b, now(), amount);
    } catch (err) {
      options.onStoreError?.(err);
      return { ok: true, remaining: 0 };
    }
  };
  return {
    name: 'rate-limit',
    async onContext(context, req) {
      const k = key(context, req);
      (context as Keyed)[BUCKET_KEY] = k;
      const taken = await take(`ops:${k}`, bucket, 1);
      if (!taken.ok) throw refusal('too many operations', bucket, taken.retryAfterMs, {});
    },
    async charge(context, cost) {
      const k = (context as Keyed)[BUCKET_KEY];
      if (!budget || k === undefined) return;
      const taken = await take(`cost:${k}`, budget, Math.min(cost, budget.limit));
      if (!taken.ok) throw refusal('cost budget spent', budget, taken.retryAfterMs, { budget: 'cost', cost });
    },
  };
}
