import { identityHeaders, Role, type IdentityKeys } from '@gridhub/kit';
import { registryError, type RegistryError } from './errors';

export interface SdlFetchOptions {
  /** The gateway's signing keys: the request carries an identity token for the subgraph, as the gateway's would. */
  identityKeys?: IdentityKeys;
  timeoutMs?: number;
}

/** Reads no data, so the read-only role is enough (and worth nothing if the token leaks). */
const REGISTRY = { subject: 'gridhub-registry', role: Role.AUDITOR };

/** Fetches a subgraph's SDL from its `_service { sdl }` field; failures are SDL_FETCH_FAILED results. */
export async function fetchSubgraphSdl(
  name: string,
  url: string,
  options: SdlFetchOptions = {},
): Promise<{ ok: true; sdl: string } | { ok: false; error: RegistryError }> {
  const fail = (why: string) => ({ ok: false as const, error: registryError('SDL_FETCH_FAILED', `subgraph "${name}": ${why}`, { subgraph: name }) });
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(options.identityKeys ? await identityHeaders(options.identityKeys, REGISTRY, name) : {}),
      },
      body: JSON.stringify({ query: '{ service: _service { sdl } }' }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
    });
    const body = (await res.json().catch(() => undefined)) as { data?: { service?: { sdl?: string } }; errors?: { message: string }[] } | undefined;
    const sdl = body?.data?.service?.sdl;
    if (typeof sdl === 'string' && sdl.trim()) return { ok: true, sdl };
    return fail(`HTTP ${res.status}${body?.errors?.length ? `: ${body.errors.map((e) => e.message).join('; ')}` : ', no SDL in the answer'}`);
  } catch (err) {
    return fail((err as Error).name === 'TimeoutError' ? 'timed out' : `unreachable (${(err as Error).message})`);
  }
}
