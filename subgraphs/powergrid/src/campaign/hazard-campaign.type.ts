import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A clearing campaign: a period and a target number of hazards cleared' })
export class HazardCampaign {
  @Field(() => ID) id: number;
  @Field() name: string;
  @Field() agency: string;
  @Field({ description: 'First day (ISO date)' }) startsOn: string;
  @Field({ description: 'Last day (ISO date)' }) endsOn: string;
  @Field(() => Int) targetCount: number;
}
