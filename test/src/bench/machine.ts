import { cpus, loadavg, platform, release, totalmem } from 'node:os';

export interface Machine {
  cpuModel: string;
  cpus: number;
  memoryGiB: number;
  node: string;
  os: string;
  /** The MySQL-compatible server's version, when MySQL was measured. */
  mysqlServer?: string;
  /** One-minute load average when the run started and when it ended: how much else the machine was doing. */
  load: { start: number; end?: number };
}

export function machine(): Machine {
  const list = cpus();
  return {
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cpus: list.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${platform()} ${release()}`,
    load: { start: loadAverage() },
  };
}

export const loadAverage = () => Math.round((loadavg()[0] ?? 0) * 10) / 10;

export const describeMachine = (m: Machine) =>
  `${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}, ${m.os}${m.mysqlServer ? `, MySQL-compatible server ${m.mysqlServer}` : ''}, ` +
  `load average ${m.load.start}${m.load.end !== undefined ? ` at the start, ${m.load.end} at the end` : ''} (1 min; ${m.cpus} cores)`;
