import { registerEnumType } from 'type-graphql';

/**
 * Population tags. The last group is the special population (特殊人群): restricted tags whose
 * records are sensitive personal information (PIPL art. 28).
 */
export enum PopulationTag {
  ELDERLY_ALONE = 'ELDERLY_ALONE', // 独居老人
  ELDERLY = 'ELDERLY', // 高龄老人
  DISABLED = 'DISABLED', // 残疾人
  LOW_INCOME = 'LOW_INCOME', // 低保户
  VETERAN = 'VETERAN', // 退役军人
  LEFT_BEHIND_CHILD = 'LEFT_BEHIND_CHILD', // 留守儿童
  PARTY_MEMBER = 'PARTY_MEMBER', // 党员
  VOLUNTEER = 'VOLUNTEER', // 志愿者
  COMMUNITY_CORRECTION = 'COMMUNITY_CORRECTION', // 社区矫正对象
  RELEASED_PRISONER = 'RELEASED_PRISONER', // 刑满释放人员
  DRUG_REHABILITATION = 'DRUG_REHABILITATION', // 社区戒毒康复人员
  SEVERE_MENTAL_DISORDER = 'SEVERE_MENTAL_DISORDER', // 严重精神障碍患者
  AT_RISK_YOUTH = 'AT_RISK_YOUTH', // 重点青少年
}

export const RESTRICTED_TAGS: ReadonlySet<PopulationTag> = new Set([
  PopulationTag.COMMUNITY_CORRECTION,
  PopulationTag.RELEASED_PRISONER,
  PopulationTag.DRUG_REHABILITATION,
  PopulationTag.SEVERE_MENTAL_DISORDER,
  PopulationTag.AT_RISK_YOUTH,
]);

registerEnumType(PopulationTag, { name: 'PopulationTag', description: 'Population tags; the special-population ones are restricted' });

/** The restricted tags as an SQL list (for the stricter class of their rows). */
export const RESTRICTED_SQL = [...RESTRICTED_TAGS].map((t) => `'${t}'`).join(', ');
