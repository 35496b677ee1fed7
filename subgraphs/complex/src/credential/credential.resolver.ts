import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { DataClass, requireReach, type GridhubContext } from '@gridhub/kit';
import { Person } from '../federated/federated.type';
import { RegisterCredentialInput } from './credential.input';
import { activeCredentialsByPerson } from './credential.loader';
import { registerCredential, revokeCredential } from './credential.service';
import { DoorCredential } from './credential.type';

const maskReference = (ref: string) => (ref.length <= 4 ? '****' : `${'*'.repeat(Math.min(ref.length - 4, 8))}${ref.slice(-4)}`);

@Resolver(() => DoorCredential)
export class CredentialResolver {
  @Mutation(() => DoorCredential, { description: 'Registers a door credential; FACE only when a non-face credential is already active' })
  registerDoorCredential(@Arg('input') input: RegisterCredentialInput, @Ctx() ctx: GridhubContext) {
    return registerCredential(ctx.data, {
      personId: Number(input.personId),
      kind: input.kind,
      reference: input.reference,
      complexId: input.complexId ? Number(input.complexId) : null,
    });
  }

  @Mutation(() => DoorCredential)
  revokeDoorCredential(@Arg('id', () => ID) id: string, @Ctx() ctx: GridhubContext) {
    return revokeCredential(ctx.data, Number(id));
  }

  @FieldResolver(() => String, { description: 'Masked: last four characters only' })
  reference(@Root() c: DoorCredential): string {
    return maskReference(c.reference);
  }
}

@Resolver(() => Person)
export class PersonCredentialsResolver {
  @FieldResolver(() => [DoorCredential], { description: "Active door credentials (complex subgraph), those of the caller's complexes" })
  doorCredentials(@Root() p: Person, @Ctx() ctx: GridhubContext) {
    requireReach(ctx.identity, DataClass.CREDENTIALS, 'read door credentials');
    return ctx.loaders.get(activeCredentialsByPerson).load(Number(p.id));
  }
}
