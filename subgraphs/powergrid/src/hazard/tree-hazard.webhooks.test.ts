import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deliverWebhooks, ScopedData, ServiceMetrics, verifyWebhookSignature, WEBHOOK_HEADERS, WebhookDeliveryEntity, WebhookEntity, type WebhookBody } from '@gridhub/kit';
import type { Identity } from '@gridhub/kit';
import { startTestSubgraph, testDatabase, testDialects, type TestSubgraph } from '@gridhub/kit/testing';
import { powergrid } from '../index';
import { seedLines, who } from '../testing/lines.fixture';
import { TreeHazardEntity } from './tree-hazard.entity';
import { emitHazardReported } from './tree-hazard.webhooks';

const SUBSCRIBE = `mutation($i: WebhookInput!) { subscribePowergridWebhook(input: $i) { id url events subscriber disabledAt } }`;
const HOOKS = `{ powergridWebhooks { id url disabledAt disabledReason consecutiveFailures } }`;
const DELIVERIES = `query($w: ID) { powergridWebhookDeliveries(webhookId: $w, first: 100) { totalCount edges { node { id deliveryId event deliveredAt attempts lastStatus } } } }`;
const REPLAY = `mutation($id: ID!) { replayPowergridWebhookDelivery(id: $id) { id deliveryId deliveredAt } }`;
const UNSUBSCRIBE = `mutation($id: ID!) { unsubscribePowergridWebhook(id: $id) }`;
const REPORT = `mutation($i: ReportTreeHazardInput!) { reportTreeHazard(input: $i) { id version } }`;
const UPDATE = `mutation($id: ID!, $v: Int!, $i: UpdateTreeHazardInput!) { updateTreeHazard(id: $id, expectedVersion: $v, input: $i) { id version status } }`;
const MEDIATE = `mutation($id: ID!, $v: Int!) { requestMediation(hazardId: $id, expectedVersion: $v, reason: "户主不同意砍伐") { id version } }`;

const SECRET_A = 'partner-a-secret-0123456789';
const SECRET_B = 'partner-b-secret-0123456789';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const until = async (what: string, fn: () => Promise<boolean> | boolean, ms = 20_000) => {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await fn()) return;
    await sleep(25);
  }
  throw new Error(`not within ${ms} ms: ${what}`);
};

type Mode = 'ok' | 'fail' | 'hang';
interface Received { path: string; headers: IncomingHttpHeaders; body: string; answered: number | 'hung' }

/** A real receiver on 127.0.0.1: per path it answers 200, 500, or never (until the test ends). */
function receiver() {
  const modes = new Map<string, Mode>();
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const mode = modes.get(req.url ?? '') ?? 'ok';
      received.push({ path: req.url ?? '', headers: req.headers, body, answered: mode === 'hang' ? 'hung' : mode === 'ok' ? 200 : 500 });
      if (mode === 'ok') res.writeHead(200).end('ok');
      else if (mode === 'fail') res.writeHead(500).end('down for maintenance');
      // hang: no answer; the sender's per-attempt timeout gives up
    });
  });
  return {
    modes,
    received,
    at: (path: string) => received.filter((r) => r.path === path),
    async listen() {
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

describe.each(testDialects())('tree-hazard webhooks (%s)', (dialect) => {
  const db = testDatabase(dialect);
  const rx = receiver();
  let base: string;
  let fx: TestSubgraph;

  beforeAll(async () => {
    // The receiver runs on 127.0.0.1: private addresses are refused unless the operator allows them.
    process.env.GRIDHUB_WEBHOOK_PRIVATE_NETWORKS = 'allow';
    base = await rx.listen();
    fx = await startTestSubgraph(
      { ...powergrid, services: () => ({ webhooks: { intervalMs: 30, timeoutMs: 300, maxBackoffMs: 200, disableAfter: 1_000 } }) },
      { database: db.config },
    );
    await seedLines(fx.subgraph);
  });
  afterAll(async () => {
    await fx?.stop();
    await rx.close();
    await db.cleanup(['powergrid']);
  });

  const ok = <T>(r: { data?: T | null; errors?: unknown[] }) => {
    expect(r.errors).toBeUndefined();
    return r.data!;
  };
  const subscribe = async (identity: Identity, path: string, secret: string, events = ['TREE_HAZARD_REPORTED', 'TREE_HAZARD_CHANGED']) =>
    ok(await fx.query<{ subscribePowergridWebhook: { id: string } }>(SUBSCRIBE, { i: { url: `${base}${path}`, events, secret } }, identity)).subscribePowergridWebhook;
  const report = async (spanId = '1', identity: Identity = who.partnerA, lineId = '1') =>
    ok(await fx.query<{ reportTreeHazard: { id: string; version: number } }>(REPORT, { i: { lineId, spanId, species: '杨树', measuredClearanceM: 0.9 } }, identity)).reportTreeHazard;
  const deliveriesOf = (webhookId: string) => fx.subgraph.db.getRepository(WebhookDeliveryEntity).findBy({ webhookId: Number(webhookId) });

  it('refuses URLs that are not http(s), unknown kinds, short secrets, and roles that may not subscribe', async () => {
    const codes = async (i: Record<string, unknown>, identity: Identity = who.partnerA) =>
      (await fx.query(SUBSCRIBE, { i: { url: `${base}/x`, events: ['TREE_HAZARD_REPORTED'], secret: SECRET_A, ...i } }, identity)).errors?.map((e) => e.extensions?.code);
    expect(await codes({ url: 'ftp://127.0.0.1/x' })).toEqual(['BAD_USER_INPUT']);
    expect(await codes({ url: 'file:///etc/passwd' })).toEqual(['BAD_USER_INPUT']);
    expect(await codes({ url: 'not a url' })).toEqual(['BAD_USER_INPUT']);
    expect(await codes({ events: ['GRID_EVENT_CHANGED'] })).toEqual(['BAD_USER_INPUT']);
    expect(await codes({ events: [] })).toEqual(['BAD_USER_INPUT']);
    expect(await codes({ secret: 'short' })).toEqual(['BAD_USER_INPUT']);
    expect(await codes({}, who.worker)).toEqual(['FORBIDDEN']);
    expect(await codes({}, who.operator)).toEqual(['FORBIDDEN']);
    expect(await fx.subgraph.db.getRepository(WebhookEntity).count()).toBe(0);
    // By default the hub posts to no private address: a literal one is refused at once, a name that resolves to one
    // (localhost) before every attempt (kit: destination.test.ts).
    delete process.env.GRIDHUB_WEBHOOK_PRIVATE_NETWORKS;
    try {
      for (const url of ['http://127.0.0.1:9/x', 'http://10.1.2.3/x', 'http://169.254.169.254/latest', 'http://[::1]:9/x', 'http://[::ffff:127.0.0.1]/x'])
        expect(await codes({ url })).toEqual(['BAD_USER_INPUT']);
      const local = ok(await fx.query<{ subscribePowergridWebhook: { id: string } }>(SUBSCRIBE, { i: { url: base.replace('127.0.0.1', 'localhost'), events: ['TREE_HAZARD_REPORTED'], secret: SECRET_A } }, who.partnerA));
      expect(local.subscribePowergridWebhook.id).toBeDefined();
      await fx.query(UNSUBSCRIBE, { id: local.subscribePowergridWebhook.id }, who.partnerA);
    } finally {
      process.env.GRIDHUB_WEBHOOK_PRIVATE_NETWORKS = 'allow';
    }
  });

  it('every change is delivered through 500s and timeouts, signed, duplicates only under one delivery id; another agency gets nothing', async () => {
    const hookA = await subscribe(who.partnerA, '/a', SECRET_A);
    const hookB = await subscribe(who.partnerB, '/b', SECRET_B);
    rx.modes.set('/a', 'fail');
    const reported = [await report('1'), await report('2'), await report('3')];
    await until('failed attempts while the receiver answers 500', () => rx.at('/a').filter((r) => r.answered === 500).length >= 3);
    rx.modes.set('/a', 'hang');
    // Changes while the receiver hangs: a status change and a mediation request.
    const cleared = ok(await fx.query<{ updateTreeHazard: { version: number } }>(UPDATE, { id: reported[0]!.id, v: 1, i: { status: 'CLEARING' } }, who.partnerA));
    ok(await fx.query(MEDIATE, { id: reported[1]!.id, v: 1 }, who.partnerA));
    await until('attempts the receiver never answers', () => rx.at('/a').filter((r) => r.answered === 'hung').length >= 2);
    // A refused change (stale version) is rolled back: nothing to deliver for it.
    expect((await fx.query(UPDATE, { id: reported[0]!.id, v: 1, i: { status: 'CLEARED' } }, who.partnerA)).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    rx.modes.set('/a', 'ok');
    ok(await fx.query(UPDATE, { id: reported[0]!.id, v: cleared.updateTreeHazard.version, i: { status: 'CLEARED' } }, who.partnerA));

    const expected = 3 + 3; // three reports; CLEARING, mediation, CLEARED
    await until('every delivery of webhook A delivered', async () => {
      const rows = await deliveriesOf(hookA.id);
      return rows.length === expected && rows.every((d) => d.deliveredAt !== null);
    });
    const rows = await deliveriesOf(hookA.id);
    const got = rx.at('/a');
    // Every request is signed with A's secret over timestamp.body.
    for (const r of got) expect(verifyWebhookSignature(SECRET_A, r.headers, r.body)).toBe(true);
    expect(verifyWebhookSignature(SECRET_B, got[0]!.headers, got[0]!.body)).toBe(false);
    expect(verifyWebhookSignature(SECRET_A, got[0]!.headers, got[0]!.body.replace('杨树', '松树'))).toBe(false);
    // Duplicates (retries) only under the same delivery id, with the same body; every delivery reached the receiver.
    const byId = new Map<string, Set<string>>();
    for (const r of got) byId.set(String(r.headers[WEBHOOK_HEADERS.id]), (byId.get(String(r.headers[WEBHOOK_HEADERS.id])) ?? new Set()).add(r.body));
    expect([...byId.values()].every((bodies) => bodies.size === 1)).toBe(true);
    expect(new Set(got.filter((r) => r.answered === 200).map((r) => r.headers[WEBHOOK_HEADERS.id]))).toEqual(new Set(rows.map((d) => d.deliveryId)));
    expect(got.length).toBeGreaterThan(expected); // there were retries
    // No change lost: each report and each change arrived once by id, in the hazard's versions.
    const bodies = [...byId.values()].map((s) => JSON.parse([...s][0]!) as WebhookBody<{ hazard: { id: string; version: number; status: string }; changed?: string[]; mediationRequested?: boolean }>);
    const seen = bodies.map((b) => `${b.event}:${b.data.hazard.id}:${b.data.hazard.version}:${b.data.hazard.status}`).sort();
    expect(seen).toEqual([
      ...reported.map((h) => `TREE_HAZARD_REPORTED:${h.id}:1:REPORTED`),
      `TREE_HAZARD_CHANGED:${reported[0]!.id}:2:CLEARING`,
      `TREE_HAZARD_CHANGED:${reported[0]!.id}:3:CLEARED`,
      `TREE_HAZARD_CHANGED:${reported[1]!.id}:2:NEGOTIATING`,
    ].sort());
    expect(bodies.find((b) => b.data.hazard.status === 'NEGOTIATING')!.data.mediationRequested).toBe(true);
    expect(bodies.every((b) => b.source === 'powergrid' && b.id === String(got.find((r) => r.body === JSON.stringify(b))?.headers[WEBHOOK_HEADERS.id]))).toBe(true);
    // Partner B (another agency) got nothing of agency A's hazards, and sees nothing of A's log.
    expect(rx.at('/b')).toEqual([]);
    expect(await deliveriesOf(hookB.id)).toEqual([]);
    const logB = ok(await fx.query<{ powergridWebhookDeliveries: { totalCount: number } }>(DELIVERIES, {}, who.partnerB));
    expect(logB.powergridWebhookDeliveries.totalCount).toBe(0);
    // ...but B's own hazard reaches B, not A.
    const own = await report('5', who.partnerB, '2');
    await until('B gets its own report', () => rx.at('/b').some((r) => r.answered === 200));
    expect(JSON.parse(rx.at('/b')[0]!.body).data.hazard.id).toBe(own.id);
    expect(verifyWebhookSignature(SECRET_B, rx.at('/b')[0]!.headers, rx.at('/b')[0]!.body)).toBe(true);
    expect((await deliveriesOf(hookA.id)).length).toBe(expected);
    const { powergridWebhooks } = ok(await fx.query<{ powergridWebhooks: { id: string; consecutiveFailures: number }[] }>(HOOKS, {}, who.partnerA));
    expect(powergridWebhooks).toEqual([expect.objectContaining({ id: hookA.id, consecutiveFailures: 0 })]);
  });

  it('a rolled-back change writes no delivery', async () => {
    const hazard = await fx.subgraph.db.getRepository(TreeHazardEntity).findOneByOrFail({ agency: 'STATE_GRID_JIANGJIN' });
    const before = await fx.subgraph.db.getRepository(WebhookDeliveryEntity).count();
    await expect(
      ScopedData.system(fx.subgraph.db, 'test').transaction(async (tx) => {
        expect(await emitHazardReported(tx, hazard)).toBe(1);
        throw new Error('the change fails after its deliveries were written');
      }),
    ).rejects.toThrow('the change fails');
    expect(await fx.subgraph.db.getRepository(WebhookDeliveryEntity).count()).toBe(before);
  });

  it('the owner lists its delivery log and replays a delivery under the same id; nobody else can', async () => {
    const log = ok(await fx.query<{ powergridWebhookDeliveries: { totalCount: number; edges: { node: { id: string; deliveryId: string; deliveredAt: string | null; lastStatus: number } }[] } }>(DELIVERIES, {}, who.partnerA));
    expect(log.powergridWebhookDeliveries.totalCount).toBe(6);
    const first = log.powergridWebhookDeliveries.edges.at(-1)!.node;
    expect(first).toMatchObject({ lastStatus: 200 });
    expect(first.deliveredAt).not.toBeNull();
    // Another agency's partner, and a grid worker, cannot see or replay it: NOT_FOUND, as for a missing one.
    expect((await fx.query(REPLAY, { id: first.id }, who.partnerB)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await fx.query(REPLAY, { id: first.id }, who.worker)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const answered = () => rx.at('/a').filter((r) => r.headers[WEBHOOK_HEADERS.id] === first.deliveryId && r.answered === 200).length;
    const before = answered();
    const replayed = ok(await fx.query<{ replayPowergridWebhookDelivery: { deliveryId: string; deliveredAt: string | null } }>(REPLAY, { id: first.id }, who.partnerA));
    expect(replayed.replayPowergridWebhookDelivery).toEqual({ id: first.id, deliveryId: first.deliveryId, deliveredAt: null });
    await until('the replay arrives', () => answered() > before);
    await until('the replay is recorded', async () => (await fx.subgraph.db.getRepository(WebhookDeliveryEntity).findOneByOrFail({ id: Number(first.id) })).deliveredAt !== null);
  });

  it('a webhook whose receiver keeps failing is disabled (a log line, a metric); a replay enables it again', async () => {
    const hook = await subscribe(who.partnerA, '/down', SECRET_A, ['TREE_HAZARD_REPORTED']);
    rx.modes.set('/down', 'fail');
    await report('1');
    const metrics = new ServiceMetrics('powergrid-test', { processMetrics: false });
    const warn = jest.fn();
    const log = { warn, info: jest.fn(), error: jest.fn() } as never;
    await until('the webhook is disabled', async () => {
      await deliverWebhooks(fx.subgraph.db, { intervalMs: 10, maxBackoffMs: 50, timeoutMs: 300, disableAfter: 3, log, metrics, name: 'powergrid' });
      return (await fx.subgraph.db.getRepository(WebhookEntity).findOneByOrFail({ id: Number(hook.id) })).disabledAt !== null;
    });
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ webhookId: Number(hook.id), url: `${base}/down` }), 'webhook disabled after repeated failures');
    expect(await metrics.text()).toMatch(/gridhub_webhooks_disabled_total\{[^}]*subgraph="powergrid"[^}]*\} 1/);
    const listed = ok(await fx.query<{ powergridWebhooks: { id: string; disabledAt: string | null; disabledReason: string | null }[] }>(HOOKS, {}, who.partnerA)).powergridWebhooks;
    expect(listed.find((w) => w.id === hook.id)).toMatchObject({ disabledReason: expect.stringMatching(/failed attempts in a row \(last: HTTP 500\)/) });
    // Disabled: nothing is sent to it, and new changes are not queued for it.
    const attempts = rx.at('/down').length;
    const queued = (await deliveriesOf(hook.id)).length;
    await report('2');
    await sleep(300);
    expect(rx.at('/down').length).toBe(attempts);
    expect((await deliveriesOf(hook.id)).length).toBe(queued);
    // The owner fixed the receiver and replays: the webhook is enabled again and the pending delivery goes out.
    rx.modes.set('/down', 'ok');
    const [pending] = await deliveriesOf(hook.id);
    ok(await fx.query(REPLAY, { id: String(pending!.id) }, who.partnerA));
    await until('delivered after the replay', async () => (await deliveriesOf(hook.id)).every((d) => d.deliveredAt !== null));
    expect((await fx.subgraph.db.getRepository(WebhookEntity).findOneByOrFail({ id: Number(hook.id) })).disabledAt).toBeNull();
    // Unsubscribing removes it and its log; another partner cannot remove it.
    expect((await fx.query(UNSUBSCRIBE, { id: hook.id }, who.partnerB)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    ok(await fx.query(UNSUBSCRIBE, { id: hook.id }, who.partnerA));
    expect(await deliveriesOf(hook.id)).toEqual([]);
  });
});
