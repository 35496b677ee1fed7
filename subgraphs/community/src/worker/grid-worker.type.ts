import { Sensitive } from '@gridhub/kit';
import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum GridWorkerKind {
  FULL_TIME = 'FULL_TIME',
  PART_TIME = 'PART_TIME',
}
registerEnumType(GridWorkerKind, { name: 'GridWorkerKind' });

@Directive('@key(fields: "id")')
@ObjectType({ description: '网格员' })
export class GridWorker {
  @Field(() => ID) id: number;
  @Field() name: string;
  @Field(() => GridWorkerKind) kind: GridWorkerKind;
  communityId: number;
  @Sensitive('PHONE') phone: string;
}
