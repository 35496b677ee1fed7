import type { ReferenceTable } from '@gridhub/kit';
import { CALENDAR_ROWS } from '../calendar/calendar.data';

/**
 * The category tree and deadline policy as they should be now: what the seed and new events use, and what
 * `gridhub migration generate subdistrict --name …` compares a migrated database with. Migrations carry their own
 * rows (the first tree is frozen in ReferenceData1795900000001), so a change here reaches every database, new or
 * already migrated, through the migration generated for it — and a test fails until that migration exists.
 */
export interface CategoryRow {
  code: string;
  parentCode: string | null;
  name: string;
  nameZh: string;
  position: number;
}

const tree: [code: string, name: string, nameZh: string, children: [string, string, string][]][] = [
  ['DISPUTE', 'Disputes', '矛盾纠纷', [
    ['DISPUTE_NEIGHBOURS', 'Between neighbours', '邻里纠纷'],
    ['DISPUTE_PROPERTY', 'Property management', '物业纠纷'],
    ['DISPUTE_LAND', 'Land and forest', '土地山林纠纷'],
    ['DISPUTE_LABOUR', 'Labour and wages', '劳资纠纷'],
    ['DISPUTE_FAMILY', 'Marriage and family', '婚姻家庭纠纷'],
  ]],
  ['PUBLIC_SECURITY', 'Public-security hazards', '治安隐患', [
    ['PUBLIC_SECURITY_HAZARD', 'Security hazard', '治安隐患点'],
    ['PUBLIC_SECURITY_FRAUD', 'Fraud risk', '电信诈骗风险'],
    ['PUBLIC_SECURITY_RENTAL', 'Unregistered rental', '出租屋未登记'],
  ]],
  ['SAFETY_PRODUCTION', 'Safety production', '安全生产', [
    ['SAFETY_FIRE', 'Fire hazard', '消防隐患'],
    ['SAFETY_GAS', 'Gas safety', '燃气安全'],
    ['SAFETY_CONSTRUCTION', 'Construction site', '建筑施工'],
    ['SAFETY_E_BIKE', 'E-bike charging', '电动车违规充电'],
    ['SAFETY_FOREST_FIRE', 'Forest-fire prevention', '森林防火'],
  ]],
  ['ENVIRONMENT_SANITATION', 'Environment and sanitation', '环境卫生', [
    ['ENV_GARBAGE', 'Garbage', '垃圾堆放'],
    ['ENV_ILLEGAL_DUMPING', 'Illegal dumping', '乱倒乱排'],
    ['ENV_NOISE', 'Noise', '噪声扰民'],
    ['ENV_POLLUTION', 'Pollution', '污染'],
    ['ENV_FISHING_BAN', 'Yangtze fishing ban', '长江禁渔'],
  ]],
  ['INFRASTRUCTURE_UTILITIES', 'Infrastructure and utilities', '基础设施与公用事业', [
    ['INFRA_ROAD', 'Roads', '道路破损'],
    ['INFRA_STREETLIGHT', 'Street lights', '路灯故障'],
    ['INFRA_WATER', 'Water supply and drainage', '供排水'],
    ['INFRA_POWER_LINE', 'Power lines', '电力线路'],
    ['INFRA_TREE_HAZARD', 'Tree hazard near power lines', '树障'],
  ]],
  ['SPECIAL_POPULATION_CARE', 'Special-population care', '特殊人群关爱', [
    ['CARE_ELDERLY_ALONE', 'Elderly living alone', '独居老人'],
    ['CARE_DISABLED', 'Persons with disabilities', '残疾人'],
    ['CARE_MENTAL_HEALTH', 'Mental health', '严重精神障碍患者'],
    ['CARE_LEFT_BEHIND_CHILDREN', 'Left-behind children', '留守儿童'],
    ['CARE_COMMUNITY_CORRECTION', 'Community correction', '社区矫正'],
  ]],
  ['OTHER', 'Other', '其他', [['OTHER_GENERAL', 'Other matters', '其他事项']]],
];

export const CATEGORY_ROWS: readonly CategoryRow[] = tree.flatMap(([code, name, nameZh, children], i) => [
  { code, parentCode: null, name, nameZh, position: i + 1 },
  ...children.map(([c, n, z], j) => ({ code: c, parentCode: code, name: n, nameZh: z, position: j + 1 })),
]);

export interface PolicyRow {
  categoryCode: string;
  priority: string;
  acceptAmount: number;
  acceptUnit: string;
  handleAmount: number;
  handleUnit: string;
  verifyAmount: number;
  verifyUnit: string;
}

const H = 'HOURS';
const WD = 'WORKING_DAYS';
/** Handling time in working days for NORMAL events: disputes take mediation, hazards must go fast. */
const normalHandling: Record<string, number> = {
  DISPUTE: 10, PUBLIC_SECURITY: 3, SAFETY_PRODUCTION: 3, ENVIRONMENT_SANITATION: 5,
  INFRASTRUCTURE_UTILITIES: 5, SPECIAL_POPULATION_CARE: 3, OTHER: 5,
};

/** Common practice: accept within 1 working day, handle within 5, emergencies within 2 hours. */
export const POLICY_ROWS: readonly PolicyRow[] = tree.flatMap(([code]) => [
  { categoryCode: code, priority: 'MINOR', acceptAmount: 1, acceptUnit: WD, handleAmount: 3, handleUnit: WD, verifyAmount: 2, verifyUnit: WD },
  { categoryCode: code, priority: 'NORMAL', acceptAmount: 1, acceptUnit: WD, handleAmount: normalHandling[code]!, handleUnit: WD, verifyAmount: 2, verifyUnit: WD },
  { categoryCode: code, priority: 'URGENT', acceptAmount: 4, acceptUnit: H, handleAmount: 2, handleUnit: WD, verifyAmount: 1, verifyUnit: WD },
  { categoryCode: code, priority: 'EMERGENCY', acceptAmount: 1, acceptUnit: H, handleAmount: 2, handleUnit: H, verifyAmount: 24, verifyUnit: H },
]);

/** The subdistrict's reference tables: rows identified by their key columns. */
export const REFERENCE_DATA: ReferenceTable[] = [
  { table: 'event_category', key: ['code'], rows: CATEGORY_ROWS },
  { table: 'deadline_policy', key: ['categoryCode', 'priority'], rows: POLICY_ROWS },
  { table: 'working_calendar', key: ['day'], rows: CALENDAR_ROWS },
];
