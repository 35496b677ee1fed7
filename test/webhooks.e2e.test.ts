import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Role, verifyWebhookSignature, WEBHOOK_HEADERS } from '@gridhub/kit';
import { pluginsNamed } from '@gridhub/cli';
import { POWERGRID_AGENCIES } from '../subgraphs/powergrid/src/seed';
import { startTestHub, type TestHub } from './src/hub';
import { until } from './src/steady-load';

/**
 * Issue 16, item 2, through the real hub (`gridhub start --with powergrid`): a partner subscribes through the gateway,
 * requests mediation on one of its hazards, and its receiver gets the change signed; a partner of another agency
 * subscribed to the same kinds gets nothing.
 */
describe('partner webhooks through the gateway (sqlite)', () => {
  const received: { path: string; headers: IncomingHttpHeaders; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  let base: string;
  let t: TestHub;
  const saved = process.env.GRIDHUB_WEBHOOK_PRIVATE_NETWORKS;

  beforeAll(async () => {
    process.env.GRIDHUB_WEBHOOK_PRIVATE_NETWORKS = 'allow'; // the receiver is on 127.0.0.1
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    t = await startTestHub('sqlite', { plugins: pluginsNamed(['powergrid']) });
  });
  afterAll(async () => {
    await t?.stop();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    if (saved === undefined) delete process.env.GRIDHUB_WEBHOOK_PRIVATE_NETWORKS;
    else process.env.GRIDHUB_WEBHOOK_PRIVATE_NETWORKS = saved;
  });

  it('delivers the partner its own hazard changes, signed, and nothing to another agency', async () => {
    const agencies = Object.values(POWERGRID_AGENCIES).map((a) => a.code);
    const a = await t.token({ subject: 'sg-dispatch', role: Role.PARTNER, agency: agencies[0]! });
    const b = await t.token({ subject: 'other-dispatch', role: Role.PARTNER, agency: agencies[1]! });
    const subscribe = `mutation($u: String!, $s: String!) { subscribePowergridWebhook(input: { url: $u, events: ["TREE_HAZARD_CHANGED"], secret: $s }) { id subscriber } }`;
    const hookA = await t.query<{ subscribePowergridWebhook: { id: string; subscriber: string } }>(subscribe, { u: `${base}/a`, s: 'secret-of-agency-a-1234' }, a);
    expect(hookA.errors).toBeUndefined();
    expect(hookA.data!.subscribePowergridWebhook.subscriber).toBe('sg-dispatch');
    expect((await t.query(subscribe, { u: `${base}/b`, s: 'secret-of-agency-b-1234' }, b)).errors).toBeUndefined();

    const open = await t.query<{ treeHazards: { edges: { node: { id: string; version: number } }[] } }>('{ treeHazards(filter: { status: [CLEARING] }, first: 1) { edges { node { id version } } } }', {}, a);
    const hazard = open.data!.treeHazards.edges[0]!.node;
    const mediated = await t.query('mutation($id: ID!, $v: Int!) { requestMediation(hazardId: $id, expectedVersion: $v, reason: "业主阻工") { id } }', { id: hazard.id, v: hazard.version }, a);
    expect(mediated.errors).toBeUndefined();

    await until(async () => received.some((r) => r.path === '/a'), 30_000);
    const [got] = received.filter((r) => r.path === '/a');
    expect(verifyWebhookSignature('secret-of-agency-a-1234', got!.headers, got!.body)).toBe(true);
    const body = JSON.parse(got!.body) as { id: string; event: string; data: { hazard: { id: string; status: string; agency: string }; mediationRequested: boolean } };
    expect(body).toMatchObject({ event: 'TREE_HAZARD_CHANGED', data: { hazard: { id: hazard.id, status: 'NEGOTIATING', agency: agencies[0] }, mediationRequested: true } });
    expect(got!.headers[WEBHOOK_HEADERS.id]).toBe(body.id);

    // The delivery log through the gateway: the owner sees it delivered; the other agency sees nothing.
    const log = 'query { powergridWebhookDeliveries(first: 10) { totalCount edges { node { deliveryId deliveredAt lastStatus } } } }';
    await until(async () => {
      const r = await t.query<{ powergridWebhookDeliveries: { edges: { node: { deliveredAt: string | null } }[] } }>(log, {}, a);
      return r.data?.powergridWebhookDeliveries.edges.at(-1)?.node.deliveredAt != null;
    }, 30_000);
    const mine = await t.query<{ powergridWebhookDeliveries: { totalCount: number; edges: { node: { deliveryId: string; lastStatus: number } }[] } }>(log, {}, a);
    expect(mine.data!.powergridWebhookDeliveries.edges.map((e) => e.node)).toContainEqual(expect.objectContaining({ deliveryId: body.id, lastStatus: 204 }));
    const theirs = await t.query<{ powergridWebhookDeliveries: { totalCount: number } }>(log, {}, b);
    expect(theirs.data!.powergridWebhookDeliveries.totalCount).toBe(0);
    expect(received.filter((r) => r.path === '/b')).toEqual([]);
  });
});
