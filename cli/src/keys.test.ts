import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clientTokenVerifier, issueClientToken, Role, SERVICE_KEY_PREFIX, serviceTokenMinter } from '@gridhub/kit';
import { runKeys } from './serve';
import { subgraphNamed } from './subgraphs';

describe('gridhub keys', () => {
  it('writes the gateway key, the token secret and one service key per calling subgraph, no long-lived token', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gridhub-keys-'));
    try {
      await runKeys({ dir }, () => undefined);
      const files = readdirSync(dir).sort();
      expect(files).toEqual(
        ['gateway-identity.jwk', 'jwt-secret', 'mysql-root-password', 'service-token-complex', 'service-token-powergrid', 'service-token-subdistrict'].sort(),
      );
      const secret = { secret: readFileSync(join(dir, 'jwt-secret'), 'utf8').trim() };
      // As `gridhub serve gateway` verifies them (the default lifetime bound: no exception for services any more).
      const verify = clientTokenVerifier(secret);
      for (const service of ['subdistrict', 'complex', 'powergrid']) {
        const key = readFileSync(join(dir, `service-token-${service}`), 'utf8');
        expect(key.startsWith(SERVICE_KEY_PREFIX)).toBe(true);
        // The service mints its own short-lived token from it; the gateway accepts it as that SERVICE identity.
        const identity = await verify(`Bearer ${await serviceTokenMinter(key)()}`);
        const { subject, role } = subgraphNamed(service).calls!.identity;
        expect(identity).toMatchObject({ subject, role: Role.SERVICE });
        expect(role).toBe(Role.SERVICE);
      }
      // A second run keeps every existing secret.
      const before = readFileSync(join(dir, 'service-token-complex'), 'utf8');
      await runKeys({ dir }, () => undefined);
      expect(readFileSync(join(dir, 'service-token-complex'), 'utf8')).toBe(before);
      // A year-long service token an earlier version wrote is replaced by the key; a token from elsewhere is kept.
      writeFileSync(join(dir, 'service-token-complex'), await issueClientToken(secret.secret, subgraphNamed('complex').calls!.identity, '365d'));
      writeFileSync(join(dir, 'service-token-powergrid'), 'issued-by-the-identity-provider');
      await runKeys({ dir }, () => undefined);
      expect(readFileSync(join(dir, 'service-token-complex'), 'utf8')).toBe(before);
      expect(readFileSync(join(dir, 'service-token-powergrid'), 'utf8')).toBe('issued-by-the-identity-provider');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
