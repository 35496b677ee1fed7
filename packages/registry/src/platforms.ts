import { identityHeaders, Role, type IdentityKeys } from '@gridhub/kit';
import { registryError, type RegistryError } from './errors';

/** A smart platform as the subdistrict subgraph lists it (`platforms`): what a subgraph publishing for it is linked to. */
export interface PlatformInfo {
  code: string;
  name: string;
  tier: string;
  vendor: string;
}

/** Reads reference data only: the read-only role is enough. */
const REGISTRY = { subject: 'gridhub-registry', role: Role.AUDITOR };
/** The subgraph that owns `Platform`. */
export const PLATFORM_OWNER = 'subdistrict';

/**
 * The platform of that code, asked of the subdistrict subgraph at `url` (signed like the gateway's calls); an unknown
 * code is INVALID_INPUT naming the known ones.
 */
export async function lookUpPlatform(code: string, url: string, keys: IdentityKeys | undefined): Promise<{ ok: true; platform: PlatformInfo } | { ok: false; error: RegistryError }> {
  const fail = (message: string) => ({ ok: false as const, error: registryError('INVALID_INPUT', message) });
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(keys ? await identityHeaders(keys, REGISTRY, PLATFORM_OWNER) : {}) },
      body: JSON.stringify({ query: '{ platforms { code name tier vendor } }' }),
      signal: AbortSignal.timeout(5_000),
    });
    const body = (await res.json().catch(() => undefined)) as { data?: { platforms?: PlatformInfo[] } } | undefined;
    const platforms = body?.data?.platforms;
    if (!platforms) return fail(`platform "${code}" could not be looked up: the ${PLATFORM_OWNER} subgraph answered HTTP ${res.status} without platforms`);
    const platform = platforms.find((p) => p.code === code);
    return platform ? { ok: true, platform } : fail(`no platform has the code "${code}" (known: ${platforms.map((p) => p.code).join(', ')})`);
  } catch (err) {
    return fail(`platform "${code}" could not be looked up: ${(err as Error).message}`);
  }
}
