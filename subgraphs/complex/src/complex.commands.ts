import { serviceClient, serviceOperation, type SubgraphCommand } from '@gridhub/kit';
import { DEFAULT_RETENTION_DAYS, purgeAccessRecords, retentionCutoff } from './access-record/access-record.retention';
import { runCareAlerts, type ElderlyResident } from './care-alert/care-alert.job';
import { reportEventOverHttp } from './event-outbox/report-event.client';

interface ElderlyPage {
  persons: { edges: { node: { id: string; grid: { id: string } } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
}
const ELDERLY_ALONE = serviceOperation<ElderlyPage, { after: string | null }>(
  'query($after: String) { persons(first: 500, after: $after, filter: { tag: ELDERLY_ALONE }) { edges { node { id grid { id } } } pageInfo { hasNextPage endCursor } } }',
);

/** Residents tagged ELDERLY_ALONE with their grid, page by page through the gateway (the kit's service client). */
async function elderlyAlone(url: string, headers: Record<string, string>): Promise<ElderlyResident[]> {
  const client = serviceClient({ url, headers: () => headers, name: 'gateway' });
  const found: ElderlyResident[] = [];
  let after: string | null = null;
  do {
    const page: ElderlyPage = await client.request(ELDERLY_ALONE, { after }).catch((err: Error) => {
      throw new Error(`listing residents living alone failed: ${err.message}`);
    });
    found.push(...page.persons.edges.map((e) => ({ id: e.node.id, gridId: e.node.grid.id })));
    after = page.persons.pageInfo.hasNextPage ? page.persons.pageInfo.endCursor : null;
  } while (after);
  return found;
}

/** The complex tier's operator commands: `gridhub care-alerts` and `gridhub purge-access-records`. */
export const complexCommands: SubgraphCommand[] = [
  {
    name: 'care-alerts',
    description: 'raise a care event (once) for each resident living alone (独居老人) with no door activity for --hours; needs the hub running',
    options: [{ name: 'hours', description: 'hours without door activity', default: 48 }],
    async run({ hours }, { db, gateway: { url, headers }, service }) {
      const run = await runCareAlerts(db, {
        hours: hours!,
        elderlyAlone: () => elderlyAlone(url, headers),
        // Care events are keyed in the complex's namespace (`complex:care-alert:…`): sent as its service identity.
        reportEvent: reportEventOverHttp({ url, headers: () => service?.headers ?? headers }),
      });
      return (
        `care alerts: ${run.checked} residents living alone checked, ${run.silent} without door activity for ${hours} h; ` +
        `${run.raised} new care events (${run.delivered} delivered, ${run.failed} waiting in the outbox), ${run.alreadyRaised} raised before`
      );
    },
  },
  {
    name: 'purge-access-records',
    description: 'delete door records older than the retention period (PIPL: keep no longer than needed)',
    options: [{ name: 'retention-days', description: 'days to keep', default: DEFAULT_RETENTION_DAYS }],
    offline: true,
    async run(options, { db }) {
      const days = options['retention-days']!;
      const before = retentionCutoff(days);
      const deleted = await purgeAccessRecords(db, before);
      return `purged ${deleted} door records older than ${before.toISOString()} (retention ${days} days)`;
    },
  },
];
