import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { subgraphs } from '@gridhub/cli';

/**
 * The compose file is written by hand (its comments and health checks are for people), but its services are checked
 * against THE subgraph list (cli/src/subgraphs.ts): a subgraph added there and not here — or served with the wrong
 * port, URL or service key — fails this test, so the production layout cannot drift from the definitions.
 */
interface Service {
  command?: string[];
  environment?: Record<string, string>;
  secrets?: string[];
  depends_on?: Record<string, unknown>;
}
const compose = parse(readFileSync(join(__dirname, '..', 'docker', 'compose.yaml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
  secrets: Record<string, unknown>;
};
const served = (what: string) => Object.entries(compose.services).filter(([, s]) => s.command?.[0] === 'serve' && s.command[1] === what);

describe('docker/compose.yaml against the subgraph definitions', () => {
  it.each(subgraphs.map((d) => [d.name, d] as const))('serves %s as its definition says', (name, definition) => {
    const services = served(name);
    expect(services.map(([key]) => key)).toEqual([name]);
    const [, service] = services[0]!;
    expect(service.environment).toMatchObject({
      [`GRIDHUB_${name.toUpperCase()}_PORT`]: '4000',
      GRIDHUB_PUBLIC_URL: `http://${name}:4000/graphql`,
    });
    if (definition.calls) {
      // A subgraph that calls others mints its SERVICE tokens from its own key, and reaches them through the gateways.
      expect(service.environment!.GRIDHUB_SERVICE_TOKEN_FILE).toBe(`/run/secrets/service-token-${name}`);
      expect(service.secrets).toContain(`service-token-${name}`);
      expect(compose.secrets).toHaveProperty(`service-token-${name}`);
      expect(service.environment!.GRIDHUB_GATEWAY_URL).toMatch(/^http:\/\/nginx:8080\/graphql$/);
    } else {
      expect(service.environment!.GRIDHUB_SERVICE_TOKEN_FILE).toBeUndefined();
    }
  });

  it('runs nothing but the known services, and two gateway replicas that wait for every subgraph', () => {
    const known = new Set(['gateway', ...subgraphs.map((d) => d.name)]);
    const servedNames = Object.values(compose.services).filter((s) => s.command?.[0] === 'serve').map((s) => s.command![1]!);
    expect(servedNames.filter((n) => !known.has(n))).toEqual([]);
    const gateways = served('gateway');
    expect(gateways.map(([key]) => key).sort()).toEqual(['gateway-a', 'gateway-b']);
    for (const [, gateway] of gateways) {
      expect(Object.keys(gateway.depends_on ?? {})).toEqual(expect.arrayContaining(subgraphs.map((d) => d.name)));
      expect(gateway.environment).toMatchObject({ GRIDHUB_REDIS_URL: 'redis://redis:6379' });
    }
  });
});
