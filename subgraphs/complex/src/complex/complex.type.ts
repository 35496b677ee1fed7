import { Directive, Field, ID, ObjectType } from 'type-graphql';

@Directive('@key(fields: "id")')
@ObjectType({ description: '小区: a residential complex of a community' })
export class ResidentialComplex {
  @Field(() => ID) id: number;
  @Field() code: string;
  @Field() name: string;
  @Field() address: string;
  @Field(() => String, { nullable: true, description: 'Property-management company (物业)' }) propertyCompany: string | null;
  @Field({ description: 'The subdistrict\'s demonstration site for smart access control (示范小区)' }) demonstration: boolean;
  communityId: number;
  gridId: number;
}
