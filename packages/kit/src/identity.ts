import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { dirname } from 'node:path';
import {
  createLocalJWKSet, createRemoteJWKSet, exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT,
  type CryptoKey, type JSONWebKeySet, type JWK, type JWTPayload, type JWTVerifyGetKey,
} from 'jose';
import { LRUCache } from 'lru-cache';
import { registerEnumType } from 'type-graphql';
import { unauthenticated } from './errors';

/** Roles and their scope (DESIGN.md, "Identity, scoping and privacy"). */
export enum Role {
  SUBDISTRICT_ADMIN = 'SUBDISTRICT_ADMIN', // everything
  CENTER_OPERATOR = 'CENTER_OPERATOR', // events of the subdistrict (综治中心)
  COMMUNITY_STAFF = 'COMMUNITY_STAFF', // own community
  GRID_WORKER = 'GRID_WORKER', // own grids
  COMPLEX_MANAGER = 'COMPLEX_MANAGER', // own complex: devices, records
  PARTNER = 'PARTNER', // own reports, grid boundaries only
  VENDOR = 'VENDOR', // a platform vendor: the registry entries of its own subgraph names (`subgraphs`)
  AUDITOR = 'AUDITOR', // audit log, read-only
  SERVICE = 'SERVICE', // a subgraph's service identity: only the calls its definition lists (kit scope/services.ts)
}
registerEnumType(Role, { name: 'Role' });

/** Who is calling, as the gateway vouches for it. Scope lists are empty for roles not bound to them. */
export interface Identity {
  subject: string;
  role: Role;
  name?: string;
  communityIds?: number[];
  gridIds?: number[];
  complexIds?: number[];
  /** Partner agency (e.g. the power-grid company) for PARTNER identities. */
  agency?: string;
  /** Subgraph names a VENDOR identity owns in the registry. */
  subgraphs?: string[];
}

const ROLES = new Set<string>(Object.values(Role));
const ids = (v: unknown) => (Array.isArray(v) ? v.map(Number).filter(Number.isInteger) : undefined);
const names = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined);

/** The identity a verified token's claims carry; throws when the subject or role is missing or unknown. */
export function identityFromClaims(payload: JWTPayload): Identity {
  if (typeof payload.sub !== 'string' || !ROLES.has(payload.role as string)) throw new Error('token has no subject or no known role');
  return {
    subject: payload.sub,
    role: payload.role as Role,
    name: typeof payload.name === 'string' ? payload.name : undefined,
    communityIds: ids(payload.communityIds),
    gridIds: ids(payload.gridIds),
    complexIds: ids(payload.complexIds),
    agency: typeof payload.agency === 'string' ? payload.agency : undefined,
    subgraphs: names(payload.subgraphs),
  };
}

export const IDENTITY_HEADER = 'x-gridhub-identity';
const ISSUER = 'gridhub-gateway';
const ALG = 'EdDSA';

/** The gateway's signing key pair. Only the gateway holds `privateKey`; subgraphs get `publicJwks`. */
export interface IdentityKeys {
  kid: string;
  privateKey: CryptoKey;
  publicJwks: JSONWebKeySet;
}

export async function createIdentityKeys(): Promise<IdentityKeys> {
  const { privateKey, publicKey } = await generateKeyPair(ALG, { crv: 'Ed25519', extractable: true });
  // Unique even for keys made in the same millisecond (a rotation right after a start).
  const kid = `gw-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: ALG, use: 'sig' };
  return { kid, privateKey, publicJwks: { keys: [jwk] } };
}

/** Loads the gateway key pair from `file` (a private JWK), creating it on first start. */
export async function loadOrCreateIdentityKeys(file: string): Promise<IdentityKeys> {
  if (existsSync(file)) {
    const jwk = JSON.parse(readFileSync(file, 'utf8')) as JWK & { kid: string };
    const privateKey = (await importJWK(jwk, ALG)) as CryptoKey;
    const { d: _secret, ...pub } = jwk;
    return { kid: jwk.kid, privateKey, publicJwks: { keys: [{ ...pub, use: 'sig', alg: ALG }] } };
  }
  const keys = await createIdentityKeys();
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ ...(await exportJWK(keys.privateKey)), kid: keys.kid, alg: ALG }), { mode: 0o600 });
  return keys;
}

export interface RotationOptions {
  /** The key to sign with next (default: a new one). */
  next?: IdentityKeys;
  /**
   * How long the next key is published before tokens carry it (default 10 s): subgraphs that read the JWKS see it
   * before its first token arrives.
   */
  stageMs?: number;
  /** How long the previous key stays published after the switch (default 120 s): longer than a token lives. */
  overlapMs?: number;
}

/**
 * The gateway's signing keys through rotations, usable wherever an `IdentityKeys` is (the gateway, the registry,
 * service calls): it signs with the current key and publishes every key a token still in flight may carry. A rotation
 * publishes the next key first, then signs with it, then drops the previous one once no token signed with it can
 * still be valid, so subgraphs accept every token throughout (two keys in the JWKS during the overlap).
 */
export class IdentityKeyRing implements IdentityKeys {
  private current: IdentityKeys;
  private jwks: JSONWebKeySet;
  private rotating: Promise<void> | undefined;

  constructor(keys: IdentityKeys) {
    this.current = keys;
    this.jwks = keys.publicJwks;
  }

  get kid(): string {
    return this.current.kid;
  }

  get privateKey(): CryptoKey {
    return this.current.privateKey;
  }

  /** Every key a valid token may carry; a new object after each change (verifiers rebuild their key set on it). */
  get publicJwks(): JSONWebKeySet {
    return this.jwks;
  }

  /** Replaces the signing key without a refused token; one rotation at a time (a second waits for the first). */
  async rotate(options: RotationOptions = {}): Promise<void> {
    while (this.rotating) await this.rotating;
    this.rotating = this.rotation(options).finally(() => (this.rotating = undefined));
    return this.rotating;
  }

  private async rotation({ next, stageMs = 10_000, overlapMs = 120_000 }: RotationOptions): Promise<void> {
    const incoming = next ?? (await createIdentityKeys());
    const previous = this.jwks.keys.filter((k) => !incoming.publicJwks.keys.some((n) => n.kid === k.kid));
    this.jwks = { keys: [...incoming.publicJwks.keys, ...previous] };
    await sleep(stageMs);
    this.current = incoming;
    await sleep(overlapMs);
    this.jwks = { keys: incoming.publicJwks.keys };
  }
}

/**
 * A short-lived token for one subgraph (audience), carrying the identity. The request id travels in its own header
 * (`x-request-id`), not in the token, so one token serves every request of the same caller to the same subgraph.
 */
export async function signIdentityToken(keys: IdentityKeys, identity: Identity, audience: string, options: { ttlSeconds?: number } = {}): Promise<string> {
  return new SignJWT({ ...identity })
    .setProtectedHeader({ alg: ALG, kid: keys.kid })
    .setIssuer(ISSUER)
    .setAudience(audience)
    .setSubject(identity.subject)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + (options.ttlSeconds ?? 60))
    .sign(keys.privateKey);
}

/** Request headers carrying a signed identity for `audience` (tests and callers that sign once). */
export async function identityHeaders(keys: IdentityKeys, identity: Identity, audience: string): Promise<Record<string, string>> {
  return { [IDENTITY_HEADER]: await signIdentityToken(keys, identity, audience) };
}

/** A stable key for an identity: equal identities (same subject, role and scope lists) give equal keys. */
export const identityKey = (identity: Identity): string =>
  JSON.stringify([identity.subject, identity.role, identity.name, identity.communityIds, identity.gridIds, identity.complexIds, identity.agency, identity.subgraphs]);

export interface IdentityTokenSignerOptions {
  /** Lifetime written into each token (default 60 s). */
  ttlSeconds?: number;
  /** How long a signed token is handed out again (default 30 s): always well inside its lifetime. */
  reuseSeconds?: number;
  /** Most (identity, audience) pairs kept (default 10,000). */
  max?: number;
}

/**
 * Signs a token once per (identity, audience) and hands out the same one for `reuseSeconds`: an EdDSA signature
 * costs ~130 µs, and a request to a subgraph needs one. A token handed out always has at least
 * `ttlSeconds − reuseSeconds` to live, so it does not expire on its way to the subgraph.
 */
export function identityTokenSigner(keys: IdentityKeys, options: IdentityTokenSignerOptions = {}) {
  const ttlSeconds = options.ttlSeconds ?? 60;
  const reuseSeconds = options.reuseSeconds ?? 30;
  if (!(reuseSeconds < ttlSeconds)) throw new Error('reuseSeconds must be shorter than ttlSeconds');
  // Promises, so that concurrent first requests of one caller wait for one signature instead of each signing.
  const tokens = new LRUCache<string, Promise<string>>({ max: options.max ?? 10_000, ttl: reuseSeconds * 1000 });
  return (identity: Identity, audience: string): Promise<string> => {
    // The signing key is part of the key: after a rotation, tokens are signed with the new one.
    const key = `${keys.kid}\n${audience}\n${identityKey(identity)}`;
    let token = tokens.get(key);
    if (!token) {
      token = signIdentityToken(keys, identity, audience, { ttlSeconds });
      tokens.set(key, token);
      token.catch(() => tokens.delete(key));
    }
    return token;
  };
}

/**
 * Where a subgraph finds the gateway's public keys: given inline (or read on each verification from the gateway's
 * key ring in the same process, so rotations reach it), or fetched from the gateway's JWKS URL.
 */
export type IdentityVerification = { publicKeys: JSONWebKeySet | (() => JSONWebKeySet) } | { jwksUrl: string };

/** How long a subgraph waits between two JWKS fetches when a token names a key it does not know. */
const JWKS_REFETCH_MS = 1_000;
/** How long a subgraph keeps the JWKS it fetched: a retired key is refused within this time. */
const JWKS_MAX_AGE_MS = 60_000;

/** The key lookup of a verifier: a local set rebuilt when the published keys change, or the remote JWKS. */
function keyLookup(source: IdentityVerification): JWTVerifyGetKey {
  if ('jwksUrl' in source) return createRemoteJWKSet(new URL(source.jwksUrl), { cooldownDuration: JWKS_REFETCH_MS, cacheMaxAge: JWKS_MAX_AGE_MS });
  const published = typeof source.publicKeys === 'function' ? source.publicKeys : () => source.publicKeys as JSONWebKeySet;
  let seen: JSONWebKeySet | undefined;
  let lookup: JWTVerifyGetKey | undefined;
  return (header, token) => {
    const jwks = published();
    if (jwks !== seen || !lookup) [seen, lookup] = [jwks, createLocalJWKSet(jwks)];
    return lookup(header, token);
  };
}

export interface IdentityVerifierOptions {
  /** Most verified tokens kept (default 10,000); the least recently used go first. */
  cacheSize?: number;
  /** The clock, in ms since the epoch (tests move it past a token's expiry). */
  now?: () => number;
}

/**
 * Verifies signature, issuer, audience and expiry; a missing, forged, expired or misaddressed token is UNAUTHENTICATED.
 * A token that verified is remembered, byte for byte, until it expires (bounded LRU): the gateway sends the same
 * token for a caller's requests for a while, and an EdDSA verification costs ~175 µs. Only tokens that passed every
 * check are remembered, and only by this verifier (one audience), so a forged or misaddressed token is always
 * checked in full, and a remembered one is refused once its `exp` has passed.
 */
export function identityVerifier(source: IdentityVerification, audience: string, options: IdentityVerifierOptions = {}) {
  const keys = keyLookup(source);
  const remote = 'jwksUrl' in source;
  const now = options.now ?? Date.now;
  const verified = new LRUCache<string, { identity: Identity; expiresAt: number }>({ max: options.cacheSize ?? 10_000 });
  return async (token: string | undefined): Promise<Identity> => {
    if (!token) throw unauthenticated('missing identity token: requests reach subgraphs through the gateway');
    const hit = verified.get(token);
    if (hit) {
      if (now() < hit.expiresAt) return hit.identity;
      verified.delete(token);
    }
    let identity: Identity;
    let expiresAt: number;
    const check = () => jwtVerify(token, keys, { issuer: ISSUER, audience, algorithms: [ALG], currentDate: new Date(now()) });
    try {
      // A key the subgraph has not fetched yet (the gateway rotated within the refetch pause): fetched once more after it.
      const { payload } = await check().catch(async (err: { code?: string }) => {
        if (!remote || err.code !== 'ERR_JWKS_NO_MATCHING_KEY') throw err;
        await sleep(JWKS_REFETCH_MS);
        return check();
      });
      identity = frozen(identityFromClaims(payload));
      expiresAt = (payload.exp ?? 0) * 1000;
    } catch (err) {
      throw unauthenticated(`identity token refused: ${(err as Error).message}`);
    }
    verified.set(token, { identity, expiresAt });
    return identity;
  };
}

/** One identity object serves every request that presents the same token: no request may change it for the next. */
function frozen(identity: Identity): Identity {
  for (const list of [identity.communityIds, identity.gridIds, identity.complexIds, identity.subgraphs]) if (list) Object.freeze(list);
  return Object.freeze(identity);
}
