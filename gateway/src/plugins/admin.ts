import type { IncomingMessage, ServerResponse } from 'node:http';
import { Action, BodyTooLarge, can, readBody, sendJson, type Identity, type Route } from '@gridhub/kit';
import type { Change, Registry, RegistryError, RegistryErrorCode, SubgraphInput } from '@gridhub/registry';
import type { ServedSupergraph } from '../supergraph/hot-swap';
import type { GatewayPlugin } from './plugin';

export interface AdminOptions {
  registry: Registry;
  /** The gateway's caller authentication (client JWT); admin routes need a SUBDISTRICT_ADMIN. */
  authenticate?(req: IncomingMessage): Promise<Identity | undefined> | Identity | undefined;
  /** The supergraph this gateway serves (reported next to the registry's current version). */
  served(): ServedSupergraph | undefined;
  /** Largest request body (SDLs included), in bytes (default 5 MiB). */
  maxBodyBytes?: number;
}

/** HTTP status of a refused registry operation, by the first error's code. */
const STATUS: Record<RegistryErrorCode, number> = {
  INVALID_INPUT: 400,
  INVALID_SDL: 400,
  SDL_FETCH_FAILED: 502,
  COMPOSITION_ERROR: 422,
  BREAKING_CHANGE: 422,
  EMPTY_GRAPH: 422,
  NOT_FOUND: 404,
  CONFLICT: 409,
  NOT_OWNER: 403,
  FIELD_OWNERSHIP: 422,
  PERSONAL_DATA_UNDECLARED: 422,
};

const refusal = (res: ServerResponse, errors: RegistryError[]) => sendJson(res, STATUS[errors[0]!.code] ?? 422, { ok: false, errors });
const fail = (res: ServerResponse, status: number, code: string, message: string) => sendJson(res, status, { ok: false, errors: [{ code, message }] });

class BadRequest extends Error {}

type Body = Record<string, unknown>;

/** `{ subgraph: {…} }` or `{ subgraphs: [{…}] }`: the subgraphs of a publish or of a check. */
function subgraphsOf(body: Body): SubgraphInput[] {
  const list = body.subgraphs ?? (body.subgraph === undefined ? undefined : [body.subgraph]);
  if (!Array.isArray(list) || list.length === 0 || list.some((s) => typeof s !== 'object' || s === null)) {
    throw new BadRequest('expected { "subgraph": { "name", "url", "sdl"? … } } or { "subgraphs": [ … ] }');
  }
  return list as SubgraphInput[];
}

function changeOf(body: Body): Change {
  if (typeof body.remove === 'string') return { kind: 'remove', name: body.remove };
  return { kind: 'publish', subgraphs: subgraphsOf(body) };
}

/** `allowBreaking` must be the literal `true`: an intentional break is never inferred. */
const allowBreakingOf = (body: Body) => ({ allowBreaking: body.allowBreaking === true });

/**
 * The registry's admin API, JSON over plain HTTP under `/admin/` (SUBDISTRICT_ADMIN; 401 without a valid
 * token, 403 for any other role). A VENDOR may use the routes marked (v), on the subgraph names it owns only
 * (NOT_OWNER otherwise; the registry decides). Refusals carry `{ ok: false, errors: [{ code, message, location? }] }`.
 *
 * | route | does |
 * |---|---|
 * | `GET /admin/subgraphs` | the subgraphs of the current version |
 * | (v) `POST /admin/subgraphs/check` | `{ subgraph | subgraphs | remove, allowBreaking? }` → the check result (200 either way) |
 * | (v) `POST /admin/subgraphs/publish` | `{ subgraph | subgraphs, allowBreaking? }` → the new version (or 4xx, nothing written) |
 * | (v) `POST /admin/subgraphs/remove` | `{ name, allowBreaking? }` → the new version |
 * | `GET /admin/supergraph` | the current version and the one this gateway serves |
 * | (v) `GET /admin/supergraph/history?limit=N` | versions, newest first |
 * | `POST /admin/supergraph/rollback` | `{ version }` → a copy of that version as the newest |
 * | `GET /admin/supergraph/sdl?version=N` | the supergraph SDL (text), current unless `version` is given |
 */
export function useAdmin(options: AdminOptions): GatewayPlugin {
  const { registry } = options;
  const maxBody = options.maxBodyBytes ?? 5 * 1024 * 1024;

  /** Runs `handle` for an administrator; answers 401/403/400 otherwise. */
  const admin =
    (method: Route['method'], path: string, handle: (ctx: { identity: Identity; body: Body; query: URLSearchParams; res: ServerResponse }) => Promise<void>, vendors = false): Route => ({
      method,
      path: `/admin${path}`,
      async handle(req, res) {
        let identity: Identity | undefined;
        try {
          identity = await options.authenticate?.(req);
        } catch (err) {
          return fail(res, 401, 'UNAUTHENTICATED', (err as Error).message);
        }
        if (!identity) return fail(res, 401, 'UNAUTHENTICATED', 'send an administrator token: Authorization: Bearer <token>');
        if (!can(identity, Action.REGISTRY_ADMIN) && !(vendors && can(identity, Action.REGISTRY_OWN))) return fail(res, 403, 'FORBIDDEN', `your role (${identity.role}) may not use the registry admin API`);
        try {
          let body: Body = {};
          if (method === 'POST') {
            const raw = await readBody(req, maxBody);
            const parsed: unknown = raw.length ? JSON.parse(raw.toString('utf8')) : {};
            if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new BadRequest('the body must be a JSON object');
            body = parsed as Body;
          }
          await handle({ identity, body, query: new URL(req.url ?? '/', 'http://localhost').searchParams, res });
        } catch (err) {
          if (err instanceof BadRequest) return fail(res, 400, 'BAD_USER_INPUT', err.message);
          if (err instanceof SyntaxError) return fail(res, 400, 'BAD_USER_INPUT', `the body is not JSON: ${err.message}`);
          if (err instanceof BodyTooLarge) return fail(res, 413, 'BAD_USER_INPUT', `the body exceeds ${maxBody} bytes`);
          throw err;
        }
      },
    });

  const versionParam = (raw: unknown): number => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n <= 0) throw new BadRequest('version must be a positive integer');
    return n;
  };

  return {
    name: 'admin',
    routes: [
      admin('GET', '/subgraphs', async ({ res }) => sendJson(res, 200, { subgraphs: await registry.list() })),
      admin('POST', '/subgraphs/check', async ({ identity, body, res }) =>
        sendJson(res, 200, await registry.check(changeOf(body), { ...allowBreakingOf(body), publisher: identity })), true),
      admin('POST', '/subgraphs/publish', async ({ identity, body, res }) => {
        const result = await registry.publish(subgraphsOf(body), identity.subject, { ...allowBreakingOf(body), publisher: identity });
        if (!result.ok) return refusal(res, result.errors);
        sendJson(res, result.unchanged ? 200 : 201, result);
      }, true),
      admin('POST', '/subgraphs/remove', async ({ identity, body, res }) => {
        if (typeof body.name !== 'string') throw new BadRequest('expected { "name": "<subgraph>" }');
        const result = await registry.remove(body.name, identity.subject, { ...allowBreakingOf(body), publisher: identity });
        if (!result.ok) return refusal(res, result.errors);
        sendJson(res, 201, result);
      }, true),
      admin('GET', '/supergraph', async ({ res }) => {
        const [latest] = await registry.history({ limit: 1 });
        sendJson(res, 200, { current: latest ?? null, served: options.served() ?? null });
      }),
      admin('GET', '/supergraph/history', async ({ identity, query, res }) => {
        const limit = query.has('limit') ? versionParam(query.get('limit')) : undefined;
        sendJson(res, 200, { versions: await registry.history({ limit, publisher: identity }) });
      }, true),
      admin('POST', '/supergraph/rollback', async ({ identity, body, res }) => {
        const result = await registry.rollback(versionParam(body.version), identity.subject);
        if (!result.ok) return refusal(res, result.errors);
        sendJson(res, 201, result);
      }),
      admin('GET', '/supergraph/sdl', async ({ query, res }) => {
        const version = query.has('version') ? await registry.version(versionParam(query.get('version'))) : await registry.current();
        if (!version) return fail(res, 404, 'NOT_FOUND', 'no such supergraph version');
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'x-gridhub-supergraph-version': String(version.version) });
        res.end(version.supergraphSdl);
      }),
    ],
  };
}
