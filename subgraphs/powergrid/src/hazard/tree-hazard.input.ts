import { ArgsType, Field, Float, ID, InputType } from 'type-graphql';
import { PageArgs } from '@gridhub/kit';
import { HazardLevel, HazardStatus, type TreeHazard } from './tree-hazard.type';

@InputType({ description: 'A tree hazard found on patrol; level and grid are derived (clearance deficit, the span\'s grid)' })
export class ReportTreeHazardInput implements Partial<Pick<TreeHazard, 'species' | 'measuredClearanceM' | 'requiredClearanceM' | 'location' | 'latitude' | 'longitude' | 'photos'>> {
  @Field(() => ID) lineId: string;
  @Field(() => ID, { description: 'A span of that line' }) spanId: string;
  @Field() species: string;
  @Field(() => Float) measuredClearanceM: number;
  @Field(() => Float, { nullable: true, description: 'Default 2.0 m (10 kV, horizontal)' }) requiredClearanceM?: number;
  @Field({ nullable: true, description: 'Default: the span\'s location' }) location?: string;
  @Field(() => Float, { nullable: true }) latitude?: number;
  @Field(() => Float, { nullable: true }) longitude?: number;
  @Field(() => [String], { nullable: true }) photos?: string[];
  @Field(() => ID, { nullable: true }) campaignId?: string;
  @Field({
    nullable: true,
    description: 'Your key for this report (1–128 of A–Z a–z 0–9 . _ : -), unique per reporter: sending the same report again returns the first hazard; the same key with a different report is CONFLICT',
  })
  idempotencyKey?: string;
}

@InputType({ description: 'Fields to change; the others stay. A status change must follow the transition table' })
export class UpdateTreeHazardInput implements Partial<Pick<TreeHazard, 'status' | 'species' | 'measuredClearanceM' | 'requiredClearanceM' | 'photos'>> {
  @Field(() => HazardStatus, { nullable: true }) status?: HazardStatus;
  @Field({ nullable: true }) species?: string;
  @Field(() => Float, { nullable: true }) measuredClearanceM?: number;
  @Field(() => Float, { nullable: true }) requiredClearanceM?: number;
  @Field(() => [String], { nullable: true, description: 'Replaces the list' }) photos?: string[];
  @Field(() => ID, { nullable: true }) campaignId?: string;
}

@InputType({ description: 'All given conditions must hold' })
export class TreeHazardFilter {
  @Field(() => [HazardStatus], { nullable: true, description: 'Any of these statuses' }) status?: HazardStatus[];
  @Field(() => HazardLevel, { nullable: true }) level?: HazardLevel;
  @Field(() => ID, { nullable: true }) lineId?: string;
  @Field(() => ID, { nullable: true }) gridId?: string;
  @Field(() => ID, { nullable: true }) campaignId?: string;
  @Field(() => Date, { nullable: true, description: 'Cleared at or after this moment' }) clearedFrom?: Date;
  @Field(() => Date, { nullable: true, description: 'Cleared before this moment' }) clearedBefore?: Date;
}

@ArgsType()
export class TreeHazardsArgs extends PageArgs {
  @Field(() => TreeHazardFilter, { nullable: true }) filter?: TreeHazardFilter;
}

@ArgsType()
export class GridTreeHazardsArgs extends PageArgs {
  @Field(() => HazardStatus, { nullable: true }) status?: HazardStatus;
}
