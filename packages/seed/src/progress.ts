import { Presets, SingleBar } from 'cli-progress';
import type { SeedProgress } from './types';

/**
 * A progress callback for `seedCommunity` and the other seeders: a live bar on a terminal; elsewhere (CI logs,
 * pipes) one plain line per finished stage, since a redrawn bar turns into thousands of lines there.
 * A run ends when `done` reaches `total`; the same callback can then serve the next seeder.
 */
export function createProgressBar(label: string, stream: NodeJS.WriteStream = process.stderr): SeedProgress {
  if (stream.isTTY) {
    const bar = new SingleBar({ format: `${label} [{bar}] {percentage}% | {value}/{total} rows | {stage}`, stream, hideCursor: true }, Presets.shades_classic);
    let running = false;
    return (done, total, stage) => {
      if (!running) bar.start(total, 0, { stage });
      running = done < total;
      bar.update(done, { stage });
      if (!running) bar.stop();
    };
  }
  let stage = '';
  let stageStart = 0;
  let last = 0;
  const finish = () => stream.write(`${label}: ${stage} ${last - stageStart} rows\n`);
  return (done, total, current) => {
    if (stage && current !== stage) {
      finish();
      stageStart = last;
    }
    stage = current;
    last = done;
    if (done >= total) {
      finish();
      [stage, stageStart, last] = ['', 0, 0];
    }
  };
}
