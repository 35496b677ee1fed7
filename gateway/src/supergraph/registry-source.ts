import type { SupergraphManager } from '@apollo/gateway';
import type { Logger } from '@gridhub/kit';
import { HotSwap, type ServedSupergraph } from './hot-swap';

/** What the gateway needs of a registry (`@gridhub/registry`'s Registry is one). */
export interface SupergraphFeed {
  /** The newest version number (cheap: polled). */
  headVersion(): Promise<number | undefined>;
  version(version: number): Promise<{ version: number; supergraphSdl: string } | undefined>;
}

export interface RegistrySourceOptions {
  registry: SupergraphFeed;
  /** How often the newest version number is read, in ms (default 2,000). */
  pollIntervalMs?: number;
  /** How many versions back the gateway looks at start when the newest does not build (default 10). */
  maxFallback?: number;
}

export const DEFAULT_REGISTRY_POLL_MS = 2_000;

/**
 * Serves the registry's newest supergraph version and follows it: the version number is polled, and a new one is
 * loaded, validated and hot-swapped. Nothing asks a subgraph for anything at start: the registry holds every SDL,
 * so the gateway starts even while a subgraph is down. A registry that cannot be read keeps the current version.
 */
export function registrySupergraphManager(options: RegistrySourceOptions, log: Logger): SupergraphManager & { served(): ServedSupergraph | undefined } {
  const swap = new HotSwap(log, 'registry');
  const interval = options.pollIntervalMs ?? DEFAULT_REGISTRY_POLL_MS;
  const { registry } = options;
  return {
    served: () => swap.served(),
    async initialize({ update }) {
      const head = await registry.headVersion();
      if (head === undefined) throw new Error('the registry has no supergraph version yet: publish a subgraph first (`gridhub subgraph publish`)');
      let supergraphSdl: string | undefined;
      for (let v = head; v > 0 && v > head - (options.maxFallback ?? 10) && supergraphSdl === undefined; v--) {
        const version = await registry.version(v);
        if (!version) continue;
        try {
          supergraphSdl = swap.initial(version.supergraphSdl, version.version);
        } catch (err) {
          log.error({ err, version: v }, 'supergraph version does not build; trying the one before');
        }
      }
      if (supergraphSdl === undefined) throw new Error(`no supergraph version from ${head} back builds`);

      let stopped = false;
      let timer: NodeJS.Timeout | undefined;
      let polling: Promise<void> = Promise.resolve();
      let lastHead = head;
      const poll = async () => {
        try {
          const newest = await registry.headVersion();
          if (newest === undefined || newest === lastHead) return;
          const version = await registry.version(newest);
          if (version && !stopped) swap.offer(update, version.supergraphSdl, version.version);
          // Seen once it was offered: a refused version is not retried every poll (a read that failed is).
          lastHead = newest;
        } catch (err) {
          log.warn({ err }, 'registry unreachable; still serving the current supergraph');
        }
      };
      const schedule = () => {
        timer = setTimeout(() => {
          polling = poll().finally(() => {
            if (!stopped) schedule();
          });
        }, interval);
        timer.unref();
      };
      schedule();
      return {
        supergraphSdl,
        async cleanup() {
          stopped = true;
          clearTimeout(timer);
          await polling;
        },
      };
    },
  };
}
