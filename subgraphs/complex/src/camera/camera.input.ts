import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { PageArgs } from '@gridhub/kit';

@InputType({ description: 'All given conditions must hold' })
export class CameraFilter {
  @Field(() => ID, { nullable: true }) complexId?: string;
  @Field(() => ID, { nullable: true }) buildingId?: string;
  @Field({ nullable: true }) online?: boolean;
  @Field({ nullable: true }) faceRecognition?: boolean;
}

@ArgsType()
export class CamerasArgs extends PageArgs {
  @Field(() => CameraFilter, { nullable: true }) filter?: CameraFilter;
}
