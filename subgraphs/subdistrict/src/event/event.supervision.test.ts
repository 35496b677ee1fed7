import { testDialects } from '@gridhub/kit/testing';
import { In } from 'typeorm';
import { DepartmentEntity } from '../department/department.entity';
import { identities, startTestSubdistrict, type TestSubdistrict } from '../testing/subdistrict.fixture';
import { GridEventEntity } from './event.entity';
import { EventStatus } from './event.enums';
import { superviseRedEvents } from './event.supervision';

const REPORT = 'mutation($input: ReportEventInput!) { reportEvent(input: $input) { id } }';
const QUEUE = `query($d: ID!) { events(filter: { supervisingDepartmentId: $d }) {
  totalCount edges { node { id supervision supervisedAt supervisingDepartment { name } history { action from to note actor { subject role } } } } } }`;
type Queue = { events: { totalCount: number; edges: { node: { id: string; supervision: string; supervisedAt: string; supervisingDepartment: { name: string }; history: { action: string; from: string; to: string; note: string | null; actor: { subject: string; role: string } }[] } }[] } };

describe.each(testDialects())('RED supervision (督办) (%s)', (dialect) => {
  let t: TestSubdistrict;
  let centre: DepartmentEntity;
  const ids: number[] = [];

  beforeAll(async () => {
    t = await startTestSubdistrict(dialect);
    const departments = t.subgraph.db.getRepository(DepartmentEntity);
    centre = await departments.save({ code: 'T-CENTER', name: '综治中心', kind: 'CENTER', subdistrictId: 1 });
    await departments.save({ code: 'T-OFFICE', name: '城市管理办公室', kind: 'OFFICE', subdistrictId: 1 });
    for (let k = 0; k < 5; k++) {
      const r = await t.ask<{ reportEvent: { id: string } }>(identities.operator, REPORT, {
        input: { title: `事件 ${k}`, description: '路灯不亮', category: 'INFRA_STREETLIGHT', source: 'PATROL', gridId: '1', location: '一组', reporter: '测试' },
      });
      ids.push(Number(r.data!.reportEvent.id));
    }
    // Three late by their stage's own time limit (RED), one late but not RED (YELLOW), one RED but closed.
    const events = t.subgraph.db.getRepository(GridEventEntity);
    const past = (hours: number) => new Date(Date.now() - hours * 3_600_000);
    for (const id of ids.slice(0, 3)) await events.update(id, { dueAt: past(48), redAt: past(24) });
    await events.update(ids[3]!, { dueAt: past(2), redAt: new Date(Date.now() + 3_600_000) });
    await events.update(ids[4]!, { dueAt: past(48), redAt: past(24), status: EventStatus.CLOSED });
  });
  afterAll(() => t.stop());

  it('puts each open RED event into the centre\'s queue once, with a history row, and leaves the others', async () => {
    expect(await superviseRedEvents(t.subgraph.db)).toBe(3);
    // A second run (or a second instance) finds nothing left to do.
    expect(await superviseRedEvents(t.subgraph.db)).toBe(0);

    const queue = await t.ask<Queue>(identities.operator, QUEUE, { d: String(centre.id) });
    expect(queue.errors).toBeUndefined();
    expect(queue.data!.events.totalCount).toBe(3);
    for (const { node } of queue.data!.events.edges) {
      expect(ids.slice(0, 3)).toContain(Number(node.id));
      expect(node).toMatchObject({ supervision: 'RED', supervisingDepartment: { name: '综治中心' } });
      expect(node.supervisedAt).toEqual(expect.any(String));
      const supervise = node.history.filter((h) => h.action === 'SUPERVISE');
      expect(supervise).toEqual([{ action: 'SUPERVISE', from: 'REPORTED', to: 'REPORTED', note: '红牌督办：综治中心', actor: { subject: 'system:event-supervision', role: 'SUBDISTRICT_ADMIN' } }]);
    }
    const others = await t.subgraph.db.getRepository(GridEventEntity).findBy({ id: In(ids.slice(3)) });
    expect(others.map((e) => e.supervisedAt)).toEqual([null, null]);
  });

  it('keeps the queue scoped: a grid worker of another grid sees none of it', async () => {
    const far = await t.ask<Queue>(identities.farWorker, QUEUE, { d: String(centre.id) });
    expect(far.data!.events.totalCount).toBe(0);
  });
});
