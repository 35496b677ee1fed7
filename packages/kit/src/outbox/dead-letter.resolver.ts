import { Arg, Args, Ctx, Directive, Field, ID, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { IsNull, Not } from 'typeorm';
import type { GridhubContext } from '../context';
import { badInput } from '../errors';
import { Connection, PageArgs, paginate } from '../graphql/connection';
import { requireReach } from '../scope/guard';
import { DataClass } from '../scope/policy';
import { dispatcherOf } from './outbox';
import { OutboxEntity } from './outbox.entity';

// Every subgraph with an outbox serves its dead letters under its own root fields: the row type is shared.
@Directive('@shareable')
@ObjectType('OutboxMessage', { description: "A message of a service's outbox (here: one its receiver refused for good, a dead letter)" })
export class OutboxMessageType {
  @Field(() => ID) id: number;
  @Field({ description: 'Idempotency key the receiver keeps per sender' }) externalRef: string;
  @Field({ description: 'The message as sent (JSON)' }) payload: string;
  @Field() createdAt: Date;
  @Field(() => Int, { description: 'Delivery attempts so far' }) attempts: number;
  @Field(() => Date, { nullable: true, description: 'When it became a dead letter; null once retried' }) deadAt: Date | null;
  @Field(() => String, { nullable: true, description: "The receiver's refusal (CONFLICT, FORBIDDEN, BAD_USER_INPUT, NOT_FOUND) or ATTEMPTS_EXHAUSTED" })
  deadCode: string | null;
  @Field(() => String, { nullable: true, description: "The receiver's last answer" }) lastError: string | null;
}

const OutboxMessageConnection = Connection(OutboxMessageType, 'OutboxMessage', { shareable: true });

const toMessage = (row: OutboxEntity): OutboxMessageType => Object.assign(new OutboxMessageType(), row);
const camel = (name: string) => name.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase());
const pascal = (name: string) => camel(name).replace(/^./, (c) => c.toUpperCase());

/**
 * The dead letters of one subgraph's outbox and their retry: `<name>OutboxDeadLetters` and
 * `retry<Name>OutboxMessage`, for SUBDISTRICT_ADMIN (FORBIDDEN for every other role). `startSubgraph` mounts them
 * on every subgraph whose entities include the kit's outbox.
 */
export function outboxDeadLetterResolver(subgraph: string): Function {
  @Resolver(() => OutboxMessageType)
  class OutboxDeadLetterResolver {
    @Query(() => OutboxMessageConnection, {
      name: `${camel(subgraph)}OutboxDeadLetters`,
      description: `Messages the ${subgraph} subgraph's receivers refused for good (dead letters), oldest first: SUBDISTRICT_ADMIN only (FORBIDDEN otherwise)`,
    })
    async deadLetters(@Args() { first, after }: PageArgs, @Ctx() ctx: GridhubContext) {
      requireReach(ctx.identity, DataClass.OUTBOX, 'read outboxes');
      const qb = ctx.data.query(OutboxEntity, 'o').andWhere('o.deadAt IS NOT NULL');
      const page = await paginate(qb, { first, after }, { idColumn: 'o.id', sort: { column: 'o.id', property: 'id', direction: 'ASC' } });
      return { ...page, edges: page.edges.map((e) => ({ ...e, node: toMessage(e.node) })), get totalCount() { return page.totalCount; } };
    }

    @Mutation(() => OutboxMessageType, {
      name: `retry${pascal(subgraph)}OutboxMessage`,
      description:
        'Sends a dead letter again (attempts start over; delivered in the background). SUBDISTRICT_ADMIN only (FORBIDDEN otherwise); NOT_FOUND: no such message; BAD_USER_INPUT: not a dead letter.',
    })
    async retry(@Arg('id', () => ID) id: string, @Ctx() ctx: GridhubContext) {
      requireReach(ctx.identity, DataClass.OUTBOX, 'retry outbox messages', { write: true });
      if (!/^\d+$/.test(id)) throw badInput('id must be a numeric id', { field: 'id' });
      const row = await ctx.data.transaction(async (tx) => {
        const message = await tx.writable(OutboxEntity, Number(id));
        const retried = { deadAt: null, deadCode: null, claimedUntil: null, attempts: 0 };
        // Conditional: of two admins retrying at once, one resets the row; the other finds no dead letter.
        const result = await tx.writer.update(OutboxEntity, { id: message.id, deadAt: Not(IsNull()) }, retried);
        if (result.affected !== 1) throw badInput(`outbox message ${id} is not a dead letter`, { field: 'id' });
        return { ...message, ...retried };
      });
      dispatcherOf(ctx.data.connection)?.kick();
      return toMessage(row);
    }
  }
  return OutboxDeadLetterResolver;
}
