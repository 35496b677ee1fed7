import { Directive, Field, ID, ObjectType } from 'type-graphql';

@Directive('@key(fields: "id")')
@ObjectType({ description: '街道: the subdistrict and its comprehensive-governance center' })
export class Subdistrict {
  @Field(() => ID) id: number;
  @Field() code: string;
  @Field() name: string;
  @Field({ description: 'Comprehensive-governance center (综治中心)' }) center: string;
  @Field() address: string;
}
