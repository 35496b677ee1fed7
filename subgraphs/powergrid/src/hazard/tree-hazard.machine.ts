import { HazardLevel, HazardStatus } from './tree-hazard.type';

/**
 * The hazard lifecycle as data: the statuses each status may move to. Most hazards go REPORTED → CLEARING → CLEARED
 * with the utility alone; NEGOTIATING is the talk with the owner of the trees (with the village committee when
 * mediation is requested), entered from REPORTED or, when an owner objects mid-way, from CLEARING. CLEARED is final.
 */
export const HAZARD_TRANSITIONS: Readonly<Record<HazardStatus, readonly HazardStatus[]>> = {
  [HazardStatus.REPORTED]: [HazardStatus.NEGOTIATING, HazardStatus.CLEARING],
  [HazardStatus.NEGOTIATING]: [HazardStatus.CLEARING],
  [HazardStatus.CLEARING]: [HazardStatus.NEGOTIATING, HazardStatus.CLEARED],
  [HazardStatus.CLEARED]: [],
};

export const canTransition = (from: HazardStatus, to: HazardStatus): boolean => HAZARD_TRANSITIONS[from].includes(to);

/** Clearance deficit (required − measured, metres) from which each level applies, most severe first. */
export const LEVEL_THRESHOLDS: readonly (readonly [HazardLevel, number])[] = [
  [HazardLevel.CRITICAL, 1.0],
  [HazardLevel.SERIOUS, 0.5],
  [HazardLevel.GENERAL, Number.NEGATIVE_INFINITY],
];

export function levelOf(measuredClearanceM: number, requiredClearanceM: number): HazardLevel {
  const deficit = requiredClearanceM - measuredClearanceM;
  return LEVEL_THRESHOLDS.find(([, from]) => deficit >= from)![0];
}
