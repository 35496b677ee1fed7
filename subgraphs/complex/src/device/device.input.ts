import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { PageArgs } from '@gridhub/kit';
import { AccessDeviceKind } from './device.type';

@InputType({ description: 'All given conditions must hold; without `kind`, access-control kinds only' })
export class AccessDeviceFilter {
  @Field(() => ID, { nullable: true }) complexId?: string;
  @Field(() => ID, { nullable: true }) buildingId?: string;
  @Field({ nullable: true }) online?: boolean;
  @Field(() => AccessDeviceKind, { nullable: true }) kind?: AccessDeviceKind;
}

@ArgsType()
export class AccessDevicesArgs extends PageArgs {
  @Field(() => AccessDeviceFilter, { nullable: true }) filter?: AccessDeviceFilter;
}
