import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum VolunteerRole {
  PARTY_MEMBER = 'PARTY_MEMBER',
  CADRE = 'CADRE',
  BUILDING_HEAD = 'BUILDING_HEAD',
  PROPERTY_STAFF = 'PROPERTY_STAFF',
}
registerEnumType(VolunteerRole, {
  name: 'VolunteerRole',
  description: 'What a volunteer does: party member (党员), cadre (干部), building head (楼栋长), property staff (物业人员)',
});

@ObjectType({ description: '志愿者: one of the volunteer force assigned to a grid' })
export class Volunteer {
  @Field(() => ID) id: number;
  @Field() name: string;
  @Field(() => VolunteerRole) role: VolunteerRole;
  gridId: number;
  buildingId: number | null;
}

@ObjectType({ description: '网格微信群: a grid WeChat group' })
export class WechatGroup {
  @Field(() => ID) id: number;
  @Field() name: string;
  @Field(() => Int) memberCount: number;
  gridId: number;
}
