import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..');

/**
 * The README's start command, run as a newcomer runs it (`npm run hub`: install, build, seed, start), on an
 * empty data folder and free ports; then the README's example query and the partner plug-in's lines; then Ctrl-C.
 */
describe('npm run hub (the README start command)', () => {
  let child: ChildProcess;
  let output = '';
  const dataDir = mkdtempSync(join(tmpdir(), 'gridhub-start-'));
  afterAll(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // the whole group has already exited
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('installs, seeds an empty database, serves the example query and stops cleanly on SIGINT', async () => {
    child = spawn('npm', ['run', 'hub'], {
      cwd: root,
      env: { ...process.env, GRIDHUB_DATA_DIR: dataDir, GRIDHUB_PORT: '0', GRIDHUB_SUBGRAPH_PORT_BASE: '0', GRIDHUB_DATABASE_URL: '', NODE_ENV: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so SIGINT reaches npm, the shell and node together, as Ctrl-C in a terminal does.
      detached: true,
    });
    child.stdout!.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr!.on('data', (b: Buffer) => (output += b.toString()));
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));

    const started = Date.now();
    while (!/Press Ctrl-C to stop/.test(output)) {
      if (child.exitCode !== null) throw new Error(`hub exited early:\n${output}`);
      if (Date.now() - started > 120_000) throw new Error(`hub did not start:\n${output.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const url = output.match(/GraphQL:\s+(\S+)/)![1]!;
    const token = output.match(/TOKEN=(\S+)/)![1]!;

    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ communities { name grids { name residents { totalCount } } } }' }),
    });
    const body = (await res.json()) as { data: { communities: { grids: { residents: { totalCount: number } }[] }[] } };
    const total = body.data.communities.flatMap((c) => c.grids).reduce((n, g) => n + g.residents.totalCount, 0);
    expect(total).toBe(4835);

    // The partner plug-in is part of the graph the newcomer starts: seeded, published through the registry.
    expect(output).toMatch(/subgraph powergrid .*\(plug-in, published to the registry\)/);
    const lines = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ powerLines { code } }' }),
    });
    expect(((await lines.json()) as { data: { powerLines: unknown[] } }).data.powerLines).toHaveLength(110);

    const explorer = await fetch(url.replace(/graphql$/, 'explorer'));
    expect(explorer.status).toBe(200);
    const anonymous = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ communities { name } }' }) });
    expect(anonymous.status).toBe(401);

    process.kill(-child.pid!, 'SIGINT');
    await exited;
    // npm itself dies of the signal; what matters is that node drained, closed everything and said so.
    const deadline = Date.now() + 20_000;
    while (!/stopped\./.test(output) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(output).toMatch(/stopped\./);
    await expect(fetch(url)).rejects.toThrow(/fetch failed/);
  }, 300_000);
});
