import { Arg, Args, ArgsType, Ctx, Directive, Field, ID, InputType, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { GridhubContext } from '../context';
import { badInput, notFound } from '../errors';
import { Connection, PageArgs, paginate } from '../graphql/connection';
import { requireReach } from '../scope/guard';
import { DataClass } from '../scope/policy';
import { literalRefusal } from './destination';
import { webhookDispatcherOf } from './dispatcher';
import type { WebhookEventKind } from './events';
import { WebhookDeliveryEntity, WebhookEntity } from './webhook.entity';

// Every subgraph with webhooks serves them under its own root fields: the types are shared.
@Directive('@shareable')
@ObjectType('Webhook', { description: 'A webhook subscription: changes you may read, POSTed to your URL, signed with your secret' })
export class WebhookType {
  @Field(() => ID) id: number;
  @Field() url: string;
  @Field(() => [String], { description: 'Event kinds it receives' }) events: string[];
  @Field({ description: 'Subject of the identity that subscribed (deliveries are scoped by its claims)' }) subscriber: string;
  @Field() createdAt: Date;
  @Field(() => Int, { description: 'Failed attempts in a row' }) consecutiveFailures: number;
  @Field(() => Date, { nullable: true, description: 'Disabled after repeated failures (nothing is sent); replaying a delivery enables it again' })
  disabledAt: Date | null;
  @Field(() => String, { nullable: true }) disabledReason: string | null;
}

@Directive('@shareable')
@ObjectType('WebhookDelivery', { description: 'One change sent (or to send) to a webhook: its delivery log' })
export class WebhookDeliveryType {
  @Field(() => ID) id: number;
  @Field({ description: 'Stable id sent in the gridhub-webhook-id header on every attempt and replay: deduplicate by it' }) deliveryId: string;
  @Field(() => ID) webhookId: number;
  @Field() event: string;
  @Field({ description: 'The body as sent (JSON)' }) payload: string;
  @Field() createdAt: Date;
  @Field(() => Int) attempts: number;
  @Field(() => Date, { nullable: true }) deliveredAt: Date | null;
  @Field(() => Date, { nullable: true, description: 'Next attempt, while not delivered' }) nextAttemptAt: Date | null;
  @Field(() => Int, { nullable: true, description: 'HTTP status of the last attempt (null: no answer)' }) lastStatus: number | null;
  @Field(() => String, { nullable: true }) lastError: string | null;
}

@InputType('WebhookInput')
export class WebhookInput {
  @Field({ description: 'http(s) URL the changes are POSTed to' }) url: string;
  @Field(() => [String], { description: 'Event kinds (see the subscribe field\'s description)' }) events: string[];
  @Field({ description: 'Shared secret of the HMAC-SHA256 signatures, 16–128 characters; never shown again' }) secret: string;
}

@ArgsType()
class DeliveriesArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Only this webhook\'s (default: all of yours)' }) webhookId?: string;
}

const WebhookDeliveryConnection = Connection(WebhookDeliveryType, 'WebhookDelivery', { shareable: true });

/** Subscriptions per subscriber and subgraph. */
const MAX_WEBHOOKS = 20;

const toWebhook = (row: WebhookEntity): WebhookType =>
  Object.assign(new WebhookType(), {
    id: row.id, url: row.url, events: row.events.split(','), subscriber: row.subscriberSubject, createdAt: row.createdAt,
    consecutiveFailures: row.consecutiveFailures, disabledAt: row.disabledAt, disabledReason: row.disabledReason,
  });
const toDelivery = (row: WebhookDeliveryEntity): WebhookDeliveryType => Object.assign(new WebhookDeliveryType(), row);
const camel = (name: string) => name.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase());
const pascal = (name: string) => camel(name).replace(/^./, (c) => c.toUpperCase());
const numeric = (id: string, what: string) => {
  if (!/^\d{1,15}$/.test(id)) throw notFound(what, id);
  return Number(id);
};

function checkUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw badInput('url is not a URL', { field: 'url' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw badInput('url must be http or https', { field: 'url', protocol: url.protocol });
  if (value.length > 1000) throw badInput('url must have at most 1000 characters', { field: 'url' });
  const refused = literalRefusal(url);
  if (refused) throw badInput(`url: ${refused}; webhooks go to public receivers`, { field: 'url' });
  return url.toString();
}

function checkEvents(given: string[], kinds: WebhookEventKind[]): string[] {
  const known = kinds.map((k) => k.name);
  const events = [...new Set(given)];
  if (!events.length) throw badInput('events must name at least one event kind', { field: 'events', known });
  const unknown = events.filter((e) => !known.includes(e));
  if (unknown.length) throw badInput(`unknown event kinds: ${unknown.join(', ')} (known: ${known.join(', ')})`, { field: 'events', known });
  return events;
}

/**
 * The webhook fields of one subgraph: `subscribe<Name>Webhook`, `<name>Webhooks`, `unsubscribe<Name>Webhook`,
 * `<name>WebhookDeliveries`, `replay<Name>WebhookDelivery` (federation routes a root field to one subgraph, so each
 * subgraph names its own, like `<name>AuditLog`). Every identity sees and manages only its own subscriptions
 * (SUBDISTRICT_ADMIN: all); PARTNER, VENDOR and SUBDISTRICT_ADMIN may subscribe (FORBIDDEN otherwise).
 */
export function webhookResolver(subgraph: string, kinds: WebhookEventKind[]): Function {
  const kindList = kinds.map((k) => `${k.name} (${k.description})`).join('; ');

  @Resolver(() => WebhookType)
  class WebhookResolver {
    @Query(() => [WebhookType], { name: `${camel(subgraph)}Webhooks`, description: `Your webhook subscriptions to the ${subgraph} subgraph's changes, oldest first` })
    async webhooks(@Ctx() ctx: GridhubContext) {
      const rows = await ctx.data.query(WebhookEntity, 'w').orderBy('w.id', 'ASC').getMany();
      return rows.map(toWebhook);
    }

    @Query(() => WebhookDeliveryConnection, { name: `${camel(subgraph)}WebhookDeliveries`, description: 'The delivery log of your webhooks, newest first' })
    async deliveries(@Args() { webhookId, first, after }: DeliveriesArgs, @Ctx() ctx: GridhubContext) {
      const qb = ctx.data.query(WebhookDeliveryEntity, 'd');
      if (webhookId != null) qb.andWhere('d.webhookId = :webhookId', { webhookId: numeric(webhookId, 'Webhook') });
      const page = await paginate(qb, { first, after }, { idColumn: 'd.id', sort: { column: 'd.id', property: 'id', direction: 'DESC' } });
      return { ...page, edges: page.edges.map((e) => ({ ...e, node: toDelivery(e.node) })), get totalCount() { return page.totalCount; } };
    }

    @Mutation(() => WebhookType, {
      name: `subscribe${pascal(subgraph)}Webhook`,
      description:
        `POST the ${subgraph} subgraph's changes you may read to \`url\`, signed with \`secret\`. Event kinds: ${kindList}. ` +
        'BAD_USER_INPUT: not an http(s) URL (or a private address), an unknown event kind, a secret of fewer than 16 characters; FORBIDDEN: a role that may not subscribe.',
    })
    async subscribe(@Arg('input') input: WebhookInput, @Ctx() ctx: GridhubContext) {
      requireReach(ctx.identity, DataClass.WEBHOOKS, 'subscribe to webhooks', { write: true });
      const url = checkUrl(input.url);
      const events = checkEvents(input.events, kinds);
      if (input.secret.length < 16 || input.secret.length > 128) throw badInput('secret must have 16–128 characters', { field: 'secret' });
      const subject = ctx.identity.subject.slice(0, 128);
      return ctx.data.transaction(async (tx) => {
        const own = await tx.query(WebhookEntity, 'w').andWhere('w.subscriberSubject = :subject', { subject }).getCount();
        if (own >= MAX_WEBHOOKS) throw badInput(`at most ${MAX_WEBHOOKS} webhooks per subscriber`, { field: 'url' });
        tx.requireWritableTarget(DataClass.WEBHOOKS, { owner: subject }, 'a webhook');
        const row = {
          subscriberSubject: subject, claims: JSON.stringify(ctx.identity), url, events: events.join(','), secret: input.secret,
          createdAt: new Date(), consecutiveFailures: 0, disabledAt: null, disabledReason: null,
        };
        const inserted = await tx.writer.insert(WebhookEntity, row);
        return toWebhook({ ...row, id: Number(inserted.identifiers[0]!.id) });
      });
    }

    @Mutation(() => ID, { name: `unsubscribe${pascal(subgraph)}Webhook`, description: 'Removes one of your webhooks and its delivery log. NOT_FOUND: not yours.' })
    async unsubscribe(@Arg('id', () => ID) id: string, @Ctx() ctx: GridhubContext) {
      const key = numeric(id, 'Webhook');
      await ctx.data.transaction(async (tx) => {
        const hook = await tx.writable(WebhookEntity, key);
        await tx.writer.delete(WebhookDeliveryEntity, { webhookId: hook.id });
        await tx.writer.delete(WebhookEntity, { id: hook.id });
      });
      return id;
    }

    @Mutation(() => WebhookDeliveryType, {
      name: `replay${pascal(subgraph)}WebhookDelivery`,
      description: 'Sends one of your deliveries again (same delivery id), and enables its webhook again if it was disabled. NOT_FOUND: not yours.',
    })
    async replay(@Arg('id', () => ID) id: string, @Ctx() ctx: GridhubContext) {
      const key = numeric(id, 'WebhookDelivery');
      const row = await ctx.data.transaction(async (tx) => {
        const delivery = await tx.writable(WebhookDeliveryEntity, key);
        const replayed = { deliveredAt: null, nextAttemptAt: new Date(), claimedUntil: null };
        await tx.writer.update(WebhookDeliveryEntity, { id: delivery.id }, replayed);
        await tx.writer.update(WebhookEntity, { id: delivery.webhookId }, { disabledAt: null, disabledReason: null, consecutiveFailures: 0 });
        return { ...delivery, ...replayed };
      });
      webhookDispatcherOf(ctx.data.connection)?.kick();
      return toDelivery(row);
    }
  }
  return WebhookResolver;
}
