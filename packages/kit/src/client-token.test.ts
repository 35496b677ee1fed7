import { SignJWT } from 'jose';
import { CLIENT_TOKEN_AUDIENCE, CLIENT_TOKEN_ISSUER, clientTokenVerifier, issueClientToken, parseLifetime, SERVICE_KEY_PREFIX, serviceKeyFile, serviceTokenMinter } from './client-token';
import { Role, type Identity } from './identity';

const secret = 'client-token-test-secret-long-enough-for-hs256';
const alice: Identity = { subject: 'alice', role: Role.SUBDISTRICT_ADMIN, name: 'Alice' };
const bearer = (token: string) => `Bearer ${token}`;

/** Signs whatever claims a hostile or sloppy issuer might, with the right secret. */
function sign(claims: { aud?: string; iat?: number; exp?: number }): Promise<string> {
  let jwt = new SignJWT({ ...alice }).setProtectedHeader({ alg: 'HS256' }).setIssuer(CLIENT_TOKEN_ISSUER).setSubject(alice.subject);
  if (claims.aud) jwt = jwt.setAudience(claims.aud);
  if (claims.iat !== undefined) jwt = jwt.setIssuedAt(claims.iat);
  if (claims.exp !== undefined) jwt = jwt.setExpirationTime(claims.exp);
  return jwt.sign(new TextEncoder().encode(secret));
}

async function refusal(verify: (h: string) => Promise<unknown>, header: string) {
  try {
    await verify(header);
  } catch (err) {
    return { code: (err as { extensions?: { code?: string } }).extensions?.code, message: (err as Error).message };
  }
  throw new Error('the token was accepted');
}

describe('client tokens', () => {
  const nowSec = () => Math.floor(Date.now() / 1000);

  it('issues tokens for the gateway audience with an expiry, and verifies them', async () => {
    const token = await issueClientToken(secret, alice, '2h');
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ aud: CLIENT_TOKEN_AUDIENCE, iss: CLIENT_TOKEN_ISSUER, sub: 'alice' });
    expect((claims.exp as number) - (claims.iat as number)).toBe(7200);
    expect(await clientTokenVerifier({ secret })(bearer(token))).toMatchObject({ subject: 'alice', role: Role.SUBDISTRICT_ADMIN });
  });

  it('refuses a token without exp, without aud or for another audience as UNAUTHENTICATED', async () => {
    const verify = clientTokenVerifier({ secret });
    const iat = nowSec();
    expect(await refusal(verify, bearer(await sign({ aud: CLIENT_TOKEN_AUDIENCE, iat })))).toEqual({ code: 'UNAUTHENTICATED', message: expect.stringContaining('"exp"') });
    expect(await refusal(verify, bearer(await sign({ iat, exp: iat + 60 })))).toEqual({ code: 'UNAUTHENTICATED', message: expect.stringContaining('"aud"') });
    expect(await refusal(verify, bearer(await sign({ aud: 'another-service', iat, exp: iat + 60 })))).toEqual({ code: 'UNAUTHENTICATED', message: expect.stringContaining('"aud"') });
    expect(await verify(bearer(await sign({ aud: CLIENT_TOKEN_AUDIENCE, iat, exp: iat + 60 })))).toMatchObject({ subject: 'alice' });
  });

  it('refuses a token living longer than the maximum (24 h unless configured), with or without iat', async () => {
    const iat = nowSec();
    const year = await issueClientToken(secret, alice, '365d');
    expect(await refusal(clientTokenVerifier({ secret }), bearer(year))).toEqual({ code: 'UNAUTHENTICATED', message: expect.stringContaining('at most 86400 s') });
    const noIat = await sign({ aud: CLIENT_TOKEN_AUDIENCE, exp: iat + 2 * 86_400 });
    expect(await refusal(clientTokenVerifier({ secret }), bearer(noIat))).toMatchObject({ code: 'UNAUTHENTICATED' });
    const day = await issueClientToken(secret, alice, '24h');
    expect(await clientTokenVerifier({ secret })(bearer(day))).toMatchObject({ subject: 'alice' });
    expect(await refusal(clientTokenVerifier({ secret }, { maxLifetime: '1h' }), bearer(day))).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await clientTokenVerifier({ secret }, { maxLifetime: '400d' })(bearer(year))).toMatchObject({ subject: 'alice' });
    // a longer maximum for one named subject leaves everyone else's where it was
    expect(await clientTokenVerifier({ secret }, { maxLifetimeOf: { alice: '366d' } })(bearer(year))).toMatchObject({ subject: 'alice' });
    const bobYear = await issueClientToken(secret, { ...alice, subject: 'bob' }, '365d');
    expect(await refusal(clientTokenVerifier({ secret }, { maxLifetimeOf: { alice: '366d' } }), bearer(bobYear))).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('accepts a configured audience instead of the default', async () => {
    const token = await issueClientToken(secret, alice, '1h', 'partner-gateway');
    expect(await refusal(clientTokenVerifier({ secret }), bearer(token))).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await clientTokenVerifier({ secret }, { audience: ['gridhub-gateway', 'partner-gateway'] })(bearer(token))).toMatchObject({ subject: 'alice' });
  });

  it('remembers a verified token only until it expires', async () => {
    let now = Date.now();
    const verify = clientTokenVerifier({ secret }, { now: () => now });
    const token = await issueClientToken(secret, alice, '60s');
    expect(await verify(bearer(token))).toMatchObject({ subject: 'alice' });
    now += 30_000;
    expect(await verify(bearer(token))).toMatchObject({ subject: 'alice' });
    now += 31_000;
    expect(await refusal(verify, bearer(token))).toEqual({ code: 'UNAUTHENTICATED', message: expect.stringContaining('"exp"') });
  });

  it('refuses an oversized Authorization header unread', async () => {
    expect(await refusal(clientTokenVerifier({ secret }), bearer('x'.repeat(10_000)))).toEqual({ code: 'UNAUTHENTICATED', message: expect.stringContaining('longer than') });
  });

  it('reads lifetimes as seconds or with a unit', () => {
    expect([90, '90', '90s', '15m', '12h', '30d'].map(parseLifetime)).toEqual([90, 90, 90, 900, 43_200, 2_592_000]);
    expect(() => parseLifetime('1 week')).toThrow(/not a lifetime/);
    expect(() => parseLifetime(0)).toThrow(/not a lifetime/);
  });

  describe('service keys: short-lived service tokens the service mints and re-mints itself', () => {
    const service: Identity = { subject: 'service:complex', role: Role.SERVICE };
    const keyFile = serviceKeyFile(secret, service);

    it('mints a token the gateway accepts as that SERVICE identity, reuses it, and mints the next before expiry', async () => {
      let now = Date.now();
      const mint = serviceTokenMinter(keyFile, { ttlSeconds: 600, renewBeforeSeconds: 200, now: () => now });
      const verify = clientTokenVerifier({ secret }, { now: () => now });
      const first = await mint();
      expect(await verify(bearer(first))).toMatchObject({ subject: 'service:complex', role: Role.SERVICE });
      now += 399_000;
      expect(await mint()).toBe(first);
      now += 1_000; // 200 s before its expiry: the next one
      const second = await mint();
      expect(second).not.toBe(first);
      expect(await verify(bearer(second))).toMatchObject({ subject: 'service:complex' });
      // The old one expires on its own; the process already holds the new one.
      now += 201_000;
      expect(await refusal(verify, bearer(first))).toEqual({ code: 'UNAUTHENTICATED', message: expect.stringContaining('"exp"') });
      expect(await verify(bearer(second))).toMatchObject({ subject: 'service:complex' });
    });

    it('signs its own SERVICE identity only: another subject, an admin role or a longer life is refused', async () => {
      const verify = clientTokenVerifier({ secret });
      const { key } = JSON.parse(keyFile.slice(SERVICE_KEY_PREFIX.length)) as { key: string };
      const forge = (identity: Identity) => serviceTokenMinter(`${SERVICE_KEY_PREFIX}${JSON.stringify({ identity, key })}`)();
      // The complex's key, used to claim another service, or an administrator, under its own subject.
      expect((await refusal(verify, bearer(await forge({ subject: 'service:powergrid', role: Role.SERVICE })))).code).toBe('UNAUTHENTICATED');
      expect((await refusal(verify, bearer(await forge({ subject: 'service:complex', role: Role.SUBDISTRICT_ADMIN })))).code).toBe('UNAUTHENTICATED');
      // Longer than 15 minutes, signed with the right key.
      const now = Math.floor(Date.now() / 1000);
      const long = await new SignJWT({ ...service })
        .setProtectedHeader({ alg: 'HS256', kid: 'service-key:service:complex' })
        .setIssuer(CLIENT_TOKEN_ISSUER).setAudience(CLIENT_TOKEN_AUDIENCE).setSubject(service.subject).setIssuedAt(now).setExpirationTime(now + 3600)
        .sign(new TextEncoder().encode(key));
      expect(await refusal(verify, bearer(long))).toEqual({ code: 'UNAUTHENTICATED', message: expect.stringContaining('at most 900 s') });
      // No service key for a role that is not SERVICE.
      expect(() => serviceKeyFile(secret, alice)).toThrow(/not a SERVICE identity/);
    });
  });
});
