import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
  const kid = `gw-${Date.now().toString(36)}`;
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
    const key = `${audience}\n${identityKey(identity)}`;
    let token = tokens.get(key);
    if (!token) {
      token = signIdentityToken(keys, identity, audience, { ttlSeconds });
      tokens.set(key, token);
      token.catch(() => tokens.delete(key));
    }
    return token;
  };
}

/** Where a subgraph finds the gateway's public keys: given inline, or fetched from the gateway's JWKS URL. */
export type IdentityVerification = { publicKeys: JSONWebKeySet } | { jwksUrl: string };

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
  const keys: JWTVerifyGetKey = 'publicKeys' in source ? createLocalJWKSet(source.publicKeys) : createRemoteJWKSet(new URL(source.jwksUrl));
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
    try {
      const { payload } = await jwtVerify(token, keys, { issuer: ISSUER, audience, algorithms: [ALG], currentDate: new Date(now()) });
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
