import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhookSignature, WEBHOOK_HEADERS } from '@gridhub/kit';
import { testDialects } from '@gridhub/kit/testing';
import { DepartmentEntity } from '../department/department.entity';
import { identities, startTestSubdistrict, type TestSubdistrict } from '../testing/subdistrict.fixture';
import { GridEventEntity } from './event.entity';
import { superviseRedEvents } from './event.supervision';

const SUBSCRIBE = `mutation($i: WebhookInput!) { subscribeSubdistrictWebhook(input: $i) { id events } }`;
const REPORT = 'mutation($input: ReportEventInput!) { reportEvent(input: $input) { id version } }';
const TRANSITION = 'mutation($id: ID!, $v: Int!) { transitionEvent(id: $id, action: ACCEPT, expectedVersion: $v) { id version status } }';
const SECRET = 'centre-receiver-secret-0123';

interface Received { headers: IncomingHttpHeaders; body: string }
interface Body { event: string; data: { event: { id: string; status: string; supervisingDepartmentId: string | null }; previousStatus?: string; action?: string } }

const until = async (what: string, test: () => boolean, ms = 20_000) => {
  for (const deadline = Date.now() + ms; !test(); await new Promise((r) => setTimeout(r, 50)))
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
};

/** The centre's own receiver hears of grid events: each move along the chain, and RED supervision (督办). */
describe.each(testDialects())('grid-event webhooks (%s)', (dialect) => {
  let t: TestSubdistrict;
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200).end('ok');
    });
  });
  let url: string;

  beforeAll(async () => {
    process.env.GRIDHUB_WEBHOOK_PRIVATE_NETWORKS = 'allow';
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/gridhub`;
    t = await startTestSubdistrict(dialect);
    await t.subgraph.db.getRepository(DepartmentEntity).save({ code: 'W-CENTER', name: '综治中心', kind: 'CENTER', subdistrictId: 1 });
  });
  afterAll(async () => {
    delete process.env.GRIDHUB_WEBHOOK_PRIVATE_NETWORKS;
    await t?.stop();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('delivers a signed GRID_EVENT_STATUS_CHANGED for a transition and GRID_EVENT_RED_SUPERVISED for supervision', async () => {
    const sub = await t.ask<{ subscribeSubdistrictWebhook: { id: string; events: string[] } }>(identities.admin, SUBSCRIBE, {
      i: { url, events: ['GRID_EVENT_STATUS_CHANGED', 'GRID_EVENT_RED_SUPERVISED'], secret: SECRET },
    });
    expect(sub.errors).toBeUndefined();
    const reported = await t.ask<{ reportEvent: { id: string; version: number } }>(identities.operator, REPORT, {
      input: { title: '井盖缺失', description: '东门井盖缺失', category: 'INFRA_ROAD', source: 'PATROL', gridId: '1', location: '东门', reporter: '测试' },
    });
    const id = reported.data!.reportEvent.id;
    const accepted = await t.ask(identities.operator, TRANSITION, { id, v: reported.data!.reportEvent.version });
    expect(accepted.errors).toBeUndefined();

    await until('the status change is delivered', () => received.length >= 1);
    const change = JSON.parse(received[0]!.body) as Body;
    expect(change).toMatchObject({ event: 'GRID_EVENT_STATUS_CHANGED', data: { event: { id, status: 'ACCEPTED' }, previousStatus: 'REPORTED', action: 'ACCEPT' } });
    expect(verifyWebhookSignature(SECRET, received[0]!.headers, received[0]!.body)).toBe(true);

    // Late by its stage's own time limit: the supervision job puts it under RED supervision, and the receiver hears.
    await t.subgraph.db.getRepository(GridEventEntity).update(Number(id), { dueAt: new Date(Date.now() - 48 * 3_600_000), redAt: new Date(Date.now() - 3_600_000) });
    expect(await superviseRedEvents(t.subgraph.db)).toBe(1);
    await until('the supervision is delivered', () => received.length >= 2);
    const red = JSON.parse(received[1]!.body) as Body;
    expect(red).toMatchObject({ event: 'GRID_EVENT_RED_SUPERVISED', data: { event: { id } } });
    expect(red.data.event.supervisingDepartmentId).toEqual(expect.any(String));
    expect(new Set(received.map((r) => r.headers[WEBHOOK_HEADERS.id])).size).toBe(received.length);
  });
});
