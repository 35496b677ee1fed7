import { testDatabase, testDialects } from '../testing';
import { DataSource } from 'typeorm';
import { dataSourceOptions, dropDatabase, ensureDatabase } from '../db/datasource';
import { GridhubError } from '../errors';
import { ATTEMPTS_EXHAUSTED, deliverOutbox, enqueueOutbox, exponentialBackoff, startOutboxDispatcher, undeliveredOutbox } from './outbox';
import { OutboxEntity } from './outbox.entity';

describe('exponentialBackoff', () => {
  it('doubles from the base per failed attempt, up to the cap', () => {
    const backoff = exponentialBackoff(100, 1_000);
    expect([1, 2, 3, 4, 5, 50].map(backoff)).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });
});

describe.each(testDialects())('outbox (%s)', (dialect) => {
  const db = testDatabase(dialect);
  const options = { ...db.config, name: 'outbox', entities: [OutboxEntity], migrations: { sqlite: [], mysql: [] } };
  let ds: DataSource;

  beforeAll(async () => {
    await ensureDatabase(options);
    // A throwaway database holding only the kit's table: synchronize stands in for a subgraph's migration.
    ds = await new DataSource({ ...dataSourceOptions(options), synchronize: true }).initialize();
  });
  afterAll(async () => {
    await ds?.destroy();
    await dropDatabase(options);
    await db.cleanup([]);
  });

  it('enqueues once per externalRef, backs off after a failure, and records the receiver\'s id once delivered', async () => {
    await ds.transaction((m) => enqueueOutbox(m, { externalRef: 'x:1', payload: { n: 1 } }));
    await ds.transaction((m) => enqueueOutbox(m, { externalRef: 'x:1', payload: { n: 2 } }));
    expect(await ds.getRepository(OutboxEntity).countBy({ externalRef: 'x:1' })).toBe(1);

    const fail = async () => Promise.reject(new Error('down'));
    expect(await deliverOutbox(ds, fail, { backoffMs: () => 60_000 })).toEqual({ delivered: 0, failed: 1, dead: 0 });
    // Held until the backoff ends: the next run does not even try.
    const sent: unknown[] = [];
    const ok = async (payload: unknown) => (sent.push(payload), { id: 'e1' });
    expect(await deliverOutbox(ds, ok)).toEqual({ delivered: 0, failed: 0, dead: 0 });
    expect(sent).toEqual([]);

    await ds.getRepository(OutboxEntity).update({ externalRef: 'x:1' }, { claimedUntil: null });
    const onDelivered = jest.fn(async () => undefined);
    expect(await deliverOutbox(ds, ok, { onDelivered })).toEqual({ delivered: 1, failed: 0, dead: 0 });
    expect(sent).toEqual([{ n: 1 }]);
    expect(onDelivered).toHaveBeenCalledWith(expect.anything(), { externalRef: 'x:1', payload: { n: 1 } }, { id: 'e1' });
    expect(await ds.getRepository(OutboxEntity).findOneByOrFail({ externalRef: 'x:1' })).toMatchObject({ eventId: 'e1', attempts: 2, lastError: null });
    expect(await undeliveredOutbox(ds)).toBe(0);
  });

  it('a terminal refusal (CONFLICT…) makes a dead letter at once: never sent again, not counted as undelivered', async () => {
    await ds.transaction((m) => enqueueOutbox(m, { externalRef: 'd:1', payload: {} }));
    const calls: string[] = [];
    const refuse = async (_p: unknown, ref: string) => {
      calls.push(ref);
      throw new GridhubError('CONFLICT', 'externalRef already used');
    };
    const log = { error: jest.fn() } as never;
    expect(await deliverOutbox(ds, refuse, { externalRefs: ['d:1'], backoffMs: () => 0, log })).toEqual({ delivered: 0, failed: 0, dead: 1 });
    expect(await deliverOutbox(ds, refuse, { externalRefs: ['d:1'] })).toEqual({ delivered: 0, failed: 0, dead: 0 });
    expect(calls).toEqual(['d:1']);
    expect((log as { error: jest.Mock }).error).toHaveBeenCalledWith(expect.objectContaining({ externalRef: 'd:1', code: 'CONFLICT' }), expect.any(String));
    const row = await ds.getRepository(OutboxEntity).findOneByOrFail({ externalRef: 'd:1' });
    expect(row).toMatchObject({ deadCode: 'CONFLICT', attempts: 1, deliveredAt: null, claimedUntil: null });
    expect(row.deadAt).toBeInstanceOf(Date);
    expect(await undeliveredOutbox(ds)).toBe(0);
  });

  it('a message that keeps failing becomes a dead letter after maxAttempts', async () => {
    await ds.transaction((m) => enqueueOutbox(m, { externalRef: 'd:2', payload: {} }));
    const down = async () => Promise.reject(new Error('connect ECONNREFUSED'));
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await deliverOutbox(ds, down, { externalRefs: ['d:2'], maxAttempts: 3 }));
    expect(results).toEqual([{ delivered: 0, failed: 1, dead: 0 }, { delivered: 0, failed: 1, dead: 0 }, { delivered: 0, failed: 0, dead: 1 }]);
    expect(await ds.getRepository(OutboxEntity).findOneByOrFail({ externalRef: 'd:2' })).toMatchObject({ deadCode: ATTEMPTS_EXHAUSTED, attempts: 3 });
  });

  it('the dispatcher delivers on kick, keeps retrying while the receiver is down, and stops', async () => {
    const receiver = { up: false, calls: 0 };
    const send = async () => {
      receiver.calls++;
      if (!receiver.up) throw new Error('down');
      return { id: String(receiver.calls) };
    };
    const dispatcher = startOutboxDispatcher(ds, send, { intervalMs: 20, maxBackoffMs: 100 });
    await ds.transaction((m) => enqueueOutbox(m, { externalRef: 'y:1', payload: {} }));
    dispatcher.kick();
    await new Promise((r) => setTimeout(r, 400));
    expect(receiver.calls).toBeGreaterThan(1);
    expect(await undeliveredOutbox(ds)).toBe(1);
    receiver.up = true;
    expect(await dispatcher.drain(3_000)).toBe(true);
    await dispatcher.stop();
    const calls = receiver.calls;
    await ds.transaction((m) => enqueueOutbox(m, { externalRef: 'y:2', payload: {} }));
    dispatcher.kick();
    await new Promise((r) => setTimeout(r, 100));
    expect(receiver.calls).toBe(calls); // stopped: nothing more is sent
  });
});
