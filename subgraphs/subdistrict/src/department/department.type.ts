import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum DepartmentKind {
  CENTER = 'CENTER',
  OFFICE = 'OFFICE',
  STATION = 'STATION',
  AGENCY = 'AGENCY',
}
registerEnumType(DepartmentKind, {
  name: 'DepartmentKind',
  valuesConfig: {
    CENTER: { description: 'The comprehensive-governance center itself' },
    OFFICE: { description: 'An office of the subdistrict (综治办, 城管, 安监…)' },
    STATION: { description: 'A field station of a line department (派出所, 司法所, 供电所…)' },
    AGENCY: { description: 'An outside agency the center coordinates with' },
  },
});

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A department grid events are assigned to' })
export class Department {
  @Field(() => ID) id: number;
  @Field() code: string;
  @Field() name: string;
  @Field(() => DepartmentKind) kind: DepartmentKind;
  subdistrictId: number;
}
