import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256Hex } from '@gridhub/gateway';
import { ConfigError, DEV_CORS_ORIGINS, loadConfig, loadServiceConfig } from './config';
import { SERVICE_DOCUMENTS, trustedManifest } from './serve';

const subgraphs = ['community', 'subdistrict', 'complex', 'powergrid'];

describe('loadServiceConfig (gridhub serve)', () => {
  it('reports every missing or malformed value at once, naming the variable', () => {
    const load = () =>
      loadServiceConfig('subdistrict', subgraphs, ['community'], { NODE_ENV: 'production', GRIDHUB_SUBDISTRICT_PORT: 'http', GRIDHUB_MIGRATE_ON_START: 'maybe' });
    expect(load).toThrow(ConfigError);
    let message = '';
    try {
      load();
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('invalid configuration for subdistrict');
    for (const name of ['GRIDHUB_SUBDISTRICT_PORT=http', 'GRIDHUB_MIGRATE_ON_START=maybe', 'GRIDHUB_DATABASE_URL: required', 'GRIDHUB_GATEWAY_URL: required', 'GRIDHUB_IDENTITY_JWKS_URL', 'GRIDHUB_SERVICE_TOKEN_FILE']) {
      expect(message).toContain(name);
    }
  });

  it('gives subgraphs the gateway public keys URL, their port, their service token and the gateway as the way to the subgraphs they call', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gridhub-config-'));
    writeFileSync(join(dir, 'token'), 'service-token\n');
    const config = loadServiceConfig('subdistrict', subgraphs, ['community'], {
      GRIDHUB_DATABASE_URL: 'mysql://gridhub@db:3306/gridhub',
      GRIDHUB_IDENTITY_JWKS_URL: 'http://gateway:4000/.well-known/jwks.json',
      GRIDHUB_SERVICE_TOKEN_FILE: join(dir, 'token'),
      GRIDHUB_GATEWAY_URL: 'http://gateway:4000/graphql',
    });
    expect(config).toMatchObject({
      port: 4002, urls: { community: 'http://gateway:4000/graphql' }, serviceToken: 'service-token', migrateOnStart: false, shutdownGraceMs: 10_000,
    });
    rmSync(dir, { recursive: true, force: true });
  });

  it('requires a client-token verifier and, in production, the signing key file at the gateway', () => {
    expect(() => loadServiceConfig('gateway', subgraphs, [], { NODE_ENV: 'production', GRIDHUB_DATABASE_URL: 'mysql://db/gridhub' })).toThrow(
      /GRIDHUB_JWT_SECRET or GRIDHUB_JWT_JWKS_URL[\s\S]*GRIDHUB_IDENTITY_KEY_FILE/,
    );
    expect(() => loadServiceConfig('gateway', subgraphs, [], { GRIDHUB_DATABASE_URL: 'postgres://db/x', GRIDHUB_JWT_SECRET: 'x'.repeat(32) })).toThrow(
      /GRIDHUB_DATABASE_URL=postgres:\/\/db\/x: expected a mysql: URL/,
    );
  });
});

describe('GRIDHUB_TRUSTED_DOCUMENTS', () => {
  const gateway = { GRIDHUB_JWT_SECRET: 'x'.repeat(32), GRIDHUB_DATABASE_URL: 'mysql://db/gridhub', GRIDHUB_IDENTITY_KEY_FILE: '/run/secrets/key' };

  it('is required in production: registered documents only, unless told `off`', () => {
    expect(() => loadServiceConfig('gateway', subgraphs, [], { ...gateway, NODE_ENV: 'production' })).toThrow(/GRIDHUB_TRUSTED_DOCUMENTS: required when NODE_ENV=production/);
    expect(loadServiceConfig('gateway', subgraphs, [], { ...gateway, NODE_ENV: 'production', GRIDHUB_TRUSTED_DOCUMENTS: 'off' }).trustedDocumentsFile).toBeUndefined();
    expect(loadServiceConfig('gateway', subgraphs, [], { ...gateway, NODE_ENV: 'production', GRIDHUB_TRUSTED_DOCUMENTS: '/etc/gridhub/manifest.json' }).trustedDocumentsFile).toBe('/etc/gridhub/manifest.json');
    // outside production any document runs unless a manifest is given
    expect(loadServiceConfig('gateway', subgraphs, [], gateway).trustedDocumentsFile).toBeUndefined();
  });

  it('registers the services\' own documents beside the manifest\'s, so service calls through a closed gateway still run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gridhub-manifest-'));
    try {
      const doc = 'query Communities { communities { name } }';
      writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ [sha256Hex(doc)]: doc }));
      const manifest = trustedManifest(join(dir, 'manifest.json'));
      expect(Object.keys(manifest).sort()).toEqual([doc, ...SERVICE_DOCUMENTS].map(sha256Hex).sort());
      expect(SERVICE_DOCUMENTS).toEqual([expect.stringContaining('grids(includeRetired: true)'), expect.stringContaining('reportEvent(')]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('GRIDHUB_CORS_ORIGINS', () => {
  const secret = { GRIDHUB_JWT_SECRET: 'x'.repeat(32) };

  it('defaults to the local dev-server origins for gridhub start, and to none in production and for gridhub serve', () => {
    expect(loadConfig({}).corsOrigins).toEqual(DEV_CORS_ORIGINS);
    expect(DEV_CORS_ORIGINS).toContain('http://localhost:5173');
    expect(loadConfig({ NODE_ENV: 'production' }).corsOrigins).toEqual([]);
    expect(loadServiceConfig('gateway', subgraphs, [], secret).corsOrigins).toEqual([]);
  });

  it('takes a comma-separated list, `none`, and reports what is not an origin', () => {
    const env = { ...secret, GRIDHUB_CORS_ORIGINS: 'https://screen.example.gov.cn, http://localhost:8080' };
    expect(loadServiceConfig('gateway', subgraphs, [], env).corsOrigins).toEqual(['https://screen.example.gov.cn', 'http://localhost:8080']);
    expect(loadConfig({ GRIDHUB_CORS_ORIGINS: 'none' }).corsOrigins).toEqual([]);
    expect(() => loadConfig({ GRIDHUB_CORS_ORIGINS: 'screen.example.gov.cn' })).toThrow(/GRIDHUB_CORS_ORIGINS: "screen.example.gov.cn" is not an origin/);
  });

  it('GRIDHUB_TRUSTED_DOCUMENTS names the gateway\'s manifest file', () => {
    const config = loadServiceConfig('gateway', subgraphs, [], { ...secret, GRIDHUB_TRUSTED_DOCUMENTS: 'packages/client/src/generated/persisted-documents.json' });
    expect(config.trustedDocumentsFile).toMatch(/^\/.*packages\/client\/src\/generated\/persisted-documents\.json$/);
  });
});
