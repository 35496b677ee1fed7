import { IDENTITY_HEADER, Role, signIdentityToken, type Identity, type IdentityKeys } from '@gridhub/kit';
import { PLAN_DATE } from '@gridhub/seed';

/**
 * The operations the benchmark measures and test/bench-statements asserts: one definition, so the figures the bench
 * reports and the statement counts the test holds it to cannot drift apart.
 *
 * Every operation has a rotation of distinct requests (ids, cursors, filters, `asOf`): with in-flight deduplication
 * (Hive Gateway's, ours), identical concurrent requests would measure deduplication, not the gateway. The load
 * generator hands each connection the next request of the rotation (load.ts `distinct`); the `identical` mode is
 * measured and labelled separately.
 */

/**
 * Where a request goes: our gateway, Hive Gateway or plain `@apollo/gateway` serving the same supergraph, or
 * straight to the one subgraph.
 */
export type TargetKind = 'gateway' | 'hive' | 'apollo' | 'direct';

/** SQL statements one request issues, per subgraph (subgraphs not listed: none). */
export type StatementCounts = Record<string, number>;

/** Ids and ranges read from the seeded hub before measuring (the seed is deterministic, so they are stable). */
export interface BenchData {
  /** Persons that have door records (person(id) and door history rotate through them). */
  personIds: string[];
  /** Person-search pages: a community and the cursor of the page to fetch (null: the first page). */
  searchPages: { communityId: string; after: string | null }[];
  /** Cursors into the event list: cross-tier requests start at different events. */
  eventCursors: (string | null)[];
  /** List size of the list operations (the statement counts do not depend on it). */
  first: number;
}

export interface Operation {
  id: string;
  label: string;
  /** The document sent to a gateway (ours or Hive Gateway). */
  query: string;
  /** Variables of the i-th request (requests rotate through a few hundred of them). */
  variables(data: BenchData, i: number): Record<string, unknown>;
  /** The same data straight from the subgraph that holds it: single-subgraph operations (and the complex part of door history). */
  direct?: { subgraph: string; query: string; variables?(data: BenchData, i: number): Record<string, unknown> };
  /** Statements per request and subgraph, as asserted by test/bench-statements (other gateways: the same as ours unless given). */
  statements: { gateway: StatementCounts; hive?: StatementCounts; apollo?: StatementCounts; direct?: StatementCounts };
}

/** The seeded year of grid events (packages/seed: the 365 days up to the end of PLAN_DATE, China Standard Time). */
export const STATS_UNTIL = new Date(Date.parse(`${PLAN_DATE}T00:00:00+08:00`) + 86_400_000);
export const STATS_FROM = new Date(STATS_UNTIL.getTime() - 365 * 86_400_000);

const at = <T>(list: readonly T[], i: number): T => {
  if (list.length === 0) throw new Error('the benchmark data is empty: was the hub seeded?');
  return list[i % list.length]!;
};

const PERSON = 'query Person($id: ID!) { person(id: $id) { id name sex birthDate residency version } }';

const SEARCH =
  'query SearchPersons($communityId: ID!, $minAge: Int!, $first: Int!, $after: String) { persons(first: $first, after: $after, ' +
  'filter: { communityId: $communityId, minAge: $minAge, maxAge: 70, withoutHouse: false }) ' +
  '{ totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id name sex birthDate residency } } } }';

const STATS =
  'query Stats($from: DateTimeISO!, $to: DateTimeISO!, $asOf: DateTimeISO!) { governanceStats(from: $from, to: $to, asOf: $asOf) { ' +
  'total closed closureRate closedOnTime onTimeRate medianSecondsToClose p90SecondsToClose overdue supervisedYellow supervisedRed ' +
  'byStatus { key count } byCategory { key count } bySource { key count } byCommunity { communityId count } byGrid { gridId count open overdue } } }';

const CROSS_TIER =
  'query CrossTier($first: Int!, $after: String) { events(first: $first, after: $after) { totalCount edges { node { id title status reportedAt ' +
  'grid { id name community { id name } residents(first: 3) { edges { node { id name lastAccess { deviceTime direction result } } } } } } } } }';

const RECORDS =
  'accessRecords(first: $first) { totalCount pageInfo { hasNextPage endCursor } ' +
  'edges { cursor node { id deviceSeq deviceTime direction credential result device { id kind name } } } }';

/** The seeded year, judged at a moment a few minutes apart per request (same figures' shape, distinct requests). */
const statsVariables = (_d: BenchData, i: number) => ({
  from: STATS_FROM.toISOString(),
  to: STATS_UNTIL.toISOString(),
  asOf: new Date(STATS_UNTIL.getTime() + (i % 1000) * 60_000).toISOString(),
});

export const OPERATIONS: readonly Operation[] = [
  {
    id: 'person',
    label: 'person(id)',
    query: PERSON,
    variables: (d, i) => ({ id: at(d.personIds, i) }),
    direct: { subgraph: 'community', query: PERSON },
    statements: { gateway: { community: 1 }, direct: { community: 1 } },
  },
  {
    id: 'cross-tier',
    label: 'events → grid → community → residents → lastAccess',
    query: CROSS_TIER,
    variables: (d, i) => ({ first: d.first, after: at(d.eventCursors, i) }),
    statements: { gateway: { subdistrict: 2, community: 3, complex: 2 } },
  },
  {
    id: 'person-search',
    label: 'persons(filter, first, after)',
    query: SEARCH,
    variables: (d, i) => ({ ...at(d.searchPages, i), minAge: 18 + (i % 20), first: d.first }),
    direct: { subgraph: 'community', query: SEARCH },
    statements: { gateway: { community: 2 }, direct: { community: 2 } },
  },
  {
    id: 'governance-stats',
    label: 'governanceStats(seeded year)',
    query: STATS,
    variables: statsVariables,
    direct: { subgraph: 'subdistrict', query: STATS },
    statements: { gateway: { subdistrict: 4 }, direct: { subdistrict: 4 } },
  },
  {
    id: 'door-history',
    label: 'person(id) { accessRecords(first: 20) }',
    query: `query DoorHistory($id: ID!, $first: Int!) { person(id: $id) { id name ${RECORDS} } }`,
    variables: (d, i) => ({ id: at(d.personIds, i), first: d.first }),
    // What the gateway asks the complex subgraph for once community has answered person(id).
    direct: {
      subgraph: 'complex',
      query: `query DoorHistory($r: [_Any!]!, $first: Int!) { _entities(representations: $r) { ... on Person { ${RECORDS} } } }`,
      variables: (d, i) => ({ r: [{ __typename: 'Person', id: at(d.personIds, i) }], first: d.first }),
    },
    statements: { gateway: { community: 1, complex: 4 }, direct: { complex: 4 } },
  },
];

/** Whom the benchmark speaks as: the subdistrict administrator sees everything (no scope filters to short-cut). */
export const BENCH_IDENTITY: Identity = { subject: 'bench', role: Role.SUBDISTRICT_ADMIN, name: 'benchmark' };

/** One HTTP request: where to POST which JSON body with which headers. */
export interface BenchRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** The endpoints of one run, wherever they run (in this process for tests, in processes of their own for the bench). */
export interface Endpoints {
  /** The GraphQL URL of each gateway started. */
  gateways: Partial<Record<Exclude<TargetKind, 'direct'>, string>>;
  /** GraphQL URLs of the subgraphs, by name. */
  subgraphs: Record<string, string>;
  /** The gateway's keys (direct requests carry an identity token signed with them). */
  identityKeys: IdentityKeys;
  /** A client token every gateway target accepts. */
  clientToken: string;
  /** Running totals of SQL statements per subgraph. */
  statementTotals(): Promise<Record<string, number>>;
}

/** Identity headers for a direct subgraph request, signed for an hour (the gateway's own last 60 s, too short for a run). */
export const directHeaders = async (identityKeys: IdentityKeys, subgraph: string): Promise<Record<string, string>> => ({
  [IDENTITY_HEADER]: await signIdentityToken(identityKeys, BENCH_IDENTITY, subgraph, { ttlSeconds: 3600 }),
});

/** The i-th request of an operation at a target, or undefined when the operation has no such target. */
export async function requestFor(op: Operation, target: TargetKind, e: Endpoints, data: BenchData, i: number): Promise<BenchRequest | undefined> {
  const json = { 'content-type': 'application/json' };
  if (target === 'direct') {
    if (!op.direct) return undefined;
    const url = e.subgraphs[op.direct.subgraph];
    if (!url) throw new Error(`no subgraph ${op.direct.subgraph}`);
    const variables = (op.direct.variables ?? op.variables)(data, i);
    return { url, headers: { ...json, ...(await directHeaders(e.identityKeys, op.direct.subgraph)) }, body: JSON.stringify({ query: op.direct.query, variables }) };
  }
  const url = e.gateways[target];
  if (!url) return undefined;
  return { url, headers: { ...json, authorization: `Bearer ${e.clientToken}` }, body: JSON.stringify({ query: op.query, variables: op.variables(data, i) }) };
}

export interface Answer {
  status: number;
  errors?: unknown[];
  data?: unknown;
}

export async function send(request: BenchRequest): Promise<Answer> {
  const res = await fetch(request.url, { method: 'POST', headers: request.headers, body: request.body });
  const text = await res.text();
  try {
    const body = JSON.parse(text) as { errors?: unknown[]; data?: unknown };
    return { status: res.status, errors: body.errors, data: body.data };
  } catch {
    return { status: res.status, errors: [text.slice(0, 200)] };
  }
}

/**
 * Statements one request issues in each subgraph (only those that issued any). Nothing else may be running:
 * the figure is the difference of the subgraphs' running totals. A first request warms caches (plans, loaders'
 * schema metadata) and is not counted; a request answering with errors throws.
 */
export async function countStatements(op: Operation, target: TargetKind, e: Endpoints, data: BenchData): Promise<StatementCounts> {
  const request = await requestFor(op, target, e, data, 0);
  if (!request) throw new Error(`${op.id} has no ${target} target`);
  const warm = await send(request);
  if (warm.status !== 200 || warm.errors) throw new Error(`${op.id} at ${target}: HTTP ${warm.status} ${JSON.stringify(warm.errors)}`);
  const before = await e.statementTotals();
  await send(request);
  const after = await e.statementTotals();
  return Object.fromEntries(Object.keys(after).flatMap((n) => (after[n]! - before[n]! > 0 ? [[n, after[n]! - before[n]!]] : [])));
}

/** The expected counts of an operation at a target (other gateways plan like ours unless the operation says otherwise). */
export const expectedStatements = (op: Operation, target: TargetKind): StatementCounts | undefined =>
  target === 'direct' ? op.statements.direct : (op.statements[target] ?? op.statements.gateway);

type Query = <T>(query: string, variables?: Record<string, unknown>) => Promise<{ data?: T | null; errors?: unknown[] }>;

/** Reads the ids the operations rotate through from the seeded hub, through the gateway. */
export async function prepareBenchData(query: Query, first = 20): Promise<BenchData> {
  const withRecords = await query<{ accessDevices: { edges: { node: { accessRecords: { edges: { node: { person: { id: string } | null } }[] } } }[] } }>(
    '{ accessDevices(first: 100, filter: { kind: UNIT_DOOR }) { edges { node { accessRecords(first: 5) { edges { node { person { id } } } } } } } }',
  );
  if (withRecords.errors) throw new Error(`reading persons with door records: ${JSON.stringify(withRecords.errors)}`);
  const personIds = [
    ...new Set(withRecords.data!.accessDevices.edges.flatMap((d) => d.node.accessRecords.edges.flatMap((r) => (r.node.person ? [r.node.person.id] : [])))),
  ].slice(0, 200);
  const communities = await query<{ communities: { id: string }[] }>('{ communities { id } }');
  if (communities.errors) throw new Error(`reading communities: ${JSON.stringify(communities.errors)}`);
  const searchPages: BenchData['searchPages'] = [];
  for (const { id } of communities.data!.communities) {
    searchPages.push({ communityId: id, after: null });
    const page = await query<{ persons: { pageInfo: { hasNextPage: boolean; endCursor: string | null } } }>(SEARCH, { communityId: id, minAge: 18, first, after: null });
    if (page.errors) throw new Error(`reading person pages: ${JSON.stringify(page.errors)}`);
    const { hasNextPage, endCursor } = page.data!.persons.pageInfo;
    if (hasNextPage && endCursor) searchPages.push({ communityId: id, after: endCursor });
  }
  const events = await query<{ events: { edges: { cursor: string }[] } }>('{ events(first: 200) { edges { cursor } } }');
  if (events.errors) throw new Error(`reading event cursors: ${JSON.stringify(events.errors)}`);
  const eventCursors = [null, ...events.data!.events.edges.map((e) => e.cursor)];
  return { personIds, searchPages, eventCursors, first };
}
