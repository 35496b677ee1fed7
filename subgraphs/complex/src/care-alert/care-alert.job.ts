import { ScopedData } from '@gridhub/kit';
import type { DataSource } from 'typeorm';
import { AccessRecordEntity } from '../access-record/access-record.entity';
import { deliverReports, enqueueReport } from '../event-outbox/event-outbox.service';
import type { GridEventReport, ReportEvent } from '../event-outbox/report-event.client';
import { fromSqlTime } from '../sql-time';
import { CareAlertEntity } from './care-alert.entity';

export interface CareAlertOptions {
  /** Hours without any door record after which a resident living alone gets a care visit. */
  hours: number;
  /**
   * Persons tagged ELDERLY_ALONE with their grid: owned by the community subgraph, fetched through its API (never its
   * DB), e.g. `persons(filter: { tag: ELDERLY_ALONE }) { edges { node { id grid { id } } } }`.
   */
  elderlyAlone: () => Promise<readonly ElderlyResident[]>;
  /** Delivers the care events (subdistrict `reportEvent`); without it they wait in the outbox. */
  reportEvent?: ReportEvent;
  now?: Date;
}

export interface ElderlyResident {
  id: number | string;
  /** The person's grid: the care event goes to its grid worker. */
  gridId: number | string;
}

export interface CareAlertRun {
  /** Residents tagged ELDERLY_ALONE. */
  checked: number;
  /** Of those, without door activity for `hours`. */
  silent: number;
  /** New alerts this run (one grid event each). */
  raised: number;
  /** Silent residents whose current silence was already alerted on an earlier run. */
  alreadyRaised: number;
  delivered: number;
  failed: number;
}

export const careAlertExternalRef = (personId: number, window: string) => `complex:care-alert:${personId}:${window}`;

const CHUNK = 500;

/**
 * 独居老人关怀: finds residents tagged ELDERLY_ALONE with no door activity for `hours` and raises one care event
 * (category SPECIAL_POPULATION_CARE, source DEVICE) per silence. A silence is keyed by the person and the time of
 * the last record before it (`window`), stored in `care_alert` (unique per person and window) together with the
 * event in the outbox, in one transaction; the event goes out with `externalRef` as idempotency key. Running the
 * job again — every hour, or a retry after a crash — raises nothing twice. The `gridhub` CLI runs it.
 */
export async function runCareAlerts(db: DataSource, options: CareAlertOptions): Promise<CareAlertRun> {
  if (!(options.hours > 0)) throw new Error('hours must be positive');
  // A job: every resident's records, through the kit's data access under the job's own subject.
  const data = ScopedData.system(db, 'care-alerts');
  const now = options.now ?? new Date();
  const cutoff = now.getTime() - options.hours * 3_600_000;
  const gridOf = new Map<number, string>();
  for (const p of await options.elderlyAlone()) if (Number.isInteger(Number(p.id)) && Number(p.id) > 0) gridOf.set(Number(p.id), String(p.gridId));
  const ids = [...gridOf.keys()];
  const run: CareAlertRun = { checked: ids.length, silent: 0, raised: 0, alreadyRaised: 0, delivered: 0, failed: 0 };
  const refs: string[] = [];

  for (let i = 0; i < ids.length; i += CHUNK) {
    const slice = ids.slice(i, i + CHUNK);
    // One aggregate per chunk, each person a short backward look into the (personId, deviceTime, id) index.
    const rows: { personId: number; last: Date | string }[] = await data
      .query(AccessRecordEntity, 'r')
      .select('r.personId', 'personId')
      .addSelect('MAX(r.deviceTime)', 'last')
      .andWhere('r.personId IN (:...slice)', { slice })
      .groupBy('r.personId')
      .getRawMany();
    const lastSeen = new Map(rows.map((r) => [Number(r.personId), fromSqlTime(r.last)]));
    const silent = slice
      .map((personId) => ({ personId, last: lastSeen.get(personId) ?? null }))
      .filter((p) => !p.last || p.last.getTime() < cutoff)
      .map((p) => ({ ...p, window: p.last ? p.last.toISOString() : 'none' }));
    run.silent += silent.length;
    if (!silent.length) continue;

    await data.transaction(async (tx) => {
      const existing = await tx.query(CareAlertEntity, 'a').andWhere('a.personId IN (:...persons)', { persons: silent.map((s) => s.personId) }).getMany();
      const known = new Set(existing.map((a) => `${a.personId}|${a.window}`));
      for (const s of silent) {
        const externalRef = careAlertExternalRef(s.personId, s.window);
        refs.push(externalRef);
        if (known.has(`${s.personId}|${s.window}`)) {
          run.alreadyRaised++;
          continue;
        }
        // orIgnore on both rows: a concurrent run of the same silence ends with one alert and one outbox row.
        await tx
          .query(CareAlertEntity, 'a')
          .insert()
          .into(CareAlertEntity)
          .values({ personId: s.personId, window: s.window, lastSeenAt: s.last, raisedAt: now, externalRef })
          .orIgnore()
          .updateEntity(false)
          .execute();
        const report: GridEventReport = {
          title: '独居老人门禁长时间无记录',
          description: s.last
            ? `No door activity for person ${s.personId} since ${s.last.toISOString()} (more than ${options.hours} h): please visit.`
            : `No door activity recorded for person ${s.personId} (more than ${options.hours} h): please visit.`,
          category: 'CARE_ELDERLY_ALONE',
          priority: 'URGENT',
          source: 'DEVICE',
          gridId: gridOf.get(s.personId)!,
          location: `住所 (人员 ${s.personId})`,
          reporter: '门禁系统',
          externalRef,
        };
        await enqueueReport(tx.writer, report, now);
        run.raised++;
      }
    });
  }

  if (options.reportEvent && refs.length) {
    for (let i = 0; i < refs.length; i += CHUNK) {
      const result = await deliverReports(db, options.reportEvent, { externalRefs: refs.slice(i, i + CHUNK), limit: CHUNK });
      run.delivered += result.delivered;
      run.failed += result.failed;
    }
  }
  return run;
}
