import { cpus, platform, release, totalmem } from 'node:os';

export interface Machine {
  cpuModel: string;
  cpus: number;
  memoryGiB: number;
  node: string;
  os: string;
  /** The MySQL-compatible server's version, when MySQL was measured. */
  mysqlServer?: string;
}

export function machine(): Machine {
  const list = cpus();
  return {
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cpus: list.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${platform()} ${release()}`,
  };
}

export const describeMachine = (m: Machine) =>
  `${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}, ${m.os}${m.mysqlServer ? `, MySQL-compatible server ${m.mysqlServer}` : ''}`;
