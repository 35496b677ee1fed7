import { can, conflict, type Role } from '@gridhub/kit';
import {
  insertTables, PLAN_DATE, Random, type CommunityPlan, type GridRow, type GridWorkerRow, type SeedProgress, type SeedResult, type SubdistrictPlan,
} from '@gridhub/seed';
import { In, type DataSource, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { CATEGORY_ROWS, POLICY_ROWS } from './category/category.data';
import { stageDeadline } from './category/deadline';
import { DepartmentEntity } from './department/department.entity';
import { EventHistoryEntity, GridEventEntity } from './event/event.entity';
import { EventAction, EventPriority, EventSource, EventStatus } from './event/event.enums';
import { TRANSITIONS } from './event/event.machine';
import { applyTransition, currentDeadline, type Assignment } from './event/event.service';
import { PlatformEntity } from './platform/platform.entity';
import { SubdistrictEntity } from './subdistrict/subdistrict.entity';

/** Grid events handled in the reference year, per subdistrict (DESIGN.md, "Reference scale"). */
export const REFERENCE_EVENTS = 1_781;
export const PLATFORMS_PER_SUBDISTRICT = 11;

const HOUR = 3_600_000;
const MINUTE = 60_000;
/** The plan's "today" ends at midnight China Standard Time; the seeded year is the 365 days before it. */
export const EVENTS_UNTIL = new Date(Date.parse(`${PLAN_DATE}T00:00:00+08:00`) + 24 * HOUR);
export const EVENTS_FROM = new Date(EVENTS_UNTIL.getTime() - 365 * 24 * HOUR);

export type SubdistrictRow = SubdistrictEntity;
export type DepartmentRow = DepartmentEntity;
export type PlatformRow = PlatformEntity;
export type EventRow = GridEventEntity;
export type HistoryRow = EventHistoryEntity;

/** The subdistrict tier's rows, with explicit ids (in block order), derived from the community plan. */
export interface SubdistrictTierPlan {
  subdistricts: SubdistrictRow[];
  departments: DepartmentRow[];
  platforms: PlatformRow[];
  events: EventRow[];
  history: HistoryRow[];
}

// code suffix, name, kind; the categories each department handles are in DEPARTMENT_FOR.
const DEPARTMENTS = [
  ['CENTER', '综治中心', 'CENTER'], ['PINGAN', '平安法治办', 'OFFICE'], ['CHENGGUAN', '城市管理办公室', 'OFFICE'],
  ['YINGJI', '应急管理办公室', 'OFFICE'], ['SHIWU', '社会事务办公室', 'OFFICE'], ['HUANWEI', '环卫所', 'STATION'],
  ['PAICHUSUO', '派出所', 'STATION'], ['SIFASUO', '司法所', 'STATION'], ['ZIRAN', '自然资源所', 'STATION'],
  ['RENSHE', '人力社保所', 'STATION'], ['GONGDIAN', '供电所', 'AGENCY'], ['TUIYI', '退役军人服务站', 'STATION'],
] as const;
type DepartmentCode = (typeof DEPARTMENTS)[number][0];

/** Which department a category's events are usually dispatched to. */
const DEPARTMENT_FOR: Record<string, DepartmentCode> = {
  DISPUTE_NEIGHBOURS: 'SIFASUO', DISPUTE_PROPERTY: 'SIFASUO', DISPUTE_LAND: 'ZIRAN', DISPUTE_LABOUR: 'RENSHE', DISPUTE_FAMILY: 'SIFASUO',
  PUBLIC_SECURITY: 'PAICHUSUO', SAFETY_PRODUCTION: 'YINGJI', ENVIRONMENT_SANITATION: 'HUANWEI', INFRASTRUCTURE_UTILITIES: 'CHENGGUAN',
  INFRA_POWER_LINE: 'GONGDIAN', INFRA_TREE_HAZARD: 'GONGDIAN', SPECIAL_POPULATION_CARE: 'SHIWU', CARE_COMMUNITY_CORRECTION: 'SIFASUO',
  OTHER: 'PINGAN',
};

/** First-level category mix of a year's events. */
const CATEGORY_MIX: [string, number][] = [
  ['DISPUTE', 22], ['PUBLIC_SECURITY', 10], ['SAFETY_PRODUCTION', 12], ['ENVIRONMENT_SANITATION', 26],
  ['INFRASTRUCTURE_UTILITIES', 17], ['SPECIAL_POPULATION_CARE', 9], ['OTHER', 4],
];
const SOURCE_MIX: [EventSource, number][] = [[EventSource.PATROL, 46], [EventSource.CITIZEN, 34], [EventSource.DEVICE, 12], [EventSource.PARTNER, 8]];
const CHANNEL_MIX: [string, number][] = [['WECHAT_GROUP', 55], ['HOTLINE', 30], ['VISIT', 15]];
const PATROL_PRIORITY: [EventPriority, number][] = [[EventPriority.MINOR, 45], [EventPriority.NORMAL, 42], [EventPriority.URGENT, 10], [EventPriority.EMERGENCY, 3]];
const OTHER_PRIORITY: [EventPriority, number][] = [[EventPriority.MINOR, 10], [EventPriority.NORMAL, 68], [EventPriority.URGENT, 18], [EventPriority.EMERGENCY, 4]];

/** What reports of each second-level category say, so titles match their category. */
const TITLES: Record<string, string[]> = {
  DISPUTE_NEIGHBOURS: ['邻里噪音纠纷', '漏水引发邻里矛盾', '楼道占用纠纷'],
  DISPUTE_PROPERTY: ['物业费纠纷', '停车位纠纷', '物业服务投诉'],
  DISPUTE_LAND: ['宅基地界址争议', '山林权属争议'],
  DISPUTE_LABOUR: ['拖欠农民工工资', '装修工钱纠纷'],
  DISPUTE_FAMILY: ['家庭矛盾调解', '赡养纠纷'],
  PUBLIC_SECURITY_HAZARD: ['可疑人员徘徊', '夜间聚集', '单元门禁损坏'],
  SAFETY_FOREST_FIRE: ['林区野外用火', '祭祀烧纸火情隐患', '林区违规焚烧秸秆'],
  ENV_FISHING_BAN: ['长江岸线非法垂钓', '违规电鱼', '禁渔水域非法捕捞'],
  PUBLIC_SECURITY_FRAUD: ['电信诈骗风险提示', '老人疑似遭遇诈骗'],
  PUBLIC_SECURITY_RENTAL: ['出租屋未登记', '群租房隐患'],
  SAFETY_FIRE: ['楼道堆放杂物堵塞消防通道', '消防栓损坏'],
  SAFETY_GAS: ['燃气管道老化', '燃气泄漏气味'],
  SAFETY_CONSTRUCTION: ['工地未设安全围挡', '工地夜间施工'],
  SAFETY_E_BIKE: ['电动车入户充电', '飞线充电'],
  ENV_GARBAGE: ['垃圾清运不及时', '垃圾桶满溢'],
  ENV_ILLEGAL_DUMPING: ['建筑垃圾乱倒', '河道漂浮物'],
  ENV_NOISE: ['广场舞噪音扰民', '夜间施工噪音'],
  ENV_POLLUTION: ['餐馆油烟扰民', '污水直排'],
  INFRA_ROAD: ['路面坑洼', '井盖缺失'],
  INFRA_STREETLIGHT: ['路灯不亮', '路灯倾斜'],
  INFRA_WATER: ['下水道堵塞', '停水未通知'],
  INFRA_POWER_LINE: ['电线杆倾斜', '线路老化'],
  INFRA_TREE_HAZARD: ['线路下树木超高（树障）', '树木触碰10千伏线路'],
  CARE_ELDERLY_ALONE: ['独居老人多日未出门', '独居老人生病无人照料'],
  CARE_DISABLED: ['残疾人生活困难求助', '无障碍设施损坏'],
  CARE_MENTAL_HEALTH: ['精神障碍患者走失风险', '精神障碍患者服药情况异常'],
  CARE_LEFT_BEHIND_CHILDREN: ['留守儿童无人照看', '留守儿童辍学风险'],
  CARE_COMMUNITY_CORRECTION: ['社区矫正对象未按时报到', '社区矫正对象外出未报告'],
  OTHER_GENERAL: ['政策咨询', '其他求助'],
};

interface Actor {
  actorSubject: string;
  actorRole: string;
  actorName: string | null;
}

interface Block {
  subdistrict: SubdistrictPlan;
  grids: GridRow[];
  workersByGrid: Map<number, GridWorkerRow[]>;
  namesByGrid: Map<number, string[]>;
  communityName: Map<number, string>;
  departments: Map<DepartmentCode, DepartmentRow>;
}

const policyOf = new Map(POLICY_ROWS.map((p) => [`${p.categoryCode}/${p.priority}`, p]));
const childrenOf = new Map<string, string[]>();
for (const c of CATEGORY_ROWS) if (c.parentCode) childrenOf.set(c.parentCode, [...(childrenOf.get(c.parentCode) ?? []), c.code]);
const ruleOf = new Map(TRANSITIONS.map((t) => [t.action, t]));

/** Builds the subdistrict tier from the community plan: a pure function of it (same plan, same rows). */
export function planSubdistrictTier(plan: CommunityPlan): SubdistrictTierPlan {
  const tier: SubdistrictTierPlan = { subdistricts: [], departments: [], platforms: [], events: [], history: [] };
  plan.subdistricts.forEach((subdistrict, block) => {
    tier.subdistricts.push({ id: subdistrict.id, code: subdistrict.code, name: subdistrict.name, center: `${subdistrict.name}综治中心`, address: `${subdistrict.name}便民服务中心` });
    const departments = new Map<DepartmentCode, DepartmentRow>();
    DEPARTMENTS.forEach(([code, name, kind], k) => {
      const row = { id: block * DEPARTMENTS.length + k + 1, code: `${subdistrict.code}-${code}`, name: `${subdistrict.name}${name}`, kind, subdistrictId: subdistrict.id };
      departments.set(code, row);
      tier.departments.push(row);
    });
    tier.platforms.push(...planPlatforms(plan, subdistrict, block));
    planEvents(tier, blockOf(plan, subdistrict, departments), Random.for(plan.seed, 'events', block));
  });
  return tier;
}

function blockOf(plan: CommunityPlan, subdistrict: SubdistrictPlan, departments: Map<DepartmentCode, DepartmentRow>): Block {
  const communities = plan.communities.filter((c) => c.subdistrictId === subdistrict.id);
  const ids = new Set(communities.map((c) => c.id));
  const grids = plan.grids.filter((g) => ids.has(g.communityId) && g.validTo == null);
  const workers = new Map(plan.workers.map((w) => [w.id, w]));
  const workersByGrid = new Map<number, GridWorkerRow[]>();
  for (const a of plan.assignments) workersByGrid.set(a.gridId, [...(workersByGrid.get(a.gridId) ?? []), workers.get(a.workerId)!]);
  const namesByGrid = new Map<number, string[]>();
  for (const p of plan.persons) {
    if (!ids.has(p.communityId)) continue;
    const list = namesByGrid.get(p.gridId) ?? [];
    if (list.length < 50) list.push(p.name);
    namesByGrid.set(p.gridId, list);
  }
  return { subdistrict, grids, workersByGrid, namesByGrid, communityName: new Map(communities.map((c) => [c.id, c.name])), departments };
}

function planPlatforms(plan: CommunityPlan, s: SubdistrictPlan, block: number): PlatformRow[] {
  const communities = plan.communities.filter((c) => c.subdistrictId === s.id && c.kind === 'COMMUNITY').slice(0, 4);
  const complexes = plan.complexes.filter((x) => communities.some((c) => c.id === x.communityId)).slice(0, 4);
  const rows: Omit<PlatformRow, 'id' | 'subdistrictId'>[] = [
    { code: 'GOV', name: `${s.name}社会治理综合指挥平台`, tier: 'SUBDISTRICT', scopeId: s.id, capabilities: 'EVENTS,PERSONS,VIDEO', vendor: '中国电信', status: 'ONLINE' },
    { code: 'XUELIANG', name: `${s.name}雪亮工程视频平台`, tier: 'SUBDISTRICT', scopeId: s.id, capabilities: 'VIDEO', vendor: '海康威视', status: 'ONLINE' },
    { code: 'ACCESS', name: `${s.name}智慧门禁汇聚平台`, tier: 'SUBDISTRICT', scopeId: s.id, capabilities: 'ACCESS_CONTROL,PERSONS', vendor: '宇视科技', status: 'ONLINE' },
    ...communities.map((c, i) => ({
      code: `COMM${i + 1}`, name: `${c.name}智慧社区平台`, tier: 'COMMUNITY', scopeId: c.id, capabilities: 'PERSONS,EVENTS',
      vendor: ['浪潮', '华为', '中国移动', '大华股份'][i]!, status: i === 2 ? 'DEGRADED' : 'ONLINE',
    })),
    ...complexes.map((x, i) => ({
      code: `CPLX${i + 1}`, name: `${x.name}智慧小区平台`, tier: 'COMPLEX', scopeId: x.id, capabilities: i % 2 ? 'ACCESS_CONTROL,VIDEO' : 'ACCESS_CONTROL,VIDEO,PERSONS',
      vendor: ['海康威视', '大华股份', '宇视科技', '立方'][i]!, status: i === 3 ? 'OFFLINE' : 'ONLINE',
    })),
  ];
  if (rows.length !== PLATFORMS_PER_SUBDISTRICT) throw new RangeError(`subdistrict ${s.id} yields ${rows.length} platforms, not ${PLATFORMS_PER_SUBDISTRICT}`);
  return rows.map((r, k) => ({ ...r, id: block * PLATFORMS_PER_SUBDISTRICT + k + 1, subdistrictId: s.id, code: `${s.code}-${r.code}` }));
}

interface Draft {
  reportedAt: Date;
  index: number;
  build: (id: number, nextHistoryId: () => number) => { event: EventRow; history: HistoryRow[] };
}

function planEvents(tier: SubdistrictTierPlan, b: Block, r: Random): void {
  const operators: Actor[] = [1, 2, 3, 4].map((k) => ({ actorSubject: `operator:${b.subdistrict.id}-${k}`, actorRole: 'CENTER_OPERATOR', actorName: `综治中心值班员${k}` }));
  const span = EVENTS_UNTIL.getTime() - EVENTS_FROM.getTime();
  const drafts: Draft[] = [];
  for (let i = 0; i < REFERENCE_EVENTS; i++) {
    // Day-time reports mostly (08:00–20:00 CST), on whole minutes.
    const day = r.int(0, 364);
    const minuteOfDay = r.chance(0.9) ? r.int(8 * 60, 20 * 60 - 1) : r.int(0, 24 * 60 - 1);
    const reportedAt = new Date(EVENTS_FROM.getTime() + day * 24 * HOUR + minuteOfDay * MINUTE);
    if (reportedAt.getTime() - EVENTS_FROM.getTime() >= span) throw new RangeError('report outside the seeded year');
    drafts.push({ reportedAt, index: i, build: draftEvent(r, b, operators, reportedAt) });
  }
  drafts.sort((x, y) => x.reportedAt.getTime() - y.reportedAt.getTime() || x.index - y.index);
  let historyId = tier.history.length;
  for (const d of drafts) {
    const { event, history } = d.build(tier.events.length + 1, () => ++historyId);
    tier.events.push(event);
    tier.history.push(...history);
  }
}

/**
 * Seasonal categories of the rural grids: forest-fire prevention in the fire season (森林防火期, November to April)
 * and the Yangtze fishing ban in the spawning season's patrols (March to June). They replace a share of the season's
 * safety and environment reports there, decided by a stream of their own so every other draw stays as it was.
 */
const SEASONAL = new Map<string, { root: string; months: number[]; share: number }>([
  ['SAFETY_FOREST_FIRE', { root: 'SAFETY_PRODUCTION', months: [11, 12, 1, 2, 3, 4], share: 0.35 }],
  ['ENV_FISHING_BAN', { root: 'ENVIRONMENT_SANITATION', months: [3, 4, 5, 6], share: 0.25 }],
]);

function inSeason(root: string, code: string, grid: { id: number; kind: string }, reportedAt: Date): string {
  if (grid.kind !== 'RURAL') return code;
  const month = new Date(reportedAt.getTime() + 8 * 3_600_000).getUTCMonth() + 1;
  const r = Random.for(reportedAt.getTime(), 'season', grid.id);
  for (const [seasonal, season] of SEASONAL) if (season.root === root && season.months.includes(month) && r.chance(season.share)) return seasonal;
  return code;
}

/** Draws one event (all random numbers now, in a fixed order) and returns how to build its rows once its id is known. */
function draftEvent(r: Random, b: Block, operators: Actor[], reportedAt: Date): Draft['build'] {
  const grid = r.pick(b.grids);
  const workers = b.workersByGrid.get(grid.id) ?? [];
  const gridWorker = workers.length ? r.pick(workers) : null;
  const workerActor: Actor | null = gridWorker ? { actorSubject: `worker:${gridWorker.id}`, actorRole: 'GRID_WORKER', actorName: gridWorker.name } : null;
  const staff: Actor = { actorSubject: `staff:${grid.communityId}`, actorRole: 'COMMUNITY_STAFF', actorName: `${b.communityName.get(grid.communityId)}工作人员` };
  const operator = () => r.pick(operators);

  let source = r.weighted(SOURCE_MIX);
  if (source === EventSource.PATROL && !workerActor) source = EventSource.CITIZEN;
  let root = r.weighted(CATEGORY_MIX);
  let code = r.pick(childrenOf.get(root)!.filter((c) => !SEASONAL.has(c)));
  code = inSeason(root, code, grid, reportedAt);
  if (source === EventSource.PARTNER) [root, code] = ['INFRASTRUCTURE_UTILITIES', r.chance(0.7) ? 'INFRA_TREE_HAZARD' : 'INFRA_POWER_LINE'];
  if (source === EventSource.DEVICE) {
    code = r.pick(['SAFETY_FIRE', 'SAFETY_E_BIKE', 'PUBLIC_SECURITY_HAZARD']);
    root = code.startsWith('SAFETY') ? 'SAFETY_PRODUCTION' : 'PUBLIC_SECURITY';
  }
  const priority = r.weighted(source === EventSource.PATROL ? PATROL_PRIORITY : OTHER_PRIORITY);
  const policy = policyOf.get(`${root}/${priority}`)!;
  const channel = source === EventSource.CITIZEN ? r.weighted(CHANNEL_MIX) : null;
  const names = b.namesByGrid.get(grid.id) ?? [];
  let reporter: Actor;
  let reporterName: string;
  let externalRef: string | null = null;
  switch (source) {
    case EventSource.PATROL:
      reporter = workerActor!;
      reporterName = gridWorker!.name;
      break;
    case EventSource.CITIZEN:
      reporter = channel === 'HOTLINE' ? operator() : channel === 'VISIT' || !workerActor ? staff : workerActor;
      reporterName = names.length ? r.pick(names) : '群众';
      break;
    case EventSource.DEVICE:
      reporter = operator();
      reporterName = code === 'PUBLIC_SECURITY_HAZARD' ? '人脸识别告警' : code === 'SAFETY_FIRE' ? '烟感告警' : '门禁告警';
      externalRef = `DEV-${b.subdistrict.id}-${r.int(100000, 999999)}`;
      break;
    case EventSource.PARTNER:
      reporter = { actorSubject: 'partner:state-grid', actorRole: 'PARTNER', actorName: '国网供电公司' };
      reporterName = '国网供电公司';
      externalRef = `SGCC-${b.subdistrict.id}-${r.int(100000, 999999)}`;
      break;
  }
  const title = r.pick(TITLES[code] ?? TITLES.OTHER_GENERAL!);

  // The chain, as (action, minutes after the previous step, actor, assignment, note).
  const steps: { action: EventAction; at: number; actor: Actor; assignment?: Assignment; note?: string }[] = [];
  let t = reportedAt.getTime();
  const at = (minutes: number) => (t += Math.max(1, Math.round(minutes)) * MINUTE);
  const acceptBy = stageDeadline(policy, 'accept', reportedAt).dueAt.getTime();
  const handleBy = stageDeadline(policy, 'handle', reportedAt).dueAt.getTime();
  const toward = (deadline: number, late: boolean) => {
    // A point before the deadline (or, when late, past it), never before now.
    const window = Math.max(deadline - t, 20 * MINUTE);
    return (late ? window * (1.05 + r.next() * 0.9) : window * (0.1 + r.next() * 0.8)) / MINUTE;
  };
  const department = b.departments.get(DEPARTMENT_FOR[code] ?? DEPARTMENT_FOR[root]!)!;
  const handler: Actor = { actorSubject: `department:${department.id}`, actorRole: 'CENTER_OPERATOR', actorName: department.name };
  const selfResolve = source === EventSource.PATROL && priority === EventPriority.MINOR && r.chance(0.7);
  const fate = r.next();
  const stalls = r.chance(0.01);
  const toWorker = !!workerActor && r.chance(0.4);
  const returned = r.chance(0.04);
  const reopened = r.chance(0.05);
  const lateAccept = r.chance(0.04);
  const lateResolve = r.chance(0.09);

  if (selfResolve) {
    steps.push({ action: EventAction.SELF_RESOLVE, at: at(r.int(5, 60)), actor: reporter, note: '现场处置完毕' });
  } else {
    const accept = { at: at(priority === EventPriority.EMERGENCY ? r.int(5, 30) : toward(acceptBy, lateAccept)), actor: operator() };
    if (fate < 0.025) {
      steps.push({ action: EventAction.REJECT, ...accept, note: r.pick(['重复上报', '不属于受理范围', '信息不实']) });
    } else {
      steps.push({ action: EventAction.ACCEPT, ...accept });
      if (fate < 0.04) steps.push({ action: EventAction.ESCALATE, at: at(r.int(60, 48 * 60)), actor: operators[0]!, note: '涉及跨街道事项，上报区综治中心' });
      else {
        const assignee: Actor = toWorker ? workerActor! : handler;
        const assignment: Assignment = toWorker
          ? { assignedDepartmentId: null, assignedWorkerId: gridWorker!.id }
          : { assignedDepartmentId: department.id, assignedWorkerId: null };
        steps.push({ action: EventAction.ASSIGN, at: at(r.int(10, 240)), actor: operator(), assignment });
        if (returned) {
          steps.push({ action: EventAction.RETURN, at: at(r.int(60, 24 * 60)), actor: assignee, note: '不属于本部门职责' });
          steps.push({ action: EventAction.ASSIGN, at: at(r.int(10, 240)), actor: operator(), assignment: { assignedDepartmentId: department.id, assignedWorkerId: null } });
        }
        const doer = returned ? handler : assignee;
        steps.push({ action: EventAction.START, at: at(priority === EventPriority.EMERGENCY ? r.int(5, 20) : r.int(10, 12 * 60)), actor: doer });
        if (!stalls) {
          steps.push({ action: EventAction.RESOLVE, at: at(priority === EventPriority.EMERGENCY ? r.int(20, 90) : toward(handleBy, lateResolve)), actor: doer });
          if (reopened) {
            steps.push({ action: EventAction.FAIL_VERIFICATION, at: at(r.int(120, 30 * 60)), actor: staff, note: '复核未整改到位' });
            steps.push({ action: EventAction.RESOLVE, at: at(r.int(4 * 60, 72 * 60)), actor: doer });
          }
        }
      }
    }
  }
  const lastAction = steps[steps.length - 1]!.action;
  if (lastAction === EventAction.RESOLVE || lastAction === EventAction.SELF_RESOLVE) {
    steps.push({ action: EventAction.VERIFY, at: at(r.int(120, 40 * 60)), actor: r.chance(0.5) ? staff : operator() });
    steps.push({ action: EventAction.CLOSE, at: at(r.int(60, 24 * 60)), actor: operator(), note: '已向反映人反馈' });
  }

  return (id, nextHistoryId) => {
    let e: EventRow = {
      id, title, description: `${b.communityName.get(grid.communityId)}${grid.name}：${title}`, categoryCode: code, categoryRoot: root,
      priority, source, channel, gridId: grid.id, communityId: grid.communityId, location: `${b.communityName.get(grid.communityId)}${grid.name}`,
      reporterName, reporterSubject: reporter.actorSubject, reporterRole: reporter.actorRole, externalRef: externalRef && `${externalRef}-${id}`,
      status: EventStatus.REPORTED, version: 1, assignedDepartmentId: null, assignedWorkerId: null,
      reportedAt, acceptedAt: null, resolvedAt: null, verifiedAt: null, closedAt: null,
      acceptDueAt: new Date(acceptBy), handleDueAt: new Date(handleBy), verifyDueAt: null, dueAt: null, redAt: null, updatedAt: reportedAt,
      // The supervision job puts the seed's late events under RED supervision at its first runs.
      supervisedAt: null, supervisingDepartmentId: null,
    };
    Object.assign(e, currentDeadline(e, EventStatus.REPORTED));
    const history: HistoryRow[] = [{
      id: nextHistoryId(), eventId: id, action: 'REPORT', fromStatus: null, toStatus: EventStatus.REPORTED, ...reporter, note: null,
      assignedDepartmentId: null, assignedWorkerId: null, at: reportedAt,
    }];
    // Steps after the plan's "today" have not happened yet: the event stays where it is.
    for (const step of steps) {
      if (step.at >= EVENTS_UNTIL.getTime()) break;
      const rule = ruleOf.get(step.action)!;
      if (!rule.from.includes(e.status as EventStatus) || !can({ subject: step.actor.actorSubject, role: step.actor.actorRole as Role }, rule.kitAction))
        throw new Error(`seed chain broke the transition table: ${step.action} from ${e.status} by ${step.actor.actorRole}`);
      const now = new Date(step.at);
      const from = e.status;
      e = { ...e, ...applyTransition(e, rule, now, policy, step.assignment ?? null), version: e.version + 1 };
      history.push({
        id: nextHistoryId(), eventId: id, action: step.action, fromStatus: from, toStatus: rule.to, ...step.actor, note: step.note ?? null,
        assignedDepartmentId: step.assignment?.assignedDepartmentId ?? null, assignedWorkerId: step.assignment?.assignedWorkerId ?? null, at: now,
      });
    }
    return { event: e, history };
  };
}

/**
 * Writes the subdistrict tier of the plan: per subdistrict block its subdistrict, departments, 11 platforms and
 * 1,781 events with their histories, in one transaction, with explicit ids. Idempotent per block: a block whose
 * subdistrict row is present is left alone, so a re-run writes nothing (`skipped`).
 */
export async function seedSubdistrict(db: DataSource, plan: CommunityPlan, progress?: SeedProgress): Promise<SeedResult> {
  const tier = planSubdistrictTier(plan);
  const found = await db.getRepository(SubdistrictEntity).findBy({ id: In(tier.subdistricts.map((s) => s.id)) });
  for (const f of found) {
    if (tier.subdistricts.find((s) => s.id === f.id)?.code !== f.code)
      throw conflict('the subdistrict database holds other data where this seed plan goes; seed an empty database', { subdistrictId: f.id });
  }
  const written = new Set(found.map((f) => f.id));
  const eventBlock = new Map(tier.events.map((e) => [e.id, e.communityId]));
  const subdistrictOf = new Map(plan.communities.map((c) => [c.id, c.subdistrictId]));
  const fresh = <T extends ObjectLiteral>(rows: T[], block: (row: T) => number) => rows.filter((row) => !written.has(block(row)));
  const tables: { name: string; entity: EntityTarget<ObjectLiteral>; rows: ObjectLiteral[] }[] = [
    { name: 'subdistrict', entity: SubdistrictEntity, rows: fresh(tier.subdistricts, (s) => s.id) },
    { name: 'department', entity: DepartmentEntity, rows: fresh(tier.departments, (d) => d.subdistrictId) },
    { name: 'platform', entity: PlatformEntity, rows: fresh(tier.platforms, (p) => p.subdistrictId) },
    { name: 'grid_event', entity: GridEventEntity, rows: fresh(tier.events, (e) => subdistrictOf.get(e.communityId)!) },
    { name: 'grid_event_history', entity: EventHistoryEntity, rows: fresh(tier.history, (h) => subdistrictOf.get(eventBlock.get(h.eventId)!)!) },
  ];
  const inserted = Object.fromEntries(tables.map((t) => [t.name, t.rows.length]));
  const total = tables.reduce((sum, t) => sum + t.rows.length, 0);
  if (total === 0) return { inserted, skipped: true };
  await db.transaction((m) => insertTables(m, tables, { done: 0, total }, progress));
  return { inserted, skipped: false };
}
