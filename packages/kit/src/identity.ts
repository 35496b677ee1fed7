import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  createLocalJWKSet, createRemoteJWKSet, exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT,
  type CryptoKey, type JSONWebKeySet, type JWK, type JWTPayload, type JWTVerifyGetKey,
} from 'jose';
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
}

const ROLES = new Set<string>(Object.values(Role));
const ids = (v: unknown) => (Array.isArray(v) ? v.map(Number).filter(Number.isInteger) : undefined);

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

/** A short-lived token for one subgraph (audience), carrying the identity and the request id. */
export async function signIdentityToken(
  keys: IdentityKeys,
  identity: Identity,
  audience: string,
  options: { requestId?: string; ttlSeconds?: number } = {},
): Promise<string> {
  return new SignJWT({ ...identity, rid: options.requestId })
    .setProtectedHeader({ alg: ALG, kid: keys.kid })
    .setIssuer(ISSUER)
    .setAudience(audience)
    .setSubject(identity.subject)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + (options.ttlSeconds ?? 60))
    .sign(keys.privateKey);
}

/** Request headers carrying a signed identity for `audience` (tests and the gateway's subgraph fetches). */
export async function identityHeaders(keys: IdentityKeys, identity: Identity, audience: string, requestId?: string): Promise<Record<string, string>> {
  return { [IDENTITY_HEADER]: await signIdentityToken(keys, identity, audience, { requestId }) };
}

/** Where a subgraph finds the gateway's public keys: given inline, or fetched from the gateway's JWKS URL. */
export type IdentityVerification = { publicKeys: JSONWebKeySet } | { jwksUrl: string };

export function identityVerifier(source: IdentityVerification, audience: string) {
  const keys: JWTVerifyGetKey = 'publicKeys' in source ? createLocalJWKSet(source.publicKeys) : createRemoteJWKSet(new URL(source.jwksUrl));
  /** Verifies signature, issuer, audience and expiry; a missing, forged, expired or misaddressed token is UNAUTHENTICATED. */
  return async (token: string | undefined): Promise<Identity> => {
    if (!token) throw unauthenticated('missing identity token: requests reach subgraphs through the gateway');
    try {
      const { payload } = await jwtVerify(token, keys, { issuer: ISSUER, audience, algorithms: [ALG] });
      return identityFromClaims(payload);
    } catch (err) {
      throw unauthenticated(`identity token refused: ${(err as Error).message}`);
    }
  };
}
