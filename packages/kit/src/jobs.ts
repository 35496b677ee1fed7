import type { Logger } from './log';

/** Named periodic work of a subgraph (marking silent devices offline, purging old rows), run by the hub. */
export interface SubgraphJob<R = unknown> {
  name: string;
  /** Pause between the end of one run and the start of the next, in ms. */
  everyMs: number;
  run(running: R): Promise<unknown>;
}

/**
 * Runs each job every `everyMs`, never two runs of one job at once; a failed run is logged and the job runs again
 * at its next turn. The stopper waits for runs in flight.
 */
export function runJobs<R>(jobs: SubgraphJob<R>[], running: R, log: Logger): () => Promise<void> {
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Set<Promise<void>>();
  const schedule = (job: SubgraphJob<R>) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      const run = job.run(running).then(
        (result) => void log.debug({ job: job.name, result }, 'job ran'),
        (err: unknown) => void log.error({ err, job: job.name }, 'job failed'),
      ).finally(() => {
        inFlight.delete(run);
        if (!stopped) schedule(job);
      });
      inFlight.add(run);
    }, job.everyMs);
    timer.unref();
    timers.add(timer);
  };
  for (const job of jobs) schedule(job);
  return async () => {
    stopped = true;
    for (const timer of timers) clearTimeout(timer);
    await Promise.all(inFlight);
  };
}
