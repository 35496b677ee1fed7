import { createHash } from 'node:crypto';
import type { Logger } from '@gridhub/kit';
import { validateSupergraph } from '@gridhub/registry';

/** The supergraph the gateway serves: its registry version (sources with versions) and a content id. */
export interface ServedSupergraph {
  version?: number;
  /** First 12 hex digits of the SDL's SHA-256: tells two file loads apart. */
  id: string;
}

export const supergraphIdOf = (sdl: string): string => createHash('sha256').update(sdl).digest('hex').slice(0, 12);

type Update = (supergraphSdl: string) => void;

/**
 * Validates a supergraph before the gateway swaps to it, and remembers what is served. ApolloGateway's `update`
 * swaps atomically: operations already running finish on the schema and query plans they started with, new
 * ones get the new schema. A supergraph that does not build is refused (logged once), and the last good one stays.
 */
export class HotSwap {
  private current?: ServedSupergraph;
  private refused?: string;

  constructor(
    private readonly log: Logger,
    private readonly source: string,
  ) {}

  served(): ServedSupergraph | undefined {
    return this.current;
  }

  /** The first supergraph, served when the gateway starts; throws when it cannot be (nothing else to serve). */
  initial(sdl: string, version?: number): string {
    const valid = validateSupergraph(sdl);
    if (!valid.ok) throw new Error(`${this.source}: supergraph${version === undefined ? '' : ` version ${version}`} does not build: ${valid.message}`);
    this.current = { version, id: supergraphIdOf(sdl) };
    this.log.info({ source: this.source, ...this.current }, 'serving supergraph');
    return sdl;
  }

  /** Swaps to `sdl` if it differs from what is served and builds; returns whether it is now served. */
  offer(update: Update, sdl: string, version?: number): boolean {
    const id = supergraphIdOf(sdl);
    if (this.current?.id === id) {
      // Same SDL under a new number (e.g. a rollback to an identical version): nothing to swap.
      this.current = { version, id };
      return true;
    }
    const key = `${version}:${id}`;
    const valid = validateSupergraph(sdl);
    if (!valid.ok) {
      if (this.refused !== key) this.log.error({ source: this.source, version, id, reason: valid.message }, 'supergraph refused: it does not build; still serving the last good one');
      this.refused = key;
      return false;
    }
    try {
      update(sdl);
    } catch (err) {
      if (this.refused !== key) this.log.error({ err, source: this.source, version, id }, 'supergraph refused by the gateway; still serving the last good one');
      this.refused = key;
      return false;
    }
    const previous = this.current;
    this.current = { version, id };
    this.log.info({ source: this.source, ...this.current, previous }, 'supergraph swapped');
    return true;
  }
}
