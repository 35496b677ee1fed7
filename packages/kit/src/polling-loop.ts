import { AsyncResource } from 'node:async_hooks';

export interface PollingLoop {
  /** Runs now instead of at the next tick (or once more right after the run in progress). */
  kick(): void;
  /** Stops the loop and waits for the run in progress. */
  stop(): Promise<void>;
}

/**
 * The background loop of the kit's dispatchers (outbox, webhooks): `runOnce` every `intervalMs`, at once on `kick`,
 * again at once while it reports more work (`true`); an error is handed to `onError` and the loop goes on.
 * Bound to the context it started in: a run a request kicks stays the loop's (its statements, its timers), never
 * the request's.
 */
export function startPollingLoop(intervalMs: number, runOnce: () => Promise<boolean>, onError: (err: unknown) => void): PollingLoop {
  // One object, so the loop sees changes made by `kick` and `stop` while a run awaits.
  const state = { running: true, again: false };
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();
  const run = async () => {
    do {
      state.again = false;
      try {
        if (await runOnce()) state.again = true;
      } catch (err) {
        if (state.running) onError(err);
      }
    } while (state.again && state.running);
  };
  const schedule = AsyncResource.bind(() => {
    if (!state.running) return;
    timer = setTimeout(tick, intervalMs);
    timer.unref();
  });
  const tick = AsyncResource.bind(() => {
    timer = undefined;
    current = run().finally(schedule);
  });
  schedule();
  return {
    kick() {
      if (!state.running) return;
      if (timer) {
        clearTimeout(timer);
        tick();
      } else state.again = true;
    },
    async stop() {
      state.running = false;
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}
