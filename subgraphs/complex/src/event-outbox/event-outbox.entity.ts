/**
 * Grid events to report to the subdistrict subgraph (a confirmed face alarm, a care alert): the kit's outbox,
 * written in the same transaction as the change that raises them and delivered with `externalRef` as idempotency key.
 */
export { OutboxEntity as EventOutboxEntity } from '@gridhub/kit';
