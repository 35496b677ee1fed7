import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clientTokenVerifier } from '@gridhub/kit';
import { runKeys, serviceTokenLifetimes } from './serve';
import { subgraphNamed } from './subgraphs';

describe('gridhub keys', () => {
  it('writes the gateway key, the token secret and one fixed service token per calling subgraph, and no service signing key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gridhub-keys-'));
    try {
      await runKeys({ dir }, () => undefined);
      const files = readdirSync(dir).sort();
      expect(files).toEqual(
        ['gateway-identity.jwk', 'jwt-secret', 'mysql-root-password', 'service-token-complex', 'service-token-powergrid', 'service-token-subdistrict'].sort(),
      );
      const secret = { secret: readFileSync(join(dir, 'jwt-secret'), 'utf8').trim() };
      // As `gridhub serve gateway` verifies them: the year-long lifetime is accepted for the service subjects only.
      const verify = clientTokenVerifier(secret, { maxLifetimeOf: serviceTokenLifetimes() });
      await expect(clientTokenVerifier(secret)(`Bearer ${readFileSync(join(dir, 'service-token-complex'), 'utf8')}`)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
      for (const service of ['subdistrict', 'complex', 'powergrid']) {
        const identity = await verify(`Bearer ${readFileSync(join(dir, `service-token-${service}`), 'utf8')}`);
        const { subject, role } = subgraphNamed(service).calls!.identity;
        expect(identity).toMatchObject({ subject, role });
      }
      // A second run keeps every existing secret.
      const before = readFileSync(join(dir, 'service-token-complex'), 'utf8');
      await runKeys({ dir }, () => undefined);
      expect(readFileSync(join(dir, 'service-token-complex'), 'utf8')).toBe(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
