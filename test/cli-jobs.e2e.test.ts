import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { testDialects } from '@gridhub/kit/testing';
import { startTestHub, type TestHub } from './src/hub';

const run = promisify(execFile);
const cli = join(__dirname, '..', 'cli', 'dist', 'main.js');

/** The complex tier's jobs as an operator runs them: `gridhub care-alerts` and `gridhub purge-access-records`. */
describe.each(testDialects())('gridhub jobs against a running hub (%s)', (dialect) => {
  let t: TestHub;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    t = await startTestHub(dialect);
    env = {
      ...process.env,
      GRIDHUB_DATA_DIR: t.database.dataDir ?? t.dataDir,
      GRIDHUB_DATABASE_URL: t.database.url ?? '',
      GRIDHUB_JWT_SECRET: t.hub.jwtSecret,
      GRIDHUB_LOG_LEVEL: 'silent',
    };
  });
  afterAll(() => t?.stop());

  const careEvents = async () =>
    (await t.query<{ events: { totalCount: number } }>('{ events(filter: { category: "CARE_ELDERLY_ALONE", source: DEVICE }) { totalCount } }')).data!.events.totalCount;

  /**
   * The count once deliveries have settled: the command delivers what it raised, and a delivery that failed on a busy
   * machine is retried by the hub's own outbox dispatcher a moment later (at least once, never twice per key).
   */
  const settledCareEvents = async (expected: number) => {
    let count = await careEvents();
    for (const started = Date.now(); count !== expected && Date.now() - started < 30_000; count = await careEvents()) await new Promise((r) => setTimeout(r, 250));
    return count;
  };

  it('raises one care event per silent resident living alone, and none on a second run', async () => {
    const elderly = (await t.query<{ persons: { totalCount: number } }>('{ persons(filter: { tag: ELDERLY_ALONE }) { totalCount } }')).data!.persons.totalCount;
    const before = await careEvents();
    // The seeded door records end on the plan date, long before now: every resident living alone is silent.
    const first = await run('node', [cli, 'care-alerts', '--hours', '48', '--gateway', t.hub.gateway.url], { env });
    expect(first.stdout).toContain(`${elderly} residents living alone checked`);
    expect(await settledCareEvents(before + elderly)).toBe(before + elderly);
    const second = await run('node', [cli, 'care-alerts', '--hours', '48', '--gateway', t.hub.gateway.url], { env });
    expect(second.stdout).toContain('0 new care events');
    expect(await settledCareEvents(before + elderly)).toBe(before + elderly);
  });

  it('refuses a non-positive --hours without touching anything', async () => {
    const before = await careEvents();
    await expect(run('node', [cli, 'care-alerts', '--hours', '0', '--gateway', t.hub.gateway.url], { env })).rejects.toMatchObject({ code: 1 });
    expect(await careEvents()).toBe(before);
  });

  it('purges door records older than the retention period only', async () => {
    const db = t.hub.subgraphs.complex!.db;
    const [[{ n: total }]] = [await db.query('SELECT COUNT(*) AS n FROM access_record')];
    expect(Number(total)).toBeGreaterThan(0);
    const kept = await run('node', [cli, 'purge-access-records', '--retention-days', '100000'], { env });
    expect(kept.stdout).toContain('purged 0 door records');
    const purged = await run('node', [cli, 'purge-access-records', '--retention-days', '1'], { env });
    expect(purged.stdout).toContain(`purged ${Number(total)} door records`);
    const [[{ n: left }]] = [await db.query('SELECT COUNT(*) AS n FROM access_record')];
    expect(Number(left)).toBe(0);
  });
});
