import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum CredentialKind {
  CARD = 'CARD',
  QR = 'QR',
  PASSWORD = 'PASSWORD',
  FACE = 'FACE',
}
registerEnumType(CredentialKind, { name: 'DoorCredentialKind', description: 'FACE is never a resident\'s only credential' });

@ObjectType({ description: 'A door credential of a person' })
export class DoorCredential {
  @Field(() => ID) id: number;
  @Field(() => CredentialKind) kind: CredentialKind;
  @Field({ description: 'Masked card number or template reference' }) reference: string;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) revokedAt: Date | null;
  personId: number;
  complexId: number | null;
}
