import { testDialects } from '@gridhub/kit/testing';
import { startApolloGateway, type RunningApolloGateway } from './src/bench/apollo-gateway';
import { startHiveGateway, type RunningHiveGateway } from './src/bench/hive-gateway';
import {
  BENCH_IDENTITY, countStatements, expectedStatements, OPERATIONS, prepareBenchData, requestFor, send, type BenchData, type Endpoints, type TargetKind,
} from './src/bench/operations';
import { startTestHub, type TestHub } from './src/hub';

const TARGETS: TargetKind[] = ['gateway', 'hive', 'apollo', 'direct'];
const cases = OPERATIONS.flatMap((op) => TARGETS.filter((t) => expectedStatements(op, t)).map((target) => [op.id, target, op] as const));

/** The SQL statements per request that `pnpm bench` reports (issue 7), from the same operation definitions. Not timed. */
describe.each(testDialects())('benchmark operations: SQL statements per request (%s)', (dialect) => {
  let t: TestHub;
  let hive: RunningHiveGateway;
  let apollo: RunningApolloGateway;
  let endpoints: Endpoints;
  let data: BenchData;

  beforeAll(async () => {
    t = await startTestHub(dialect);
    const supergraph = (await t.hub.registry.current())!.supergraphSdl;
    hive = await startHiveGateway(supergraph, t.hub);
    apollo = await startApolloGateway(supergraph, t.hub);
    const { hub } = t;
    endpoints = {
      gateways: { gateway: hub.gateway.url, hive: hive.url, apollo: apollo.url },
      subgraphs: Object.fromEntries(Object.entries(hub.subgraphs).map(([name, sg]) => [name, sg.url])),
      identityKeys: hub.identityKeys,
      clientToken: await t.token(BENCH_IDENTITY),
      statementTotals: async () => Object.fromEntries(Object.entries(hub.subgraphs).map(([name, sg]) => [name, sg.sql.total])),
    };
    data = await prepareBenchData((query, variables) => t.query(query, variables));
  });
  afterAll(async () => {
    await hive?.stop();
    await apollo?.stop();
    await t?.stop();
  });

  it('finds persons with door records and person-search pages to rotate through', () => {
    expect(data.personIds.length).toBeGreaterThan(10);
    expect(data.searchPages.some((p) => p.after !== null)).toBe(true);
  });

  it.each(cases)('%s at %s answers without errors and issues the statements the bench reports', async (_id, target, op) => {
    const request = (await requestFor(op, target, endpoints, data, 1))!;
    const answer = await send(request);
    expect(answer.errors).toBeUndefined();
    expect(answer.status).toBe(200);
    expect(await countStatements(op, target, endpoints, data)).toEqual(expectedStatements(op, target));
  });

  it.each(OPERATIONS.map((op) => [op.id, op] as const))('%s: statements do not depend on list sizes (first: 5 vs first: 100)', async (_id, op) => {
    const small = await countStatements(op, 'gateway', endpoints, { ...data, first: 5 });
    const large = await countStatements(op, 'gateway', endpoints, { ...data, first: 100 });
    expect(large).toEqual(small);
  });
});
