import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildStats, FromChild, Role, ToChild } from './child';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ: 100 on Linux everywhere in practice). */
const TICKS_PER_SECOND = 100;

/** CPU time a process has used so far (user + system), in ms, from /proc/<pid>/stat. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start after its closing parenthesis: utime is the 14th field.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

export interface Child {
  /** Short name in the report (e.g. `community`, `gridhub`). */
  name: string;
  pid: number;
  /** Every process serving it: this one, or its cluster workers. */
  pids: number[];
  /** Its GraphQL endpoint. */
  url: string;
  stats(): Promise<ChildStats>;
  stop(): Promise<void>;
}

/** Forks a benchmark process (child.ts) in the given role and resolves once it serves. */
export async function startChild(name: string, role: Role): Promise<Child> {
  const child: ChildProcess = fork(join(__dirname, 'child.js'), [name], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map<number, (stats: ChildStats) => void>();
  let nextId = 0;
  const { url, pids } = await new Promise<{ url: string; pids: number[] }>((resolve, reject) => {
    child.on('message', (m: FromChild) => {
      if (m.type === 'ready') resolve(m);
      else if (m.type === 'failed') reject(new Error(`${name}: ${m.error}`));
      else pending.get(m.id)?.(m.stats);
    });
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code} before serving`)));
    child.send({ type: 'start', role } satisfies ToChild);
  });
  return {
    name,
    pid: child.pid!,
    // The cluster primary only hands connections over, but that costs CPU too: counted with its workers.
    pids: pids.includes(child.pid!) ? pids : [child.pid!, ...pids],
    url,
    stats: () =>
      new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, (s) => {
          pending.delete(id);
          resolve(s);
        });
        child.send({ type: 'stats', id } satisfies ToChild);
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.send({ type: 'stop' } satisfies ToChild);
      }),
  };
}
