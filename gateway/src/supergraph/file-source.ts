import { watch, type FSWatcher } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { SupergraphManager } from '@apollo/gateway';
import type { Logger } from '@gridhub/kit';
import { HotSwap, type ServedSupergraph } from './hot-swap';

export interface FileSourceOptions {
  /** A supergraph SDL file (`gridhub supergraph print > supergraph.graphql`: what Apollo Router or Hive Gateway serve). */
  path: string;
  /** Polling interval in ms, the fallback where file-system events are not delivered (network mounts, some containers; default 1,000). */
  pollIntervalMs?: number;
}

/** Settle time after a change event: editors and `>` redirection write in several steps. */
const DEBOUNCE_MS = 100;

/**
 * Serves a supergraph SDL file and reloads it when it changes: `fs.watch` on its folder (which also sees a file
 * replaced by rename, as editors and `mv` do) plus a modification-time poll as the fallback. A file that does not
 * build (half-written, or wrong) is refused and the last good supergraph stays.
 */
export function fileSupergraphManager(options: FileSourceOptions, log: Logger): SupergraphManager & { served(): ServedSupergraph | undefined } {
  const path = resolve(options.path);
  const swap = new HotSwap(log, `file ${path}`);
  return {
    served: () => swap.served(),
    async initialize({ update }) {
      const supergraphSdl = swap.initial(await readFile(path, 'utf8'));
      let stopped = false;
      let debounce: NodeJS.Timeout | undefined;
      let loading: Promise<void> = Promise.resolve();
      let seen = await signature(path);

      const reload = async () => {
        try {
          seen = await signature(path);
          const sdl = await readFile(path, 'utf8');
          if (!stopped) swap.offer(update, sdl);
        } catch (err) {
          log.warn({ err, path }, 'supergraph file unreadable; still serving the current supergraph');
        }
      };
      const changed = () => {
        clearTimeout(debounce);
        debounce = setTimeout(() => {
          loading = loading.then(reload);
        }, DEBOUNCE_MS);
        debounce.unref();
      };

      let watcher: FSWatcher | undefined;
      try {
        watcher = watch(dirname(path), (_event, name) => {
          if (!name || name === basename(path)) changed();
        });
        watcher.on('error', (err) => log.warn({ err, path }, 'file watch failed; polling only'));
      } catch (err) {
        log.warn({ err, path }, 'file watch unavailable; polling only');
      }
      const poller = setInterval(() => {
        void signature(path).then((now) => {
          if (now !== seen) changed();
        });
      }, options.pollIntervalMs ?? 1_000);
      poller.unref();

      return {
        supergraphSdl,
        async cleanup() {
          stopped = true;
          watcher?.close();
          clearInterval(poller);
          clearTimeout(debounce);
          await loading;
        },
      };
    },
  };
}

/** Modification time and size: enough to notice a rewrite without reading the file every poll. */
const signature = (path: string): Promise<string> =>
  stat(path).then(
    (s) => `${s.mtimeMs}:${s.size}`,
    () => 'missing',
  );
