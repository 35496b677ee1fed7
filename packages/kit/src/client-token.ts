import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createLocalJWKSet, createRemoteJWKSet, jwtVerify, SignJWT, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { unauthenticated } from './errors';
import { identityFromClaims, type Identity } from './identity';

/**
 * Client tokens: what front ends and partner systems present to the gateway (`Authorization: Bearer …`).
 * HS256 with a shared secret in the embedded default; keys from a JWKS (URL or file) in production.
 */
export type ClientTokenSource = { secret: string } | { jwksUrl: string } | { jwks: JSONWebKeySet };

export const CLIENT_TOKEN_ISSUER = 'gridhub';

/** Reads the embedded default's HS256 secret from `file`, generating it on first start. */
export function loadOrCreateSecret(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** Issues an HS256 client token (the `gridhub token` command, tests, the start banner). */
export function issueClientToken(secret: string, identity: Identity, expiresIn: string | number = '12h'): Promise<string> {
  return new SignJWT({ ...identity })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(CLIENT_TOKEN_ISSUER)
    .setSubject(identity.subject)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}

/** Turns an `Authorization` header into an identity, or throws UNAUTHENTICATED with the reason. */
export function clientTokenVerifier(source: ClientTokenSource) {
  const key: Uint8Array | JWTVerifyGetKey =
    'secret' in source
      ? new TextEncoder().encode(source.secret)
      : 'jwks' in source
        ? createLocalJWKSet(source.jwks)
        : createRemoteJWKSet(new URL(source.jwksUrl));
  const algorithms = 'secret' in source ? ['HS256'] : ['RS256', 'ES256', 'EdDSA'];
  return async (authorization: string | undefined): Promise<Identity> => {
    const token = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (!token) throw unauthenticated('send a token: Authorization: Bearer <token> (see `gridhub token --help`)');
    let payload;
    try {
      // The typed overloads differ for a key and a key set; both verify signature, issuer and expiry.
      payload = (await jwtVerify(token, key as Uint8Array, { issuer: CLIENT_TOKEN_ISSUER, algorithms })).payload;
    } catch (err) {
      throw unauthenticated(`token refused: ${(err as Error).message}`);
    }
    try {
      return identityFromClaims(payload);
    } catch (err) {
      throw unauthenticated((err as Error).message);
    }
  };
}
