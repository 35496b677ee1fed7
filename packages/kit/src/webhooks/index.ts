import type { NonEmptyArray } from 'type-graphql';
import type { RunningSubgraph } from '../subgraph';
import { startWebhookDispatcher, type WebhookDispatcherOptions } from './dispatcher';
import type { WebhookEventKind } from './events';
import { WebhookDeliveryEntity, WebhookEntity } from './webhook.entity';
import { webhookResolver } from './webhook.resolver';

export { WebhookEntity, WebhookDeliveryEntity } from './webhook.entity';
export { defineWebhookEvent, type WebhookEventKind } from './events';
export { emitWebhookEvent, subscriberOf, type WebhookBody, type WebhookChange } from './emit';
export { isPrivateAddress, privateNetworksAllowed } from './destination';
export { WEBHOOK_HEADERS, signWebhook, verifyWebhookSignature, type VerifyWebhookOptions } from './signature';
export {
  deliverWebhooks, startWebhookDispatcher, webhookDispatcherOf, type WebhookDispatcher, type WebhookDispatcherOptions, type WebhookRunResult,
} from './dispatcher';
export { webhookResolver, WebhookType, WebhookDeliveryType, WebhookInput } from './webhook.resolver';

/** What a subgraph adds to its definition to offer webhooks (its migrations create the two tables). */
export interface WebhookModule {
  name: string;
  kinds: WebhookEventKind[];
  entities: Function[];
  resolvers: NonEmptyArray<Function>;
  /** Starts the delivery loop for a running instance (a definition's `start`); returns its stopper. */
  start(running: RunningSubgraph<unknown>, options?: Omit<WebhookDispatcherOptions, 'name' | 'log' | 'metrics'>): () => Promise<void>;
}

/**
 * Webhooks for one subgraph: its event kinds, the two tables, the root fields (`subscribe<Name>Webhook`…) and the
 * delivery loop. A module raises a kind with `emitWebhookEvent(tx, name, kind, change)` in its change's transaction.
 */
export function webhooks(name: string, kinds: WebhookEventKind[]): WebhookModule {
  return {
    name,
    kinds,
    entities: [WebhookEntity, WebhookDeliveryEntity],
    resolvers: [webhookResolver(name, kinds)],
    start(running, options = {}) {
      const dispatcher = running.sql.inBackground(() =>
        startWebhookDispatcher(running.db, { ...options, name, log: running.log.child({ component: 'webhooks' }), metrics: running.metrics }));
      return () => dispatcher.stop();
    },
  };
}
