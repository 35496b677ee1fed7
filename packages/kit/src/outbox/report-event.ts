import { serviceClient, serviceOperation } from '../service-client';

/**
 * What a service sends to the subdistrict subgraph's `reportEvent(input: ReportEventInput!)`, field for field:
 * devices (complex) and partners (powergrid) raise grid events this way, through their outbox.
 */
export interface GridEventReport {
  title: string;
  description: string;
  /** Category code of the subdistrict's tree (first or second level), e.g. INFRA_TREE_HAZARD. */
  category: string;
  priority: 'MINOR' | 'NORMAL' | 'URGENT' | 'EMERGENCY';
  source: 'DEVICE' | 'PARTNER';
  /** The grid responsible (the event lands in its worker's queue). */
  gridId: string;
  location: string;
  /** Who raised it: a system or an agency, stable per kind of report (the subdistrict ties externalRef to it). */
  reporter: string;
  /**
   * Idempotency key: the subdistrict subgraph keeps one event per (reporting identity, externalRef); keys in a
   * service's namespace (`complex:…`) are reserved to that service's identity.
   */
  externalRef: string;
}

/** Delivers one report; resolves with the grid event's id, rejects when it was not accepted. */
export type ReportEvent = (report: GridEventReport) => Promise<{ id: string }>;

export interface HttpReportEventOptions {
  /** The subdistrict subgraph's (or the gateway's) GraphQL endpoint. */
  url: string;
  /** Headers per call, e.g. a fresh identity token for audience `subdistrict`. */
  headers?: () => Promise<Record<string, string>> | Record<string, string>;
  timeoutMs?: number;
}

/** The document every outbox sends through the gateway; a trusted-documents gateway registers it (gridhub serve). */
export const REPORT_EVENT = `mutation ReportGridEvent($input: ReportEventInput!) { reportEvent(input: $input) { id } }`;

const REPORT_EVENT_OPERATION = serviceOperation<{ reportEvent: { id: string | number } }, { input: GridEventReport }>(REPORT_EVENT);

/**
 * A `ReportEvent` that calls `reportEvent(input)` through the kit's service client. A refusal carries the receiver's
 * code (CONFLICT, FORBIDDEN… : the outbox makes the message a dead letter); an unreachable receiver is
 * SUBGRAPH_UNAVAILABLE (retried).
 */
export function reportEventOverHttp(options: HttpReportEventOptions): ReportEvent {
  const client = serviceClient({ url: options.url, headers: options.headers, timeoutMs: options.timeoutMs, name: 'subdistrict' });
  return async (report) => ({ id: String((await client.request(REPORT_EVENT_OPERATION, { input: report })).reportEvent.id) });
}
