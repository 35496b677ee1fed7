import { GridhubError } from '@gridhub/kit';

/** Grid-event categories this subgraph raises (codes of the subdistrict subgraph's category tree). */
export type RaisedCategory = 'SPECIAL_POPULATION_CARE' | 'PUBLIC_SECURITY';

/** What this subgraph sends to the subdistrict subgraph's `reportEvent` mutation. */
export interface GridEventReport {
  category: RaisedCategory;
  source: 'DEVICE';
  title: string;
  description: string;
  /** Idempotency key: the subdistrict subgraph creates at most one event per externalRef. */
  externalRef: string;
  occurredAt: string;
  communityId?: string;
  personId?: string;
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

const REPORT_EVENT = `mutation ReportDeviceEvent($input: ReportEventInput!) { reportEvent(input: $input) { id } }`;

/** A `ReportEvent` that calls `reportEvent(input)` over HTTP. */
export function reportEventOverHttp(options: HttpReportEventOptions): ReportEvent {
  return async (report) => {
    const headers = { 'content-type': 'application/json', ...(options.headers ? await options.headers() : {}) };
    const res = await fetch(options.url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query: REPORT_EVENT, variables: { input: report } }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    const body = (await res.json().catch(() => ({}))) as { data?: { reportEvent?: { id: string } }; errors?: { message: string }[] };
    const id = body.data?.reportEvent?.id;
    if (!res.ok || !id)
      throw new GridhubError('SUBGRAPH_UNAVAILABLE', `reportEvent failed (HTTP ${res.status}): ${body.errors?.map((e) => e.message).join('; ') ?? 'no event id'}`);
    return { id: String(id) };
  };
}
