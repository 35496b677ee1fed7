import type { OutboxDispatcher, ReportEvent, ScopedData } from '@gridhub/kit';
import type { DataSource } from 'typeorm';

/** What one powergrid instance wires from its runtime (`powergrid.services`); tests swap in stand-ins. */
export interface PowergridOptions {
  /**
   * Delivers grid events to the subdistrict subgraph (e.g. `reportEventOverHttp` with a PARTNER service identity).
   * Without it, mediation requests wait in the outbox until an instance with it runs.
   */
  reportEvent?: ReportEvent;
  /** Pause between outbox runs when nothing is due, in ms (default 1,000); a mediation request runs one at once. */
  dispatchIntervalMs?: number;
  /** Longest wait between delivery attempts of one grid event (default 60,000 ms; backoff doubles from the interval). */
  maxBackoffMs?: number;
}

/*
 * The kit builds the GraphQL context and knows nothing of these options, so resolvers find the instance's
 * dispatcher by its DataSource (each started subgraph has its own): `running.db`, or `ctx.data.connection` in a resolver.
 */
const dispatchers = new WeakMap<object, OutboxDispatcher>();

export const bindDispatcher = (db: DataSource, dispatcher: OutboxDispatcher): void => void dispatchers.set(db, dispatcher);
export const dispatcherOf = (db: DataSource | ScopedData['connection']): OutboxDispatcher | undefined => dispatchers.get(db);
