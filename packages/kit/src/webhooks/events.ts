import { CODE_PATTERN } from '../errors';

/** A kind of change a subgraph sends to webhooks (`TREE_HAZARD_CHANGED`). */
export interface WebhookEventKind {
  name: string;
  description: string;
}

/**
 * Declares an event kind: one line per kind, next to the module that raises it. The subgraph offers the kinds it
 * passes to `webhooks(name, kinds)`; the module raises one with `emitWebhookEvent` in the change's transaction.
 */
export function defineWebhookEvent(name: string, description: string): WebhookEventKind {
  if (!CODE_PATTERN.test(name)) throw new Error(`webhook event ${name} must be UPPER_SNAKE_CASE`);
  return { name, description };
}
