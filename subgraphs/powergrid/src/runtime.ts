import type { ReportEvent, WebhookDispatcherOptions } from '@gridhub/kit';

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
  /** Webhook delivery timing (interval, per-attempt timeout, backoff cap, failures before a webhook is disabled). */
  webhooks?: Pick<WebhookDispatcherOptions, 'intervalMs' | 'timeoutMs' | 'maxBackoffMs' | 'disableAfter'>;
}
