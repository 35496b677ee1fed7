import { Field, InputType } from 'type-graphql';
import { PlatformCapability, PlatformStatus, PlatformTier } from './platform.type';

@InputType({ description: 'All given conditions must hold' })
export class PlatformFilter {
  @Field(() => PlatformTier, { nullable: true }) tier?: PlatformTier;
  @Field(() => PlatformCapability, { nullable: true }) capability?: PlatformCapability;
  @Field(() => PlatformStatus, { nullable: true }) status?: PlatformStatus;
}
