import { Field, ID, InputType } from 'type-graphql';
import { CredentialKind } from './credential.type';

@InputType()
export class RegisterCredentialInput {
  @Field(() => ID) personId: string;
  @Field(() => CredentialKind) kind: CredentialKind;
  @Field({ description: "Card number, QR issuer reference or the device's face-template id (never an image)" }) reference: string;
  @Field(() => ID, { nullable: true }) complexId?: string;
}
