export { OutboxEntity } from './outbox.entity';
export {
  enqueueOutbox, deliverOutbox, undeliveredOutbox, startOutboxDispatcher, exponentialBackoff, dispatcherOf, terminalRefusal, TERMINAL_REFUSALS, ATTEMPTS_EXHAUSTED,
  type OutboxMessage, type OutboxSend, type DeliveryResult, type DeliverOptions, type OutboxDispatcher, type OutboxDispatcherOptions,
} from './outbox';
export { reportEventOverHttp, REPORT_EVENT, type GridEventReport, type ReportEvent, type HttpReportEventOptions } from './report-event';
export { reserveKeyNamespace, keyNamespaceOwner, requireKeyOwner, reservedKeyNamespaces } from './idempotency';
export { OutboxMessageType, outboxDeadLetterResolver } from './dead-letter.resolver';
