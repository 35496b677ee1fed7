import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createLocalJWKSet, createRemoteJWKSet, jwtVerify, SignJWT, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { LRUCache } from 'lru-cache';
import { unauthenticated } from './errors';
import { identityFromClaims, type Identity } from './identity';

/**
 * Client tokens: what front ends and partner systems present to the gateway (`Authorization: Bearer …`).
 * HS256 with a shared secret in the embedded default; keys from a JWKS (URL or file) in production.
 */
export type ClientTokenSource = { secret: string } | { jwksUrl: string } | { jwks: JSONWebKeySet };

export const CLIENT_TOKEN_ISSUER = 'gridhub';
/** The `aud` a client token must carry: the gateway. A token minted for another service is not accepted here. */
export const CLIENT_TOKEN_AUDIENCE = 'gridhub-gateway';
/** Longest a client token may live (`exp − iat`), in seconds, unless the verifier is told otherwise: 24 h. */
export const DEFAULT_CLIENT_TOKEN_MAX_LIFETIME = 24 * 3600;
/** Longer `Authorization` values are refused unread: a JWT with a full identity is well under 4 KB. */
const MAX_TOKEN_LENGTH = 8 * 1024;

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** `90`, `90s`, `15m`, `12h`, `30d` → seconds; throws on anything else (configuration is checked at start). */
export function parseLifetime(value: string | number): number {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
  const m = /^(\d+)\s*([smhd]?)$/.exec(String(value).trim());
  if (!m || Number(m[1]) <= 0) throw new Error(`not a lifetime: ${JSON.stringify(value)} (seconds, or a number with s, m, h or d)`);
  return Number(m[1]) * UNITS[m[2] || 's']!;
}

/** Reads the embedded default's HS256 secret from `file`, generating it on first start. */
export function loadOrCreateSecret(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** Issues an HS256 client token for the gateway's audience (the `gridhub token` command, tests, the start banner). */
export function issueClientToken(secret: string, identity: Identity, expiresIn: string | number = '12h', audience: string = CLIENT_TOKEN_AUDIENCE): Promise<string> {
  const lifetime = parseLifetime(expiresIn);
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ ...identity })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(CLIENT_TOKEN_ISSUER)
    .setAudience(audience)
    .setSubject(identity.subject)
    .setIssuedAt(now)
    .setExpirationTime(now + lifetime)
    .sign(new TextEncoder().encode(secret));
}

export interface ClientTokenOptions {
  /** The audience (or one of the audiences) a token's `aud` must name. Default `CLIENT_TOKEN_AUDIENCE`. */
  audience?: string | string[];
  /**
   * Longest lifetime accepted, `exp − iat` (`exp − now` for a token without `iat`), in seconds or as `12h`, `30d`….
   * Default `DEFAULT_CLIENT_TOKEN_MAX_LIFETIME` (24 h). A token without `exp` is always refused.
   */
  maxLifetime?: number | string;
  /**
   * Longer maxima for named subjects (`sub`), e.g. the pre-issued service tokens of `gridhub keys`, so one
   * long-lived credential does not raise the bound for every client.
   */
  maxLifetimeOf?: Readonly<Record<string, number | string>>;
  /** Verified tokens remembered (each until its own expiry), so a client's next request costs a lookup. Default 10,000. */
  cacheSize?: number;
  /** Clock in ms, for tests. */
  now?(): number;
}

interface Verified {
  identity: Identity;
  /** `exp`, in ms. */
  expiresAt: number;
}

/** Turns an `Authorization` header into an identity, or throws UNAUTHENTICATED with the reason. */
export function clientTokenVerifier(source: ClientTokenSource, options: ClientTokenOptions = {}) {
  // Imported once: the secret as bytes, a JWKS as a key set that imports each key on first use and keeps it.
  const key: Uint8Array | JWTVerifyGetKey =
    'secret' in source
      ? new TextEncoder().encode(source.secret)
      : 'jwks' in source
        ? createLocalJWKSet(source.jwks)
        : createRemoteJWKSet(new URL(source.jwksUrl));
  const algorithms = 'secret' in source ? ['HS256'] : ['RS256', 'ES256', 'EdDSA'];
  const audience = options.audience ?? CLIENT_TOKEN_AUDIENCE;
  const maxLifetime = parseLifetime(options.maxLifetime ?? DEFAULT_CLIENT_TOKEN_MAX_LIFETIME);
  const maxLifetimeOf = new Map(Object.entries(options.maxLifetimeOf ?? {}).map(([subject, lifetime]) => [subject, parseLifetime(lifetime)]));
  const now = options.now ?? Date.now;
  const cache = new LRUCache<string, Verified>({ max: options.cacheSize ?? 10_000 });

  const verify = async (token: string): Promise<Verified> => {
    let payload;
    try {
      // The typed overloads differ for a key and a key set; both verify signature, issuer, audience and expiry.
      payload = (await jwtVerify(token, key as Uint8Array, { issuer: CLIENT_TOKEN_ISSUER, audience, algorithms, requiredClaims: ['exp'], currentDate: new Date(now()) })).payload;
    } catch (err) {
      throw unauthenticated(`token refused: ${(err as Error).message}`);
    }
    const exp = payload.exp!;
    const lifetime = exp - (payload.iat ?? Math.floor(now() / 1000));
    const max = (payload.sub !== undefined && maxLifetimeOf.get(payload.sub)) || maxLifetime;
    if (lifetime > max) throw unauthenticated(`token refused: it lives ${lifetime} s; at most ${max} s is accepted`);
    try {
      return { identity: identityFromClaims(payload), expiresAt: exp * 1000 };
    } catch (err) {
      throw unauthenticated((err as Error).message);
    }
  };

  return async (authorization: string | undefined): Promise<Identity> => {
    if (authorization && authorization.length > MAX_TOKEN_LENGTH) throw unauthenticated(`token refused: longer than ${MAX_TOKEN_LENGTH} characters`);
    const token = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (!token) throw unauthenticated('send a token: Authorization: Bearer <token> (see `gridhub token --help`)');
    const cached = cache.get(token);
    if (cached && cached.expiresAt > now()) return cached.identity;
    if (cached) cache.delete(token);
    const verified = await verify(token);
    cache.set(token, verified);
    return verified.identity;
  };
}
