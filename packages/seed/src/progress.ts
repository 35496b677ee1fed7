import { Presets, SingleBar } from 'cli-progress';
import type { SeedProgress } from './community';

/**
 * A progress callback for `seedCommunity` and the other seeders: a live bar on a terminal; elsewhere (CI logs,
 * pipes) one plain line per finished stage, since a redrawn bar turns into thousands of lines there.
 */
export function createProgressBar(label: string, stream: NodeJS.WriteStream = process.stderr): SeedProgress {
  let stage = '';
  let stageStart = 0;
  let last = 0;
  if (stream.isTTY) {
    const bar = new SingleBar({ format: `${label} [{bar}] {percentage}% | {value}/{total} rows | {stage}`, stream, hideCursor: true }, Presets.shades_classic);
    return (done, total, current) => {
      if (!stage) bar.start(total, 0, { stage: current });
      stage = current;
      bar.update(done, { stage: current });
      if (done >= total) bar.stop();
    };
  }
  const finish = (done: number) => stream.write(`${label}: ${stage} ${done - stageStart} rows\n`);
  return (done, total, current) => {
    if (stage && current !== stage) {
      finish(last);
      stageStart = last;
    }
    stage = current;
    last = done;
    if (done >= total) finish(done);
  };
}
