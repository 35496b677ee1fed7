import type { Random } from './random';

/** Common surnames, weighted roughly as in Chongqing (陈, 李, 王, 张, 刘 lead; 谭, 冉, 向 are local). */
const SURNAMES: readonly (readonly [string, number])[] = [
  ['陈', 80], ['李', 78], ['王', 70], ['张', 65], ['刘', 62], ['杨', 45], ['黄', 35], ['周', 34], ['吴', 30], ['何', 30],
  ['罗', 28], ['唐', 27], ['谭', 26], ['邓', 25], ['徐', 22], ['赵', 22], ['胡', 21], ['曾', 20], ['彭', 18], ['蒋', 18],
  ['余', 17], ['冉', 16], ['向', 15], ['熊', 14], ['廖', 14], ['袁', 13], ['雷', 12], ['龙', 12], ['秦', 11], ['邱', 11],
  ['肖', 11], ['孙', 10], ['马', 10], ['郑', 10], ['朱', 10], ['田', 10], ['付', 9], ['程', 9], ['江', 8], ['汪', 8],
  ['夏', 7], ['谢', 7], ['梁', 7], ['宋', 7], ['许', 7], ['韩', 6], ['冯', 6], ['杜', 6], ['叶', 6], ['魏', 6],
  ['苏', 5], ['蔡', 5], ['贺', 5], ['文', 5], ['钟', 5], ['蒲', 4], ['牟', 4], ['母', 3], ['甘', 3], ['幸', 3],
];

/** Given-name characters by generation: names went from 国/建/秀 to 浩/梓/欣 over the decades. */
const GIVEN = {
  MALE: { older: '国建明华德志永海军平福文荣贵清富兴发忠长生庆春林', younger: '浩宇轩杰俊涛鹏磊博睿泽晨豪凯翔子昊然阳' },
  FEMALE: { older: '秀兰英芳玉珍华桂琴素凤红梅霞丽淑翠群容琼燕', younger: '欣怡婷雪静晓雨涵梓萱思佳悦琪雯倩颖瑶璐嘉' },
} as const;

export type Sex = 'MALE' | 'FEMALE';

export const surname = (r: Random): string => r.weighted(SURNAMES);

/** A given name of one or two characters in the style of the person's birth decade. */
export function givenName(r: Random, sex: Sex, birthYear: number): string {
  const chars = birthYear < 1975 ? GIVEN[sex].older : GIVEN[sex].younger;
  const one = () => chars[r.int(0, chars.length - 1)]!;
  return r.chance(birthYear < 1960 ? 0.35 : 0.25) ? one() : one() + one();
}

/** Syllables for generated place names (communities, complexes, roads, subdistricts in later blocks). */
const PLACE_FIRST = '青金华锦和瑞丰康永清兴盛安鹤云凤龙松柏翠桂兰枫梧桐滨江河湾双新德圣白';
const PLACE_SECOND = '山林湖溪塘坪坝沟岭湾桥园台口亭阳泉峰城垭堡嘴';

export function placeName(r: Random): string {
  return PLACE_FIRST[r.int(0, PLACE_FIRST.length - 1)]! + PLACE_SECOND[r.int(0, PLACE_SECOND.length - 1)]!;
}

/** Mainland mobile prefixes in use (China Mobile, Unicom, Telecom). */
const MOBILE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155', '156', '157', '158', '159', '166', '173', '177', '180', '181', '182', '183', '185', '186', '187', '188', '189', '191', '198', '199'];

export function mobile(r: Random): string {
  return r.pick(MOBILE_PREFIXES) + String(r.int(0, 99_999_999)).padStart(8, '0');
}

export const COMPLEX_SUFFIXES = ['苑', '花园', '小区', '家园', '新村', '雅居', '公馆', '佳园', '名都', '丽景'];
export const ROAD_SUFFIXES = ['路', '大道', '街'];
