import type { IncomingMessage } from 'node:http';
import { HeaderMap } from '@apollo/server';
import { GridhubError } from '@gridhub/kit';
import type { GatewayContext, GatewayPlugin } from './plugin';

/** A token bucket: `limit` tokens, refilled evenly over `windowMs` (so at most `limit` operations a window, bursts included). */
export interface Bucket {
  limit: number;
  windowMs: number;
}

export type Taken = { ok: true; remaining: number } | { ok: false; retryAfterMs: number };

/**
 * Where buckets live. Taking must be atomic per key. The in-memory store below is right for one gateway process;
 * replicas behind a load balancer must share buckets (DESIGN.md: shared gateway state in Redis), with a store whose
 * `take` is one Lua script (read tokens and timestamp, refill, decrement, set with a TTL of one window).
 */
export interface RateLimitStore {
  take(key: string, bucket: Bucket, now: number): Taken | Promise<Taken>;
}

/** Buckets in a Map; full buckets are swept now and then, so memory follows the callers active in the last window. */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private takes = 0;

  take(key: string, { limit, windowMs }: Bucket, now: number): Taken {
    const rate = limit / windowMs; // tokens per ms
    if (++this.takes % 1_000 === 0) this.sweep(limit, rate, now);
    const held = this.buckets.get(key);
    const tokens = held ? Math.min(limit, held.tokens + (now - held.at) * rate) : limit;
    if (tokens < 1) {
      this.buckets.set(key, { tokens, at: now });
      return { ok: false, retryAfterMs: Math.ceil((1 - tokens) / rate) };
    }
    this.buckets.set(key, { tokens: tokens - 1, at: now });
    return { ok: true, remaining: Math.floor(tokens - 1) };
  }

  get size(): number {
    return this.buckets.size;
  }

  private sweep(limit: number, rate: number, now: number): void {
    for (const [key, b] of this.buckets) if (b.tokens + (now - b.at) * rate >= limit) this.buckets.delete(key);
  }
}

export interface RateLimitOptions {
  /** Operations (HTTP requests to /graphql) allowed per identity per window, bursts included. Default 600. */
  limit?: number;
  /** The window, in ms. Default 60 s. */
  windowMs?: number;
  /** Whose bucket a request draws from. Default: the identity's subject, or the client address when anonymous. */
  key?(context: GatewayContext, req: IncomingMessage): string;
  /** Default: a `MemoryRateLimitStore` (one process; replicas need a shared store). */
  store?: RateLimitStore;
  /** Clock, for tests. */
  now?(): number;
}

/**
 * The client address is the socket's peer. Behind a load balancer that is the balancer: forwarded headers are not
 * trusted here, because any client can send them; a deployment behind a proxy keys on what its proxy guarantees.
 */
const defaultKey = (context: GatewayContext, req: IncomingMessage): string =>
  context.identity ? `subject:${context.identity.subject}` : `address:${req.socket.remoteAddress ?? 'unknown'}`;

/**
 * Per-identity rate limiting with a token bucket, checked when the request's context is built: before the body is
 * parsed, so a refused request costs almost nothing. Refused with 429, RATE_LIMITED, `retryAfter` (seconds) in the
 * extensions and a `Retry-After` header. A batched POST counts once (batching is off by default).
 */
export function useRateLimit(options: RateLimitOptions = {}): GatewayPlugin {
  const bucket: Bucket = { limit: options.limit ?? 600, windowMs: options.windowMs ?? 60_000 };
  const store = options.store ?? new MemoryRateLimitStore();
  const key = options.key ?? defaultKey;
  const now = options.now ?? Date.now;
  return {
    name: 'rate-limit',
    async onContext(context, req) {
      const taken = await store.take(key(context, req), bucket, now());
      if (taken.ok) return;
      const retryAfter = Math.max(1, Math.ceil(taken.retryAfterMs / 1000));
      throw new GridhubError('RATE_LIMITED', `too many operations: at most ${bucket.limit} every ${bucket.windowMs / 1000} s; retry in ${retryAfter} s`, {
        retryAfter,
        limit: bucket.limit,
        windowMs: bucket.windowMs,
        http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfter)]]) },
      });
    },
  };
}
