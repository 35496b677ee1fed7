import {
  createIdentityKeys, IDENTITY_HEADER, Role, signIdentityToken, type Identity, type IdentityKeys,
} from '@gridhub/kit';
import { Kind, parse, print, type DocumentNode, type FieldDefinitionNode, type ObjectTypeDefinitionNode, type TypeNode } from 'graphql';

/**
 * `gridhub subgraph verify`: a conformance run against a vendor's live subgraph, from the hub's side. It signs identity
 * tokens with the hub gateway's key (and forges, expires and misaddresses some) and checks the service answers as a
 * kit subgraph must. Each check passes, fails or is skipped with its reason; any failure fails the run.
 */
export interface VerifyOptions {
  /** The subgraph's GraphQL endpoint. */
  url: string;
  /** Its registry name: the audience of its identity tokens. */
  name: string;
  /** The gateway's signing keys (what the service trusts). */
  keys: IdentityKeys;
  /** The SDL published for it, if it is published: `_service { sdl }` must equal it. */
  publishedSdl?: string;
  /** Slowest answer accepted, in ms (default 1,000). */
  budgetMs?: number;
}

export type CheckStatus = 'pass' | 'fail' | 'skip';
export interface VerifyCheck {
  check: string;
  status: CheckStatus;
  detail: string;
}
export interface VerifyReport {
  subgraph: string;
  url: string;
  ok: boolean;
  checks: VerifyCheck[];
  /** The slowest answer, in ms. */
  slowestMs: number;
}

/** Read-only and broad: masking must hold even for a role that reaches every row. */
const VERIFIER: Identity = { subject: 'gridhub-verify', role: Role.SUBDISTRICT_ADMIN, name: 'conformance run' };
/** A complex manager of no complex: an identity whose scope is empty, which must see no row of a scoped table. */
const NARROW: Identity = { subject: 'gridhub-verify-narrow', role: Role.COMPLEX_MANAGER, name: 'conformance run (empty scope)', complexIds: [] };
/** The references asked for: the hub's first ids. */
const REFERENCE_IDS = ['1', '2', '3'];

type Answer = { status: number; body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] } | undefined };

const namedType = (t: TypeNode): string => (t.kind === Kind.NAMED_TYPE ? t.name.value : namedType(t.type));
const hasRequiredArgs = (f: FieldDefinitionNode) => (f.arguments ?? []).some((a) => a.type.kind === Kind.NON_NULL_TYPE && !a.defaultValue);

/** Root query fields without required arguments that reach a type with @sensitive fields: `{ field { a b } }`. */
function maskProbes(document: DocumentNode): { query: string; fields: string[]; root: string }[] {
  const types = new Map<string, ObjectTypeDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.OBJECT_TYPE_DEFINITION) types.set(d.name.value, d);
  const probes = [];
  for (const root of types.get('Query')?.fields ?? []) {
    if (root.name.value.startsWith('_') || hasRequiredArgs(root)) continue;
    const sensitive = (types.get(namedType(root.type))?.fields ?? []).filter((f) => f.directives?.some((d) => d.name.value === 'sensitive')).map((f) => f.name.value);
    if (sensitive.length) probes.push({ root: root.name.value, fields: sensitive, query: `{ ${root.name.value} { ${sensitive.join(' ')} } }` });
  }
  return probes;
}

/** Entity types (`@key(fields: "id")`) with list fields of objects: `_entities` selecting each list's `__typename`. */
function referenceProbes(document: DocumentNode): { type: string; fields: string[]; query: string }[] {
  const objects = new Set(document.definitions.filter((d) => d.kind === Kind.OBJECT_TYPE_DEFINITION).map((d) => (d as ObjectTypeDefinitionNode).name.value));
  const probes = [];
  for (const d of document.definitions) {
    if (d.kind !== Kind.OBJECT_TYPE_DEFINITION || !d.directives?.some((k) => k.name.value === 'key')) continue;
    const lists = (d.fields ?? []).filter((f) => !hasRequiredArgs(f) && objects.has(namedType(f.type)) && /\[/.test(print(f.type))).map((f) => f.name.value);
    if (lists.length) {
      const selection = lists.map((f) => `${f} { __typename }`).join(' ');
      probes.push({ type: d.name.value, fields: lists, query: `query ($r: [_Any!]!) { _entities(representations: $r) { ... on ${d.name.value} { ${selection} } } }` });
    }
  }
  return probes;
}

export async function verifySubgraph(options: VerifyOptions): Promise<VerifyReport> {
  const checks: VerifyCheck[] = [];
  const budget = options.budgetMs ?? 1000;
  let slowest = 0;
  const add = (check: string, status: CheckStatus, detail: string) => checks.push({ check, status, detail });

  const ask = async (query: string, token: string | undefined, variables?: Record<string, unknown>): Promise<Answer> => {
    const started = performance.now();
    const res = await fetch(options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { [IDENTITY_HEADER]: token } : {}) },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(Math.max(budget * 5, 5000)),
    });
    const body = (await res.json().catch(() => undefined)) as Answer['body'];
    slowest = Math.max(slowest, performance.now() - started);
    return { status: res.status, body };
  };
  const refused = (answer: Answer) => !answer.body?.data && answer.body?.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED';

  // Identity: every kind of bad token is UNAUTHENTICATED with no data.
  const forger = await createIdentityKeys();
  const bad: [string, () => Promise<string | undefined>][] = [
    ['anonymous request refused', async () => undefined],
    ['forged identity token refused (signed with another key)', () => signIdentityToken(forger, VERIFIER, options.name)],
    ['expired identity token refused', () => signIdentityToken(options.keys, VERIFIER, options.name, { ttlSeconds: -120 })],
    ['misaddressed identity token refused (audience another subgraph)', () => signIdentityToken(options.keys, VERIFIER, `${options.name}-other`)],
  ];
  try {
    for (const [check, token] of bad) {
      const answer = await ask('{ __typename }', await token());
      add(check, refused(answer) ? 'pass' : 'fail', refused(answer) ? 'UNAUTHENTICATED' : `answered HTTP ${answer.status}: ${JSON.stringify(answer.body).slice(0, 200)}`);
    }
  } catch (err) {
    add('reachable', 'fail', `${options.url}: ${(err as Error).message}`);
    return { subgraph: options.name, url: options.url, ok: false, checks, slowestMs: Math.round(slowest) };
  }

  const token = await signIdentityToken(options.keys, VERIFIER, options.name);
  const service = await ask('{ _service { sdl } }', token);
  const sdl = (service.body?.data?._service as { sdl?: string } | undefined)?.sdl;
  add('valid identity token accepted, _service { sdl } answered', sdl ? 'pass' : 'fail', sdl ? `${sdl.length} characters` : JSON.stringify(service.body).slice(0, 200));
  if (options.publishedSdl === undefined) add('_service { sdl } matches the published SDL', 'skip', `"${options.name}" is not published yet`);
  else add('_service { sdl } matches the published SDL', sdl === options.publishedSdl ? 'pass' : 'fail', sdl === options.publishedSdl ? 'identical' : 'differs: publish the running version, or run the published one');

  if (sdl) {
    const probes = maskProbes(parse(sdl));
    if (!probes.length) add('personal-data fields masked', 'skip', 'no root field without required arguments reaches a @sensitive field');
    for (const probe of probes) {
      const answer = await ask(probe.query, token);
      const rows = answer.body?.data?.[probe.root];
      const values = (Array.isArray(rows) ? rows : rows ? [rows] : []).flatMap((r: Record<string, unknown>) => probe.fields.map((f) => r[f])).filter((v) => v != null);
      const clear = values.filter((v) => !String(v).includes('*'));
      const check = `personal-data fields masked (${probe.root} { ${probe.fields.join(' ')} }, ${VERIFIER.role})`;
      if (answer.body?.errors?.length) add(check, 'fail', answer.body.errors.map((e) => e.message).join('; '));
      else if (!values.length) add(check, 'skip', 'no values to look at');
      else add(check, clear.length ? 'fail' : 'pass', clear.length ? `${clear.length} of ${values.length} values in clear` : `${values.length} values, all masked`);
    }
  }

  if (sdl) {
    // Scope holds for references too: what an administrator finds through a reference, an empty scope does not.
    const narrow = await signIdentityToken(options.keys, NARROW, options.name);
    const rows = (answer: Answer, fields: string[]) =>
      ((answer.body?.data?._entities as (Record<string, unknown[] | null> | null)[] | undefined) ?? []).reduce((n, e) => n + fields.reduce((m, f) => m + (e?.[f]?.length ?? 0), 0), 0);
    for (const probe of referenceProbes(parse(sdl))) {
      const variables = { r: REFERENCE_IDS.map((id) => ({ __typename: probe.type, id })) };
      const [wide, scoped] = [await ask(probe.query, token, variables), await ask(probe.query, narrow, variables)];
      const check = `references honour scope (${probe.type} { ${probe.fields.join(' ')} } for an empty scope)`;
      const seen = rows(wide, probe.fields);
      if (wide.body?.errors?.length) add(check, 'fail', wide.body.errors.map((e) => e.message).join('; '));
      else if (!seen) add(check, 'skip', `no rows behind ${probe.type} ${REFERENCE_IDS.join(', ')} to compare`);
      else add(check, rows(scoped, probe.fields) ? 'fail' : 'pass', `${seen} rows for ${VERIFIER.role}, ${rows(scoped, probe.fields)} for ${NARROW.role} of no complex`);
    }
  }

  add(`answers within ${budget} ms`, slowest <= budget ? 'pass' : 'fail', `slowest ${Math.round(slowest)} ms`);
  return { subgraph: options.name, url: options.url, ok: checks.every((c) => c.status !== 'fail'), checks, slowestMs: Math.round(slowest) };
}

const MARK: Record<CheckStatus, string> = { pass: '✓', fail: '✗', skip: '-' };

/** The report as text a vendor can attach to its publish. */
export const reportText = (r: VerifyReport): string =>
  [`conformance of ${r.subgraph} at ${r.url}: ${r.ok ? 'PASSED' : 'FAILED'}`, ...r.checks.map((c) => `  ${MARK[c.status]} ${c.check}: ${c.detail}`)].join('\n');
