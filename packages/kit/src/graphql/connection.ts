import { ArgsType, Directive, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { badInput } from '../errors';
import type { LoaderDef, LoaderRegistry } from '../data/scoped-data';
import type { PageKey } from '../db/loaders';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 500;

// Every subgraph's connections share this type, so Federation 2 needs it declared shareable.
@Directive('@shareable')
@ObjectType({ description: 'Relay page information' })
export class PageInfo {
  @Field() hasNextPage: boolean;
  @Field() hasPreviousPage: boolean;
  @Field(() => String, { nullable: true }) startCursor: string | null;
  @Field(() => String, { nullable: true }) endCursor: string | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: `Page size (default ${DEFAULT_PAGE_SIZE}, at most ${MAX_PAGE_SIZE})` })
  first?: number;
  @Field(() => String, { nullable: true, description: 'Cursor of the last edge already seen' })
  after?: string;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

/** A connection; `totalCount` is a getter so the count statement runs only when the field is asked for. */
export interface ConnectionResult<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  readonly totalCount: Promise<number> | number;
}

function result<T>(edges: Edge<T>[], hasNextPage: boolean, after: string | null | undefined, count: () => Promise<number> | number): ConnectionResult<T> {
  let counted: Promise<number> | number | undefined;
  return {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: Boolean(after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    get totalCount() {
      return (counted ??= count());
    },
  };
}

const connectionTypes = new Map<Function, ClassType>();

/** The `<Name>Connection` and `<Name>Edge` types of a node type, created once per node type. */
export function Connection<T extends object>(node: ClassType<T>, name = node.name, options: { shareable?: boolean } = {}): ClassType<ConnectionResult<T>> {
  const cached = connectionTypes.get(node);
  if (cached) return cached as ClassType<ConnectionResult<T>>;
  // A type every subgraph declares the same way (the audit log's) is shareable in Federation 2.
  const share = (target: Function) => (options.shareable ? Directive('@shareable')(target) : undefined);

  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field() cursor: string;
    @Field(() => node) node: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionType {
    @Field(() => [EdgeType]) edges: EdgeType[];
    @Field(() => PageInfo) pageInfo: PageInfo;
    @Field(() => Int, { description: 'Number of items matching, across all pages' })
    totalCount: number;
  }
  share(EdgeType);
  share(ConnectionType);
  connectionTypes.set(node, ConnectionType);
  return ConnectionType as unknown as ClassType<ConnectionResult<T>>;
}

export function pageSize(first: number | undefined | null, max = MAX_PAGE_SIZE): number {
  if (first == null) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0) throw badInput('`first` must be a non-negative integer', { field: 'first' });
  if (first > max) throw badInput(`\`first\` must be at most ${max}`, { field: 'first', max });
  return first;
}

/** Cursors are opaque to clients: base64url of the keyset values of the last row seen. */
export const encodeCursor = (values: (string | number)[]): string => Buffer.from(JSON.stringify(values)).toString('base64url');

export function decodeCursor(cursor: string, arity: number): (string | number)[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === arity && values.every((v) => typeof v === 'string' || typeof v === 'number'))
      return values as (string | number)[];
  } catch {
    // fall through to the error below
  }
  throw badInput('`after` is not a cursor this list issued', { field: 'after' });
}

export interface SortKey {
  /** SQL expression of the sort column, e.g. `e.reportedAt`; the primary key breaks ties. */
  column: string;
  /** Property of the entity holding the value, for the cursor. */
  property: string;
  direction: 'ASC' | 'DESC';
}

/**
 * Keyset pagination of a query builder: ordered by an optional sort key then the primary key,
 * `first + 1` rows read to know whether a next page exists; no OFFSET, so deep pages stay cheap.
 */
export async function paginate<E extends ObjectLiteral>(
  qb: SelectQueryBuilder<E>,
  args: { first?: number | null; after?: string | null },
  options: { idColumn: string; sort?: SortKey; max?: number },
): Promise<ConnectionResult<E>> {
  const size = pageSize(args.first, options.max);
  const countQb = qb.clone();
  const { sort, idColumn } = options;
  const dir = sort?.direction ?? 'ASC';
  const op = dir === 'ASC' ? '>' : '<';
  if (args.after) {
    if (sort) {
      const [raw, id] = decodeCursor(args.after, 2);
      const v = storedValue(qb, sort.property, raw);
      qb.andWhere(`(${sort.column} ${op} :__cv OR (${sort.column} = :__cv AND ${idColumn} ${op} :__cid))`, { __cv: v, __cid: id });
    } else {
      const [id] = decodeCursor(args.after, 1);
      qb.andWhere(`${idColumn} ${op} :__cid`, { __cid: id });
    }
  }
  if (sort) qb.orderBy(sort.column, dir).addOrderBy(idColumn, dir);
  else qb.orderBy(idColumn, dir);
  const rows = size === 0 ? [] : await qb.take(size + 1).getMany();
  const hasNextPage = rows.length > size;
  const page = rows.slice(0, size);
  const idProp = idColumn.split('.').pop()!;
  const edges = page.map((node) => ({
    node,
    cursor: encodeCursor(sort ? [cursorValue(node[sort.property]), node[idProp]] : [node[idProp]]),
  }));
  return result(edges, hasNextPage, args.after, () => countQb.getCount());
}

/**
 * A cursor's sort value in the form the column is stored in: dates travel as ISO text, which SQLite would
 * compare as text against its own `YYYY-MM-DD HH:MM:SS.SSS` form, so they go through the driver's conversion.
 */
function storedValue<E extends ObjectLiteral>(qb: SelectQueryBuilder<E>, property: string, value: string | number): unknown {
  const column = qb.expressionMap.mainAlias?.metadata.findColumnWithPropertyName(property);
  const isDateTime = column && (column.type === Date || ['datetime', 'timestamp'].includes(String(column.type)));
  return isDateTime ? qb.connection.driver.preparePersistentValue(new Date(value), column) : value;
}

const cursorValue = (v: unknown): string | number => (v instanceof Date ? v.toISOString() : (v as string | number));

/** A connection over an already-loaded page (e.g. from a batched per-parent loader). */
export function connectionOf<T>(rows: T[], size: number, cursorOf: (row: T) => (string | number)[], total: () => Promise<number> | number, after?: string | null): ConnectionResult<T> {
  const page = rows.slice(0, size);
  const edges = page.map((node) => ({ node, cursor: encodeCursor(cursorOf(node)) }));
  return result(edges, rows.length > size, after, total);
}

/**
 * A page of a parent's children (e.g. a grid's residents) through two batched loaders: `pagedBy` for the rows
 * (one statement for all parents in the request) and `countBy` for `totalCount` (only when asked for).
 */
export async function childConnection<P, E extends { id: number | string }>(
  loaders: LoaderRegistry,
  page: LoaderDef<PageKey<P>, E[]>,
  count: LoaderDef<P, number> | LoaderDef<P | { parent: P; where?: PageKey<P>['where'] }, number>,
  parent: P,
  args: { first?: number | null; after?: string | null },
  /** Equality filters (e.g. a status) applied to the page and its count alike. */
  where?: PageKey<P>['where'],
): Promise<ConnectionResult<E>> {
  const size = pageSize(args.first);
  const afterId = args.after ? decodeCursor(args.after, 1)[0] : undefined;
  const rows = size === 0 ? [] : await loaders.get(page).load({ parent, limit: size + 1, afterId, where });
  const counter = loaders.get(count as LoaderDef<unknown, number>);
  return connectionOf(rows, size, (r) => [r.id], () => counter.load(where ? { parent, where } : parent), args.after);
}
