import { Action, can, createLogger, openDatabase, type DatabaseConfig, type Identity, type IdentityKeys, type Logger } from '@gridhub/kit';
import type { DataSource } from 'typeorm';
import { apiSchemaOf, composeSubgraphs, parseSdl, validateSupergraph } from './compose';
import { diffApiSchemas } from './diff';
import { registryError, type RegistryError } from './errors';
import { SupergraphVersionEntity } from './entities/supergraph-version.entity';
import { VersionSubgraphEntity } from './entities/version-subgraph.entity';
import { migrations as mysql } from './migrations/mysql';
import { migrations as sqlite } from './migrations/sqlite';
import { lookUpPlatform, PLATFORM_OWNER } from './platforms';
import { ownershipProblems, privacyProblems } from './privacy';
import { fetchSubgraphSdl } from './sdl-fetch';
import type {
  Change, CheckOptions, CheckResult, PublishResult, RollbackResult, SchemaChange, SubgraphInput, SubgraphRecord, SupergraphVersion,
  VersionAction, VersionSummary,
} from './types';

export const registryEntities = [SupergraphVersionEntity, VersionSubgraphEntity];
export const registryMigrations = { sqlite, mysql };

/** The database the registry lives in: `hub.sqlite` in the data folder, or `<prefix>_hub` on MySQL. */
export const REGISTRY_DATABASE = 'hub';

export interface RegistryOptions {
  database: DatabaseConfig;
  /** Signs the identity token sent with `_service { sdl }` when a publish gives no SDL. */
  identityKeys?: IdentityKeys;
  log?: Logger;
  /** Attempts when another publish takes the next version number first (default 5). */
  maxAttempts?: number;
  /**
   * Subgraphs built and reviewed in the hub's repository (the CLI's list): their fields are held to the policy by the
   * repository's own tests (test/access-policy.e2e.test.ts checks every personal value for its mask), so the
   * name-and-type privacy heuristics run on every other subgraph only. The ownership check runs on all.
   */
  reviewed?: readonly string[];
}

/** A change whose SDLs are all at hand (fetched where none was given). */
type ResolvedChange = { kind: 'publish'; subgraphs: SubgraphRecord[] } | { kind: 'remove'; name: string };

const NAME = /^[a-z][a-z0-9_-]{0,63}$/;

/** Opens (and migrates) the hub database. */
export async function openRegistry(options: RegistryOptions): Promise<Registry> {
  const db = await openDatabase({ ...options.database, name: REGISTRY_DATABASE, entities: registryEntities, migrations: registryMigrations, log: options.log });
  return new Registry(db, options);
}

/**
 * Subgraphs and the supergraph versions composed from them. `check` never writes; `publish`, `remove` and
 * `rollback` write one new version or nothing. Refusals are results (`{ ok: false, errors }`); only infrastructure
 * failures (the database is gone) throw.
 */
export class Registry {
  private readonly log: Logger;

  constructor(
    readonly db: DataSource,
    private readonly options: Omit<RegistryOptions, 'database'> = {},
  ) {
    this.log = options.log ?? createLogger('registry');
  }

  /** The newest version number, cheaply (what the gateway polls); undefined before the first publish. */
  async headVersion(): Promise<number | undefined> {
    const row = await this.db.getRepository(SupergraphVersionEntity).createQueryBuilder('v').select('MAX(v.version)', 'head').getRawOne<{ head: number | null }>();
    return row?.head == null ? undefined : Number(row.head);
  }

  /** The version being served: the newest one. */
  async current(): Promise<SupergraphVersion | undefined> {
    const head = await this.headVersion();
    return head === undefined ? undefined : this.version(head);
  }

  async version(version: number): Promise<SupergraphVersion | undefined> {
    const row = await this.db.getRepository(SupergraphVersionEntity).findOneBy({ version });
    if (!row) return undefined;
    const subgraphs = await this.db.getRepository(VersionSubgraphEntity).find({ where: { version }, order: { name: 'ASC' } });
    const { subgraphs: _names, ...summary } = summaryOf(row, []);
    return { ...summary, supergraphSdl: row.supergraphSdl, subgraphs: subgraphs.map(recordOf) };
  }

  /** The subgraphs of the current version. */
  async list(): Promise<SubgraphRecord[]> {
    return (await this.current())?.subgraphs ?? [];
  }

  /** Published versions, newest first. */
  async history(options: { limit?: number; publisher?: Identity } = {}): Promise<VersionSummary[]> {
    if (options.publisher && !can(options.publisher, Action.REGISTRY_ADMIN)) {
      // A vendor reads the versions that changed its own subgraphs, and nothing else.
      const own = new Set(can(options.publisher, Action.REGISTRY_OWN) ? (options.publisher.subgraphs ?? []) : []);
      const all = await this.history({});
      return all.filter((v) => namesChangedBy(v.summary).some((n) => own.has(n))).slice(0, options.limit);
    }
    const rows = await this.db.getRepository(SupergraphVersionEntity).find({
      select: { version: true, action: true, actor: true, summary: true, createdAt: true, rolledBackFrom: true, changes: true },
      order: { version: 'DESC' },
      take: options.limit,
    });
    if (rows.length === 0) return [];
    const members = await this.db
      .getRepository(VersionSubgraphEntity)
      .createQueryBuilder('s')
      .select(['s.version', 's.name'])
      .where('s.version >= :min', { min: rows[rows.length - 1]!.version })
      .orderBy('s.name')
      .getMany();
    const names = new Map<number, string[]>();
    for (const m of members) names.set(m.version, [...(names.get(m.version) ?? []), m.name]);
    return rows.map((r) => summaryOf(r, names.get(r.version) ?? []));
  }

  /** Composes the current subgraph set with the change applied and compares it with the current version. Writes nothing. */
  async check(change: Change, options: CheckOptions = {}): Promise<CheckResult> {
    const refused = refusedNames(change.kind === 'remove' ? [change.name] : change.subgraphs.map((s) => s.name), options.publisher);
    if (refused) return refused;
    const resolved = await this.resolve(change);
    if (!resolved.ok) return resolved;
    return this.evaluate(await this.current(), resolved.change, options);
  }

  /** Adds or replaces subgraphs: a new version when the check passes (and the set changes), nothing otherwise. */
  async publish(subgraphs: SubgraphInput | SubgraphInput[], actor: string, options: CheckOptions = {}): Promise<PublishResult> {
    const list = Array.isArray(subgraphs) ? subgraphs : [subgraphs];
    const refused = refusedNames(list.map((s) => s.name), options.publisher);
    if (refused) return refused;
    const resolved = await this.resolve({ kind: 'publish', subgraphs: list });
    if (!resolved.ok) return resolved;
    return this.commit('publish', resolved.change, actor, options);
  }

  /** Removes a subgraph: checked like a publish (removing fields clients use is breaking). */
  async remove(name: string, actor: string, options: CheckOptions = {}): Promise<PublishResult> {
    const refused = refusedNames([name], options.publisher);
    if (refused) return refused;
    return this.commit('remove', { kind: 'remove', name }, actor, options);
  }

  /** Makes a copy of an earlier version the newest one (the history keeps every step). */
  async rollback(version: number, actor: string): Promise<RollbackResult> {
    for (let attempt = 0; attempt < (this.options.maxAttempts ?? 5); attempt++) {
      const [target, base] = [await this.version(version), await this.current()];
      if (!target || !base) return { ok: false, errors: [registryError('NOT_FOUND', `supergraph version ${version} does not exist`)] };
      if (target.version === base.version) {
        return { ok: false, errors: [registryError('INVALID_INPUT', `version ${version} is already the current version`)] };
      }
      const valid = validateSupergraph(target.supergraphSdl);
      if (!valid.ok) return { ok: false, errors: [registryError('COMPOSITION_ERROR', `version ${version} no longer builds: ${valid.message}`)] };
      const changes = diffApiSchemas(apiSchemaOf(base.supergraphSdl), apiSchemaOf(target.supergraphSdl));
      const summary = `rollback to version ${version}${countsOf(changes)}`;
      const written = await this.insert(base.version + 1, 'rollback', actor, summary, target.supergraphSdl, target.subgraphs, changes, version);
      if (written) return { ok: true, version: written };
    }
    return { ok: false, errors: [conflictError()] };
  }

  async close(): Promise<void> {
    if (this.db.isInitialized) await this.db.destroy();
  }

  /** Validates the inputs and fetches the SDLs not given. */
  private async resolve(change: Change): Promise<{ ok: true; change: ResolvedChange } | { ok: false; errors: RegistryError[] }> {
    if (change.kind === 'remove') return { ok: true, change };
    if (change.subgraphs.length === 0) return { ok: false, errors: [registryError('INVALID_INPUT', 'no subgraph to publish')] };
    const errors: RegistryError[] = [];
    const records: SubgraphRecord[] = [];
    const seen = new Set<string>();
    for (const input of change.subgraphs) {
      const invalid = inputProblem(input);
      if (invalid || seen.has(input.name)) {
        errors.push(registryError('INVALID_INPUT', invalid ?? `subgraph "${input.name}" is listed twice`, { subgraph: input.name }));
        continue;
      }
      seen.add(input.name);
      let sdl = input.sdl;
      if (sdl === undefined) {
        const fetched = await fetchSubgraphSdl(input.name, input.url, { identityKeys: this.options.identityKeys });
        if (!fetched.ok) {
          errors.push(fetched.error);
          continue;
        }
        sdl = fetched.sdl;
      }
      const parsed = parseSdl(input.name, sdl);
      if (!parsed.ok) {
        errors.push(parsed.error);
        continue;
      }
      // A platform is named by its code and must exist: the subgraph takes its tier and vendor unless given.
      let linked: { tier: string; vendor: string } | undefined;
      if (input.platform != null) {
        const owner = (await this.list()).find((r) => r.name === PLATFORM_OWNER);
        const found = owner
          ? await lookUpPlatform(input.platform, owner.url, this.options.identityKeys)
          : { ok: false as const, error: registryError('INVALID_INPUT', `platform "${input.platform}": no ${PLATFORM_OWNER} subgraph to look it up in`) };
        if (!found.ok) {
          errors.push({ ...found.error, subgraph: input.name });
          continue;
        }
        linked = found.platform;
      }
      records.push({
        name: input.name, url: input.url, sdl, owner: input.owner ?? linked?.vendor ?? null, tier: input.tier ?? linked?.tier ?? null, platform: input.platform ?? null,
      });
    }
    return errors.length ? { ok: false, errors } : { ok: true, change: { kind: 'publish', subgraphs: records } };
  }

  private evaluate(base: SupergraphVersion | undefined, change: ResolvedChange, options: CheckOptions): CheckResult {
    const current = new Map((base?.subgraphs ?? []).map((s) => [s.name, s]));
    const next = new Map(current);
    if (change.kind === 'publish') {
      for (const s of change.subgraphs) next.set(s.name, s);
    } else {
      if (!next.delete(change.name)) return { ok: false, errors: [registryError('NOT_FOUND', `subgraph "${change.name}" is not in the current version`, { subgraph: change.name })] };
      if (next.size === 0) return { ok: false, errors: [registryError('EMPTY_GRAPH', `removing "${change.name}" would leave no subgraph`, { subgraph: change.name })] };
    }
    const subgraphs = [...next.values()].sort((a, b) => a.name.localeCompare(b.name));
    const composition = composeSubgraphs(subgraphs);
    if (!composition.ok) return composition;
    // A set that composes may still take a field over or expose personal data unmasked.
    const problems = change.kind === 'publish' ? this.policyProblems(change.subgraphs, subgraphs) : [];
    if (problems.length) return { ok: false, errors: problems };
    const changes = base ? diffApiSchemas(apiSchemaOf(base.supergraphSdl), apiSchemaOf(composition.supergraphSdl)) : [];
    const breaking = changes.filter((c) => c.severity === 'BREAKING');
    if (breaking.length && !options.allowBreaking) {
      return { ok: false, errors: breaking.map((c) => registryError('BREAKING_CHANGE', c.message, { location: c.location })), changes };
    }
    const unchanged = base !== undefined && subgraphs.length === current.size && subgraphs.every((s) => sameRecord(s, current.get(s.name)));
    return { ok: true, supergraphSdl: composition.supergraphSdl, hints: composition.hints, changes, subgraphs, baseVersion: base?.version, unchanged };
  }

  /** The privacy and ownership check of the subgraphs a publish brings, against the rest of the candidate set. */
  private policyProblems(published: SubgraphRecord[], all: SubgraphRecord[]): RegistryError[] {
    const documents = all.flatMap((s) => {
      const parsed = parseSdl(s.name, s.sdl);
      return parsed.ok ? [{ name: s.name, document: parsed.document }] : [];
    });
    const reviewed = new Set(this.options.reviewed ?? []);
    return published.flatMap((s) => {
      const document = documents.find((d) => d.name === s.name)!.document;
      return [...ownershipProblems(s, document, documents), ...(reviewed.has(s.name) ? [] : privacyProblems(s, document))];
    });
  }

  /** Checks against the newest version and writes the next one; when another writer took that number, checks again. */
  private async commit(action: VersionAction, change: ResolvedChange, actor: string, options: CheckOptions): Promise<PublishResult> {
    for (let attempt = 0; attempt < (this.options.maxAttempts ?? 5); attempt++) {
      const base = await this.current();
      const result = this.evaluate(base, change, options);
      if (!result.ok) return result;
      const { hints, changes } = result;
      if (result.unchanged && base) return { ok: true, version: summaryOfVersion(base), unchanged: true, hints, changes };
      const summary = `${describeChange(change, base)}${countsOf(changes)}`;
      const written = await this.insert((base?.version ?? 0) + 1, action, actor, summary, result.supergraphSdl, result.subgraphs, changes, null);
      if (written) {
        this.log.info({ version: written.version, actor, summary }, 'supergraph version published');
        return { ok: true, version: written, unchanged: false, hints, changes };
      }
    }
    return { ok: false, errors: [conflictError()] };
  }

  /** Writes a version and its subgraph set in one transaction; undefined when the number was taken meanwhile. */
  private async insert(
    version: number, action: VersionAction, actor: string, summary: string, supergraphSdl: string,
    subgraphs: SubgraphRecord[], changes: SchemaChange[], rolledBackFrom: number | null,
  ): Promise<VersionSummary | undefined> {
    const row: SupergraphVersionEntity = { version, action, actor: actor.slice(0, 200), summary: summary.slice(0, 1000), createdAt: new Date(), rolledBackFrom, supergraphSdl, changes };
    try {
      await this.db.transaction(async (m) => {
        await m.insert(SupergraphVersionEntity, row);
        await m.insert(VersionSubgraphEntity, subgraphs.map((s) => ({ ...s, version })));
      });
    } catch (err) {
      // Lost the race for this number (primary key): the caller re-checks against the version that won.
      if (((await this.headVersion()) ?? 0) >= version) return undefined;
      throw err;
    }
    return summaryOf(row, subgraphs.map((s) => s.name));
  }
}

function inputProblem(input: SubgraphInput): string | undefined {
  if (!NAME.test(input.name ?? '')) return `subgraph name "${input.name}" must be lower-case letters, digits, _ or -, starting with a letter (at most 64)`;
  try {
    const url = new URL(input.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return `subgraph "${input.name}": routing URL must be http(s), got ${url.protocol}`;
  } catch {
    return `subgraph "${input.name}": routing URL "${input.url}" is not a URL`;
  }
  if (input.sdl !== undefined && typeof input.sdl !== 'string') return `subgraph "${input.name}": sdl must be a string`;
  return undefined;
}

const sameRecord = (a: SubgraphRecord, b: SubgraphRecord | undefined): boolean =>
  !!b && a.url === b.url && a.sdl === b.sdl && a.owner === b.owner && a.tier === b.tier && a.platform === b.platform;

function describeChange(change: ResolvedChange, base: SupergraphVersion | undefined): string {
  if (change.kind === 'remove') return `remove ${change.name}`;
  const before = new Map((base?.subgraphs ?? []).map((s) => [s.name, s]));
  const parts = change.subgraphs.map((s) => {
    const old = before.get(s.name);
    if (!old) return `+${s.name}`;
    return sameRecord(s, old) ? `=${s.name}` : `~${s.name}`;
  });
  return `publish ${parts.join(' ')}`;
}

function countsOf(changes: SchemaChange[]): string {
  if (changes.length === 0) return '';
  const n = (severity: SchemaChange['severity']) => changes.filter((c) => c.severity === severity).length;
  return ` (${n('BREAKING')} breaking, ${n('DANGEROUS')} dangerous, ${n('SAFE')} safe changes)`;
}

/** NOT_OWNER for the names a publisher may not change; undefined when it may change them all. */
function refusedNames(names: string[], publisher: Identity | undefined): { ok: false; errors: RegistryError[] } | undefined {
  if (!publisher || can(publisher, Action.REGISTRY_ADMIN)) return undefined;
  const own = new Set(can(publisher, Action.REGISTRY_OWN) ? (publisher.subgraphs ?? []) : []);
  const foreign = names.filter((n) => !own.has(n));
  if (!foreign.length) return undefined;
  return {
    ok: false,
    errors: foreign.map((n) =>
      registryError('NOT_OWNER', `${publisher.subject} (${publisher.role}) may not change subgraph "${n}": its token owns ${own.size ? [...own].join(', ') : 'no subgraph'}`, { subgraph: n }),
    ),
  };
}

/** The subgraph names a version's summary says it added, replaced or removed (`publish +a ~b =c`, `remove a`). */
const namesChangedBy = (summary: string): string[] => {
  const [action, ...rest] = summary.split(' (')[0]!.split(' ');
  if (action === 'remove') return rest.slice(0, 1);
  return action === 'publish' ? rest.filter((p) => /^[+~]/.test(p)).map((p) => p.slice(1)) : [];
};

const conflictError = () => registryError('CONFLICT', 'other versions kept being published while this change was checked; check and try again');

const recordOf = (e: VersionSubgraphEntity): SubgraphRecord => ({ name: e.name, url: e.url, sdl: e.sdl, owner: e.owner, tier: e.tier, platform: e.platform });

function summaryOf(row: SupergraphVersionEntity, subgraphs: string[]): VersionSummary {
  return {
    version: row.version,
    createdAt: row.createdAt,
    actor: row.actor,
    action: row.action,
    summary: row.summary,
    subgraphs,
    changes: row.changes ?? [],
    rolledBackFrom: row.rolledBackFrom ?? null,
  };
}

const summaryOfVersion = (v: SupergraphVersion): VersionSummary => {
  const { supergraphSdl: _sdl, subgraphs, ...rest } = v;
  return { ...rest, subgraphs: subgraphs.map((s) => s.name) };
};
