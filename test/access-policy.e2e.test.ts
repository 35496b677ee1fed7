import {
  buildClientSchema, getIntrospectionQuery, getNamedType, isEnumType, isNonNullType, isObjectType, isScalarType,
  type GraphQLField, type GraphQLObjectType, type GraphQLOutputType, type GraphQLSchema, type IntrospectionQuery,
} from 'graphql';
import type { RunningSubgraph } from '@gridhub/kit';

type DataSource = RunningSubgraph['db'];
import {
  columnsFor, governedEntities, identityHeaders, inScope, reachOf, Role, scopeOf, SENSITIVE_FIELDS, type DataClass, type Governance, type Identity,
} from '@gridhub/kit';
import { testDialects } from '@gridhub/kit/testing';
import { pluginsNamed } from '@gridhub/cli';
import { startTestHub, type TestHub } from './src/hub';

/**
 * Issue 11: the access matrix generated from the schema, not written by hand. For every object field reachable from
 * a root field, one request per role (narrow scopes: one community, one grid, one complex, one agency) through the
 * gateway; for every entity type, `_entities` straight to the owning subgraph with the role's identity token. Every
 * object that comes back with an id is checked against SQL (its owner columns, read raw) and the policy table; every
 * connection's totalCount must match the rows the role can see; every personal value must come back masked. A type
 * or field the policy does not know fails the test with its name.
 */

type Who = 'admin' | 'operator' | 'staff' | 'worker' | 'manager' | 'partner' | 'auditor';

/** Types that carry no rows of their own: what each is, so a new one cannot slip through unclassified. */
const VALUE_TYPES: Record<string, 'structure' | 'derived' | { aggregateOf: DataClass }> = {
  PageInfo: 'structure',
  // Computed from the parent row the caller may already see.
  EventActor: 'derived', EventCategory: 'derived', DeadlinePolicy: 'derived', HazardClearance: 'derived',
  // Counts over rows of a class: only roles that reach the class get them.
  DataCoverage: { aggregateOf: 'PERSONAL' },
  GovernanceStats: { aggregateOf: 'EVENTS' }, CommunityStats: { aggregateOf: 'EVENTS' }, CategoryStats: { aggregateOf: 'EVENTS' },
  StatusCount: { aggregateOf: 'EVENTS' }, PriorityCount: { aggregateOf: 'EVENTS' }, SourceCount: { aggregateOf: 'EVENTS' },
  GridCount: { aggregateOf: 'EVENTS' }, CommunityCount: { aggregateOf: 'EVENTS' }, KeyCount: { aggregateOf: 'EVENTS' },
  TimeLimit: 'derived',
};

/** GraphQL types that show rows of another type's table (a camera is an access device of a camera kind). */
const SAME_ROWS: Record<string, string> = { Camera: 'AccessDevice' };

/** Required arguments the generator cannot invent, by coordinate. */
const ARGUMENTS: Record<string, string> = {
  'Query.governanceStats': 'from: "2020-01-01T00:00:00Z", to: "2030-01-01T00:00:00Z"',
};

/** Field names that look personal: each must be declared sensitive (masked) or listed here with why it is not. */
const PERSONAL_NAME = /id.?number|phone|mobile|birth|plate|face.?image|address|health/i;
const NOT_PERSONAL: Record<string, string> = {
  'Department.phone': 'an office line of the subdistrict, public',
  'Platform.address': 'a platform endpoint, not a person',
  'Subdistrict.address': 'the subdistrict office',
  'Community.address': "the community's governance station",
  'Building.address': 'a building, not a person (who lives there is PERSONAL, scoped)',
  'ResidentialComplex.address': 'a residential complex',
  'RevealedIdentity.idNumber': 'the audited reveal operation itself',
  'RevealedIdentity.phone': 'the audited reveal operation itself',
  'RevealedIdentity.birthDate': 'the audited reveal operation itself',
};

const MASKS: Record<string, RegExp> = {
  ID_NUMBER: /^\d{6}\*{8}[\dX]{4}$/,
  PHONE: /^(\d{3}\*{4}\d{4}|.*\*.*)$/,
  BIRTH_DATE: /^\d{4}-\*\*-\*\*$/,
};

interface Ctx {
  hub: TestHub;
  schema: GraphQLSchema;
  ids: Record<Who, Identity>;
  /** GraphQL type name → its governance and the database that holds it. */
  types: Map<string, { governance: Governance; entity: Function; db: DataSource; subgraph: string }>;
}

const connectionNode = (t: GraphQLObjectType): GraphQLObjectType | undefined => {
  const edges = t.getFields().edges;
  if (!t.name.endsWith('Connection') || !edges) return undefined;
  const edge = getNamedType(edges.type) as GraphQLObjectType;
  return getNamedType(edge.getFields().node!.type) as GraphQLObjectType;
};

const scalarsOf = (t: GraphQLObjectType): string[] =>
  Object.values(t.getFields())
    .filter((f) => (isScalarType(getNamedType(f.type)) || isEnumType(getNamedType(f.type))) && !f.args.some((a) => isNonNullType(a.type)))
    .map((f) => f.name);

/** Page size of every list the generator asks for (smaller when the gateway's cost limit refuses a long path). */
let PAGE = 30;

function argsFor(parent: string, field: GraphQLField<unknown, unknown>, id?: string): string | null {
  const given = ARGUMENTS[`${parent}.${field.name}`];
  const parts: string[] = given ? [given] : [];
  for (const a of field.args) {
    if (given && given.includes(`${a.name}:`)) continue;
    if (a.name === 'first') parts.push(`first: ${PAGE}`);
    else if (isNonNullType(a.type)) {
      if (a.name === 'id' && id) parts.push(`id: "${id}"`);
      else return null;
    }
  }
  return parts.length ? `(${parts.join(', ')})` : '';
}

/** The selection of one object type: its scalars, and a connection's page. */
function selectionOf(t: GraphQLObjectType, inner = ''): string {
  const node = connectionNode(t);
  if (node) return `{ totalCount pageInfo { hasNextPage } edges { node { ${selectionOf(node, inner).slice(2, -2)} } } }`;
  return `{ __typename ${scalarsOf(t).join(' ')} ${inner} }`;
}

/** Shortest paths from the roots to every object type, through fields the generator can call. */
function pathsToTypes(schema: GraphQLSchema, sampleIds: Record<string, string>): Map<string, { field: string; parent: string; args: string }[]> {
  const query = schema.getQueryType()!;
  const paths = new Map<string, { field: string; parent: string; args: string }[]>();
  const queue: GraphQLObjectType[] = [];
  // Single-object roots (`grid(id)`) first: paths through them cost far less than through lists of lists.
  const roots = Object.values(query.getFields()).sort((a, b) => Number(!a.args.some((x) => x.name === 'id')) - Number(!b.args.some((x) => x.name === 'id')));
  for (const f of roots) {
    const t = getNamedType(f.type);
    if (!isObjectType(t) || f.name.startsWith('_')) continue;
    const node = connectionNode(t) ?? t;
    const args = argsFor('Query', f, sampleIds[node.name]);
    if (args === null) continue;
    if (!paths.has(node.name)) {
      paths.set(node.name, [{ field: f.name, parent: 'Query', args }]);
      queue.push(node);
    }
  }
  while (queue.length) {
    const t = queue.shift()!;
    for (const f of Object.values(t.getFields())) {
      const ft = getNamedType(f.type);
      if (!isObjectType(ft)) continue;
      const node = connectionNode(ft) ?? ft;
      const args = argsFor(t.name, f);
      if (args === null || paths.has(node.name)) continue;
      paths.set(node.name, [...paths.get(t.name)!, { field: f.name, parent: t.name, args }]);
      queue.push(node);
    }
  }
  return paths;
}

/** Wraps `inner` (a selection on the last type) in the path's fields. */
function queryAlong(schema: GraphQLSchema, path: { field: string; parent: string; args: string }[], leaf: string): string {
  let body = leaf;
  for (let i = path.length - 1; i >= 0; i--) {
    const step = path[i]!;
    const parent = schema.getType(step.parent) as GraphQLObjectType;
    const t = getNamedType(parent.getFields()[step.field]!.type) as GraphQLObjectType;
    body = `${step.field}${step.args.replace(/first: \d+/, `first: ${PAGE}`)} ${selectionOf(t, body)}`;
  }
  return `{ ${body} }`;
}

/** Tables keyed by a single `id` column (the others, such as link tables, have no GraphQL identity). */
const hasId = (t: { db: DataSource; entity: Function }) => {
  const pks = t.db.getMetadata(t.entity).primaryColumns;
  return pks.length === 1 && pks[0]!.databaseName === 'id';
};

interface Finding {
  where: string;
  problem: string;
}

/** Raw SQL: the owner columns of one row (read without the kit, so the oracle is not the code under test). */
async function rowOwners(ctx: Ctx, typeName: string, id: string) {
  const t = ctx.types.get(typeName)!;
  const table = t.db.getMetadata(t.entity).tableName;
  const cols = columnsFor(t.governance, 'x');
  const select = Object.entries(cols).map(([k, sql]) => `${sql} AS ${t.db.driver.escape(`o_${k}`)}`);
  if (!select.length) return {};
  const [row] = await t.db.query(`SELECT ${select.join(', ')} FROM ${table} x WHERE x.id = ?`, [id]);
  if (!row) return null;
  return Object.fromEntries(Object.keys(cols).map((k) => [k, row[`o_${k}`]]));
}

async function check(ctx: Ctx, who: Who, where: string, value: unknown, findings: Finding[], parentType?: string): Promise<void> {
  if (Array.isArray(value)) {
    for (const v of value) await check(ctx, who, where, v, findings, parentType);
    return;
  }
  if (!value || typeof value !== 'object') return;
  const o = value as Record<string, unknown>;
  const identity = ctx.ids[who];
  if ('edges' in o && 'totalCount' in o && Array.isArray(o.edges)) {
    const more = (o.pageInfo as { hasNextPage?: boolean } | undefined)?.hasNextPage;
    if (more === false && o.totalCount !== o.edges.length)
      findings.push({ where, problem: `totalCount ${String(o.totalCount)} but ${o.edges.length} visible rows (a count of rows outside the scope)` });
  }
  const typeName = SAME_ROWS[o.__typename as string] ?? (o.__typename as string | undefined);
  if (typeName) {
    const governed = ctx.types.get(typeName);
    const value = VALUE_TYPES[typeName];
    if (governed && o.id != null) {
      const owners = await rowOwners(ctx, typeName, String(o.id));
      const scope = scopeOf(identity, governed.governance.data);
      if (owners && !inScope(scope, { ...owners, owner: owners.owner as string | null | undefined }))
        findings.push({ where, problem: `${typeName} ${String(o.id)} is outside ${who}'s scope of ${governed.governance.data}` });
    } else if (!governed && !value && !typeName.endsWith('Connection') && !typeName.endsWith('Edge')) {
      findings.push({ where, problem: `type ${typeName} has no access policy: govern its entity (@Governed, typeName) or classify it in VALUE_TYPES` });
    } else if (value && typeof value === 'object' && reachOf(identity.role, value.aggregateOf) === 'none') {
      findings.push({ where, problem: `${typeName} (an aggregate of ${value.aggregateOf}) answered to ${who}, who reaches none of it` });
    }
    for (const [field, v] of Object.entries(o)) {
      const kind = SENSITIVE_FIELDS.get(`${typeName}.${field}`);
      if (kind && typeof v === 'string' && !MASKS[kind]!.test(v)) findings.push({ where: `${where}.${field}`, problem: `${kind} not masked: ${v}` });
    }
  }
  for (const [k, v] of Object.entries(o)) if (v && typeof v === 'object') await check(ctx, who, `${where}.${k}`, v, findings, typeName);
}

/** Rows outside every narrow role's scope (another community, another complex, the other agency), found in SQL. */
interface Targets {
  grid: string; person: string; personVersion: number; event: string; eventVersion: number; complex: string; device: string;
  camera: string; credential: string; alarm: string; hazard: string; hazardVersion: number; line: string; span: string;
}

let serial = 0;
const idNumber = () => {
  const body = `11010519900101${String(100 + (serial++ % 900)).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((a, d, i) => a + Number(d) * weights[i]!, 0);
  return body + '10X98765432'[sum % 11]!;
};

/**
 * Every mutation, with a target out of every narrow role's scope: each role that does not reach that class
 * everywhere must be refused (NOT_FOUND or FORBIDDEN) and nothing may be written. A mutation missing here fails.
 */
const MUTATIONS: Record<string, { data: DataClass; doc: string; vars: (t: Targets) => Record<string, unknown> }> = {
  registerPerson: { data: 'PERSONAL', doc: 'mutation($i: RegisterPersonInput!) { registerPerson(input: $i) { id } }', vars: (t) => ({ i: { name: '越权', idNumber: idNumber(), gridId: t.grid } }) },
  updatePerson: { data: 'PERSONAL', doc: 'mutation($id: ID!, $v: Int!) { updatePerson(id: $id, expectedVersion: $v, input: { name: "越权" }) { id } }', vars: (t) => ({ id: t.person, v: t.personVersion }) },
  tagPerson: { data: 'PERSONAL', doc: 'mutation($id: ID!) { tagPerson(personId: $id, tag: DRUG_REHABILITATION) { id } }', vars: (t) => ({ id: t.person }) },
  recordCareVisit: { data: 'PERSONAL', doc: 'mutation($id: ID!) { recordCareVisit(input: { personId: $id, visitor: "x", note: "越权" }) { id } }', vars: (t) => ({ id: t.person }) },
  revealPersonIdentity: { data: 'PERSONAL', doc: 'mutation($id: ID!) { revealPersonIdentity(personId: $id, purpose: "matrix probe") { idNumber } }', vars: (t) => ({ id: t.person }) },
  reportEvent: {
    data: 'EVENTS',
    doc: 'mutation($g: ID!) { reportEvent(input: { title: "越权", description: "x", category: "DISPUTE_NEIGHBOURS", source: PATROL, gridId: $g, location: "x", reporter: "x" }) { id } }',
    vars: (t) => ({ g: t.grid }),
  },
  transitionEvent: { data: 'EVENTS', doc: 'mutation($id: ID!, $v: Int!) { transitionEvent(id: $id, action: ACCEPT, expectedVersion: $v) { id } }', vars: (t) => ({ id: t.event, v: t.eventVersion }) },
  registerDoorCredential: {
    data: 'CREDENTIALS',
    doc: 'mutation($p: ID!, $c: ID!) { registerDoorCredential(input: { personId: $p, kind: CARD, reference: "MATRIX-1", complexId: $c }) { id } }',
    vars: (t) => ({ p: t.person, c: t.complex }),
  },
  revokeDoorCredential: { data: 'CREDENTIALS', doc: 'mutation($id: ID!) { revokeDoorCredential(id: $id) { id } }', vars: (t) => ({ id: t.credential }) },
  ingestAccessRecords: {
    data: 'DEVICES',
    doc: 'mutation($r: [AccessRecordInput!]!) { ingestAccessRecords(records: $r) { accepted } }',
    vars: (t) => ({ r: [{ deviceId: t.device, deviceSeq: 9_000_000, deviceTime: new Date().toISOString(), direction: 'IN', credential: 'CARD', result: 'GRANTED', personId: t.person }] }),
  },
  recordFaceAlarm: {
    data: 'FACE_ALARMS',
    doc: 'mutation($c: ID!) { recordFaceAlarm(input: { cameraId: $c, occurredAt: "2026-11-01T00:00:00Z", similarity: 0.97, watchEntryRef: "W-1" }) { id } }',
    vars: (t) => ({ c: t.camera }),
  },
  confirmFaceAlarm: { data: 'FACE_ALARMS', doc: 'mutation($id: ID!) { confirmFaceAlarm(id: $id) { id } }', vars: (t) => ({ id: t.alarm }) },
  dismissFaceAlarm: { data: 'FACE_ALARMS', doc: 'mutation($id: ID!) { dismissFaceAlarm(id: $id) { id } }', vars: (t) => ({ id: t.alarm }) },
  reportTreeHazard: {
    data: 'PARTNER_REPORTS',
    doc: 'mutation($l: ID!, $s: ID!) { reportTreeHazard(input: { lineId: $l, spanId: $s, species: "杨树", measuredClearanceM: 1.0 }) { id } }',
    vars: (t) => ({ l: t.line, s: t.span }),
  },
  updateTreeHazard: { data: 'PARTNER_REPORTS', doc: 'mutation($id: ID!, $v: Int!) { updateTreeHazard(id: $id, expectedVersion: $v, input: { species: "越权" }) { id } }', vars: (t) => ({ id: t.hazard, v: t.hazardVersion }) },
  // Dead letters of a service's outbox: administrators only (the matrix's id need not exist: every other role is refused first).
  retryComplexOutboxMessage: { data: 'OUTBOX', doc: 'mutation { retryComplexOutboxMessage(id: "1") { id } }', vars: () => ({}) },
  retryPowergridOutboxMessage: { data: 'OUTBOX', doc: 'mutation { retryPowergridOutboxMessage(id: "1") { id } }', vars: () => ({}) },
  // Webhooks: PARTNER, VENDOR and SUBDISTRICT_ADMIN subscribe (and manage only their own); every other role is refused.
  subscribePowergridWebhook: {
    data: 'WEBHOOKS',
    doc: 'mutation { subscribePowergridWebhook(input: { url: "http://127.0.0.1:9/hook", events: ["TREE_HAZARD_CHANGED"], secret: "matrix-probe-secret-1" }) { id } }',
    vars: () => ({}),
  },
  unsubscribePowergridWebhook: { data: 'WEBHOOKS', doc: 'mutation { unsubscribePowergridWebhook(id: "1") }', vars: () => ({}) },
  replayPowergridWebhookDelivery: { data: 'WEBHOOKS', doc: 'mutation { replayPowergridWebhookDelivery(id: "1") { id } }', vars: () => ({}) },
  subscribeSubdistrictWebhook: {
    data: 'WEBHOOKS',
    doc: 'mutation { subscribeSubdistrictWebhook(input: { url: "http://127.0.0.1:9/hook", events: ["GRID_EVENT_STATUS_CHANGED"], secret: "matrix-probe-secret-1" }) { id } }',
    vars: () => ({}),
  },
  unsubscribeSubdistrictWebhook: { data: 'WEBHOOKS', doc: 'mutation { unsubscribeSubdistrictWebhook(id: "1") }', vars: () => ({}) },
  replaySubdistrictWebhookDelivery: { data: 'WEBHOOKS', doc: 'mutation { replaySubdistrictWebhookDelivery(id: "1") { id } }', vars: () => ({}) },
  requestMediation: { data: 'PARTNER_REPORTS', doc: 'mutation($id: ID!, $v: Int!) { requestMediation(hazardId: $id, expectedVersion: $v, reason: "matrix probe") { id } }', vars: (t) => ({ id: t.hazard, v: t.hazardVersion }) },
};

/** Every table of every subgraph database, as (rows, sum of versions): a refused mutation changes none of it. */
async function snapshot(hub: TestHub): Promise<string> {
  const parts: string[] = [];
  for (const [name, sg] of Object.entries(hub.hub.subgraphs)) {
    for (const meta of sg.db.entityMetadatas) {
      if (meta.tableName === 'audit_log' || meta.tableName === 'outbox') continue;
      const version = meta.versionColumn ? `, SUM(${sg.db.driver.escape(meta.versionColumn.databaseName)}) AS v` : '';
      const [row] = await sg.db.query(`SELECT COUNT(*) AS n${version} FROM ${sg.db.driver.escape(meta.tableName)}`);
      parts.push(`${name}.${meta.tableName}=${String(row.n)}/${String(row.v ?? '')}`);
    }
  }
  return parts.join(' ');
}

describe.each(testDialects())('access policy generated from the schema (%s)', (dialect) => {
  let ctx: Ctx;
  const tally = { fields: 0, entities: 0 };

  beforeAll(async () => {
    const hub = await startTestHub(dialect, { plugins: pluginsNamed(['powergrid']) });
    const introspection = await hub.query<IntrospectionQuery>(getIntrospectionQuery());
    const schema = buildClientSchema(introspection.data!);
    const community = hub.hub.subgraphs.community!.db;
    const [grid] = await community.query('SELECT g.id, g.communityId FROM grid g WHERE g.communityId <> 1 AND g.validTo IS NULL AND EXISTS (SELECT 1 FROM person p WHERE p.gridId = g.id) ORDER BY g.id LIMIT 1');
    const [agency] = await hub.hub.subgraphs.powergrid!.db.query('SELECT agency FROM power_line ORDER BY id LIMIT 1');
    const ids: Record<Who, Identity> = {
      admin: { subject: 'matrix-admin', role: Role.SUBDISTRICT_ADMIN },
      operator: { subject: 'matrix-operator', role: Role.CENTER_OPERATOR },
      staff: { subject: 'matrix-staff', role: Role.COMMUNITY_STAFF, communityIds: [1] },
      worker: { subject: 'matrix-worker', role: Role.GRID_WORKER, gridIds: [Number(grid.id)], communityIds: [Number(grid.communityId)] },
      manager: { subject: 'matrix-manager', role: Role.COMPLEX_MANAGER, complexIds: [1] },
      partner: { subject: 'matrix-partner', role: Role.PARTNER, agency: String(agency.agency) },
      auditor: { subject: 'matrix-auditor', role: Role.AUDITOR },
    };
    const types = new Map<string, { governance: Governance; entity: Function; db: DataSource; subgraph: string }>();
    for (const [entity, governance] of governedEntities()) {
      for (const [name, sg] of Object.entries(hub.hub.subgraphs)) {
        if (sg.db.hasMetadata(entity) && (!types.has(governance.typeName) || name !== 'community'))
          types.set(governance.typeName, { governance, entity, db: sg.db, subgraph: name });
      }
    }
    ctx = { hub, schema, ids, types };
  }, 300_000);

  afterAll(async () => {
    console.log(`access policy (${dialect}): ${tally.fields} (field × role) and ${tally.entities} (_entities type × role) cases`);
    await ctx?.hub.stop();
  });

  test('every field of every type reachable from a root, for every role, returns only rows in scope, masked, with honest counts', async () => {
    const findings: Finding[] = [];
    const sample: Record<string, string> = {};
    for (const [name, t] of ctx.types) {
      if (!hasId(t)) continue;
      const [row] = await t.db.query(`SELECT id FROM ${t.db.getMetadata(t.entity).tableName} ORDER BY id LIMIT 1`);
      if (row) sample[name] = String(row.id);
    }
    const paths = pathsToTypes(ctx.schema, sample);
    for (const [typeName, path] of paths) {
      const type = ctx.schema.getType(typeName) as GraphQLObjectType;
      for (const field of Object.values(type.getFields())) {
        const coordinate = `${typeName}.${field.name}`;
        if (PERSONAL_NAME.test(field.name) && !SENSITIVE_FIELDS.has(coordinate) && !NOT_PERSONAL[coordinate])
          findings.push({ where: coordinate, problem: 'looks like personal data but is neither masked (@Sensitive) nor classified as not personal' });
        const ft = getNamedType(field.type as GraphQLOutputType);
        if (!isObjectType(ft)) continue;
        const args = argsFor(typeName, field);
        if (args === null) {
          findings.push({ where: coordinate, problem: 'has required arguments the matrix cannot fill: add them to ARGUMENTS' });
          continue;
        }
        const ask = async (who: Who) => {
          // A long path of 30-row pages can exceed the gateway's cost limit: then the same path with pages of 3.
          for (const page of [30, 3]) {
            PAGE = page;
            const doc = queryAlong(ctx.schema, path, `${field.name}${argsFor(typeName, field)} ${selectionOf(ft)}`);
            const r = await ctx.hub.query(doc, undefined, await ctx.hub.token(ctx.ids[who]));
            if (!r.errors?.some((e) => e.extensions?.code === 'QUERY_TOO_COMPLEX') || page === 3) return r;
          }
          throw new Error('unreachable');
        };
        // The roles ask side by side; their findings are checked one by one.
        const answers = await Promise.all((Object.keys(ctx.ids) as Who[]).map(async (who) => [who, await ask(who)] as const));
        for (const [who, r] of answers) {
          tally.fields++;
          for (const e of r.errors ?? []) {
            const code = e.extensions?.code;
            if (!code || code === 'INTERNAL' || code === 'GRAPHQL_VALIDATION_FAILED' || code === 'QUERY_TOO_COMPLEX')
              findings.push({ where: `${coordinate} as ${who}`, problem: `error ${String(code)}: ${e.message}` });
          }
          await check(ctx, who, `${coordinate} as ${who}`, r.data, findings);
        }
      }
    }
    expect(findings).toEqual([]);
  }, 900_000);

  test('_entities straight to each owning subgraph resolves only rows in the caller\'s scope', async () => {
    const findings: Finding[] = [];
    for (const [typeName, t] of ctx.types) {
      const gqlType = ctx.schema.getType(typeName);
      if (!gqlType || !isObjectType(gqlType) || !gqlType.getFields().id || !hasId(t)) continue;
      // Only entity types (a @key in the owning subgraph's schema) have references to resolve.
      if (!new RegExp(`type ${typeName} [^{]*@key`).test(ctx.hub.hub.subgraphs[t.subgraph]!.sdl)) continue;
      const table = t.db.getMetadata(t.entity).tableName;
      const rows: { id: string | number }[] = await t.db.query(`SELECT id FROM ${table} ORDER BY id LIMIT 40`);
      if (!rows.length) continue;
      const url = ctx.hub.hub.subgraphs[t.subgraph]!.url;
      for (const who of Object.keys(ctx.ids) as Who[]) {
        const identity = ctx.ids[who];
        const headers = { 'content-type': 'application/json', ...(await identityHeaders(ctx.hub.hub.identityKeys, identity, t.subgraph)) };
        const body = JSON.stringify({
          query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on ${typeName} { __typename id } } }`,
          variables: { r: rows.map((row) => ({ __typename: typeName, id: String(row.id) })) },
        });
        const answer = (await (await fetch(url, { method: 'POST', headers, body })).json()) as { data?: { _entities: ({ id: string } | null)[] }; errors?: { extensions?: { code?: string } }[] };
        tally.entities++;
        for (const e of answer.errors ?? []) if (e.extensions?.code !== 'NOT_FOUND') findings.push({ where: `_entities ${typeName} as ${who}`, problem: `error ${String(e.extensions?.code)}` });
        await check(ctx, who, `_entities ${typeName} as ${who}`, answer.data?._entities?.filter(Boolean).map((x) => ({ ...x, __typename: typeName })), findings);
        // Nothing readable is lost either: every row in scope resolves.
        const scope = scopeOf(identity, t.governance.data);
        for (const [i, row] of rows.entries()) {
          const owners = await rowOwners(ctx, typeName, String(row.id));
          const visible = owners && inScope(scope, owners as never);
          const got = answer.data?._entities?.[i];
          if (visible && !got) findings.push({ where: `_entities ${typeName} ${row.id} as ${who}`, problem: 'a row in scope did not resolve' });
        }
      }
    }
    expect(findings).toEqual([]);
  }, 600_000);

  test('every mutation × role with a target out of scope is refused and writes nothing', async () => {
    const db = (name: string) => ctx.hub.hub.subgraphs[name]!.db;
    const worker = ctx.ids.worker.communityIds![0]!;
    const [cx] = await db('complex').query('SELECT id, communityId FROM residential_complex WHERE id <> 1 AND communityId NOT IN (1, ?) ORDER BY id LIMIT 1', [worker]);
    const c3 = Number(cx.communityId);
    const [grid] = await db('community').query('SELECT id FROM grid WHERE communityId = ? AND validTo IS NULL ORDER BY id LIMIT 1', [c3]);
    const [person] = await db('community').query('SELECT id, version FROM person WHERE communityId = ? ORDER BY id LIMIT 1', [c3]);
    const [event] = await db('subdistrict').query("SELECT id, version FROM grid_event WHERE communityId = ? AND status = 'REPORTED' ORDER BY id LIMIT 1", [c3]);
    const [device] = await db('complex').query('SELECT id FROM device WHERE complexId = ? ORDER BY id LIMIT 1', [cx.id]);
    const [camera] = await db('complex').query("SELECT id FROM device WHERE complexId = ? AND kind = 'FACE_CAMERA' ORDER BY id LIMIT 1", [cx.id]);
    const [hazard] = await db('powergrid').query('SELECT id, version, lineId, spanId FROM tree_hazard WHERE agency <> ? ORDER BY id LIMIT 1', [ctx.ids.partner.agency]);
    // A credential and an alarm in that complex, made by the administrator first.
    const admin = ctx.hub.adminToken;
    const cred = await ctx.hub.query<{ registerDoorCredential: { id: string } }>(MUTATIONS.registerDoorCredential!.doc, { p: String(person.id), c: String(cx.id) }, admin);
    const alarm = await ctx.hub.query<{ recordFaceAlarm: { id: string } }>(MUTATIONS.recordFaceAlarm!.doc, { c: String(camera?.id ?? device.id) }, admin);
    const t: Targets = {
      grid: String(grid.id), person: String(person.id), personVersion: Number(person.version), event: String(event.id), eventVersion: Number(event.version),
      complex: String(cx.id), device: String(device.id), camera: String(camera?.id ?? device.id), credential: cred.data?.registerDoorCredential.id ?? '0',
      alarm: alarm.data?.recordFaceAlarm.id ?? '0', hazard: String(hazard.id), hazardVersion: Number(hazard.version), line: String(hazard.lineId), span: String(hazard.spanId),
    };
    const findings: Finding[] = [];
    let cases = 0;
    for (const field of Object.keys(ctx.schema.getMutationType()!.getFields())) {
      const m = MUTATIONS[field];
      if (!m) {
        findings.push({ where: `Mutation.${field}`, problem: 'no out-of-scope fixture in MUTATIONS: every mutation must be in the matrix' });
        continue;
      }
      for (const who of Object.keys(ctx.ids) as Who[]) {
        if (reachOf(ctx.ids[who].role, m.data, { write: true }) === 'all') continue;
        const before = await snapshot(ctx.hub);
        const r = await ctx.hub.query(m.doc, m.vars(t), await ctx.hub.token(ctx.ids[who]));
        cases++;
        const codes = (r.errors ?? []).map((e) => e.extensions?.code);
        const rejected = (r.data as { ingestAccessRecords?: { accepted: number } } | null)?.ingestAccessRecords?.accepted === 0;
        if (!rejected && !codes.some((c) => c === 'NOT_FOUND' || c === 'FORBIDDEN'))
          findings.push({ where: `Mutation.${field} as ${who}`, problem: `not refused (errors: ${JSON.stringify(codes)})` });
        if ((await snapshot(ctx.hub)) !== before) findings.push({ where: `Mutation.${field} as ${who}`, problem: 'wrote something' });
      }
    }
    console.log(`access policy (${dialect}): ${cases} (mutation × role) cases`);
    expect(findings).toEqual([]);
  }, 600_000);
});
