import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createLocalJWKSet, createRemoteJWKSet, decodeProtectedHeader, jwtVerify, SignJWT, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { LRUCache } from 'lru-cache';
import { unauthenticated } from './errors';
import { identityFromClaims, Role, type Identity } from './identity';

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

/**
 * Service keys: a subgraph's service identity mints its own short-lived client tokens and re-mints them before they
 * expire, instead of holding a long-lived token. Its key is derived from the client-token secret and its subject
 * (`HMAC(secret, subject)`), so the gateway needs no file per service, and the key signs that one SERVICE identity
 * only: the secret cannot be recovered from it, and a token it signs for another subject or role is refused.
 */
export const SERVICE_KEY_PREFIX = 'gridhub-service-key:';
/** Longest a token signed with a service key may live: 15 minutes (its minter renews well before). */
export const SERVICE_TOKEN_MAX_LIFETIME = 15 * 60;
const SERVICE_KID = 'service-key:';

const deriveServiceKey = (secret: string, subject: string): string =>
  createHmac('sha256', secret).update(`gridhub service key\n${subject}`).digest('base64url');

/** The content of a service key file (`gridhub keys`) for a SERVICE identity: its identity and its derived key. */
export function serviceKeyFile(secret: string, identity: Identity): string {
  if (identity.role !== Role.SERVICE) throw new Error(`${identity.subject} is not a SERVICE identity: it gets no service key`);
  return `${SERVICE_KEY_PREFIX}${JSON.stringify({ identity, key: deriveServiceKey(secret, identity.subject) })}`;
}

export interface ServiceTokenMinterOptions {
  /** Lifetime of each token (default 10 minutes; at most SERVICE_TOKEN_MAX_LIFETIME). */
  ttlSeconds?: number;
  /** A token is minted anew this long before its expiry (default a third of its lifetime). */
  renewBeforeSeconds?: number;
  /** Clock in ms, for tests. */
  now?(): number;
}

/**
 * Mints the service identity's client tokens from its key file's content and hands out the current one until it
 * nears its expiry, then mints the next: the process that uses the token keeps it fresh by itself.
 */
export function serviceTokenMinter(keyFile: string, options: ServiceTokenMinterOptions = {}): () => Promise<string> {
  if (!keyFile.startsWith(SERVICE_KEY_PREFIX)) throw new Error('not a service key (from `gridhub keys`)');
  const { identity, key } = JSON.parse(keyFile.slice(SERVICE_KEY_PREFIX.length)) as { identity: Identity; key: string };
  const ttl = Math.min(options.ttlSeconds ?? 600, SERVICE_TOKEN_MAX_LIFETIME);
  const renewBefore = options.renewBeforeSeconds ?? Math.floor(ttl / 3);
  const now = options.now ?? Date.now;
  const secret = new TextEncoder().encode(key);
  let current: { token: Promise<string>; renewAt: number } | undefined;
  return () => {
    const at = Math.floor(now() / 1000);
    if (!current || at >= current.renewAt) {
      const token = new SignJWT({ ...identity })
        .setProtectedHeader({ alg: 'HS256', kid: `${SERVICE_KID}${identity.subject}` })
        .setIssuer(CLIENT_TOKEN_ISSUER)
        .setAudience(CLIENT_TOKEN_AUDIENCE)
        .setSubject(identity.subject)
        .setIssuedAt(at)
        .setExpirationTime(at + ttl)
        .sign(secret);
      current = { token, renewAt: at + ttl - renewBefore };
    }
    return current.token;
  };
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

  /** A token signed with a service key (HS256 deployments): the subject its key was derived for, if it claims one. */
  const serviceSubject = (token: string): string | undefined => {
    if (!('secret' in source)) return undefined;
    try {
      const kid = decodeProtectedHeader(token).kid;
      return typeof kid === 'string' && kid.startsWith(SERVICE_KID) ? kid.slice(SERVICE_KID.length) : undefined;
    } catch {
      return undefined;
    }
  };

  const verify = async (token: string): Promise<Verified> => {
    let payload;
    const service = serviceSubject(token);
    try {
      // The typed overloads differ for a key and a key set; both verify signature, issuer, audience and expiry.
      const verifyKey = service !== undefined && 'secret' in source ? new TextEncoder().encode(deriveServiceKey(source.secret, service)) : key;
      payload = (await jwtVerify(token, verifyKey as Uint8Array, { issuer: CLIENT_TOKEN_ISSUER, audience, algorithms, requiredClaims: ['exp'], currentDate: new Date(now()) })).payload;
    } catch (err) {
      throw unauthenticated(`token refused: ${(err as Error).message}`);
    }
    // A service key signs its own SERVICE identity only.
    if (service !== undefined && (payload.sub !== service || payload.role !== Role.SERVICE))
      throw unauthenticated('token refused: a service key signs its own service identity only');
    const exp = payload.exp!;
    const lifetime = exp - (payload.iat ?? Math.floor(now() / 1000));
    const max = service !== undefined ? SERVICE_TOKEN_MAX_LIFETIME : (payload.sub !== undefined && maxLifetimeOf.get(payload.sub)) || maxLifetime;
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
