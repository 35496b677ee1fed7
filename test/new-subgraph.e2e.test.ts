import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnySubgraph } from '@gridhub/cli';
import { subgraphs } from '@gridhub/cli';
import { testDialects } from '@gridhub/kit/testing';
import { startTestHub, type TestHub } from './src/hub';

/**
 * A whole new subgraph, as a team would add one: a folder with one definition (an entity and its migration, a
 * type extending the community's Grid, a seeder from the shared plan), registered with one line, the list the hub
 * reads. The folder is written at run time and removed afterwards: nothing else in the repository names it.
 */
const SOURCE = `
import { Column, Entity, PrimaryColumn, type DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { Directive, Field, FieldResolver, ID, Int, ObjectType, Query, Resolver, Root, Ctx } from 'type-graphql';
import { defineSubgraph, type GridhubContext } from '@gridhub/kit';

@Entity('notice')
class NoticeEntity {
  @PrimaryColumn({ type: 'int' }) id: number;
  @Column({ type: 'int' }) gridId: number;
  @Column({ type: 'varchar', length: 200 }) text: string;
}

class CreateNotice1800000000000 implements MigrationInterface {
  name = 'CreateNotice1800000000000';
  async up(q: QueryRunner) { await q.query('CREATE TABLE notice (id integer PRIMARY KEY, gridId integer NOT NULL, text varchar(200) NOT NULL)'); }
  async down(q: QueryRunner) { await q.query('DROP TABLE notice'); }
}

@ObjectType('Notice')
class Notice {
  @Field(() => ID) id: string;
  @Field() text: string;
}

@Directive('@key(fields: "id")')
@ObjectType('Grid')
class NoticeGrid {
  @Field(() => ID) id: string;
}

interface Services { db?: DataSource }

@Resolver(() => NoticeGrid)
class NoticeGridResolver {
  @FieldResolver(() => [Notice], { description: 'Notices posted in this grid (the throwaway noticeboard subgraph)' })
  notices(@Root() grid: NoticeGrid, @Ctx() ctx: GridhubContext<Services>) {
    return ctx.services.db!.getRepository(NoticeEntity).findBy({ gridId: Number(grid.id) });
  }

  @Query(() => Int, { description: 'Notices on the board' })
  noticeCount(@Ctx() ctx: GridhubContext<Services>) {
    return ctx.services.db!.getRepository(NoticeEntity).count();
  }
}

export const noticeboard = defineSubgraph<Services>({
  name: 'noticeboard',
  entities: [NoticeEntity],
  migrations: { sqlite: [CreateNotice1800000000000], mysql: [CreateNotice1800000000000] },
  resolvers: [NoticeGridResolver],
  orphanedTypes: [NoticeGrid],
  services: () => ({}),
  start: (running) => { running.services.db = running.db; return undefined; },
  seed: async (db, plan: { grids: { id: number; validTo: string | null }[] }) => {
    const rows = plan.grids.filter((g) => g.validTo === null).map((g) => ({ id: g.id, gridId: g.id, text: 'grid ' + g.id + ' cleaning day' }));
    if (!(await db.getRepository(NoticeEntity).count())) await db.getRepository(NoticeEntity).insert(rows);
    return { inserted: rows.length };
  },
});
`;

// Inside test/ so its imports resolve from this package's dependencies, as an in-repo subgraph's would. Loaded
// once: its classes register their GraphQL types globally.
const folder = mkdtempSync(join(__dirname, '.tmp-subgraph-'));
let noticeboard: AnySubgraph;
beforeAll(() => {
  writeFileSync(join(folder, 'index.ts'), SOURCE);
  ({ noticeboard } = require(join(folder, 'index.ts')) as { noticeboard: AnySubgraph });
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe.each(testDialects())('a new subgraph added with one line (%s)', (dialect) => {
  let t: TestHub;

  beforeAll(async () => {
    t = await startTestHub(dialect, { subgraphs: [...subgraphs, noticeboard] });
  });
  afterAll(() => t?.stop());

  it('is started, migrated, seeded from the plan, published with the static graph and served through the gateway', async () => {
    const running = t.hub.subgraphs.noticeboard!;
    expect(running).toBeDefined();
    expect(Number((await running.db.query('SELECT COUNT(*) AS n FROM notice'))[0].n)).toBe(93);
    const head = await t.hub.registry.headVersion();
    expect(head).toBeDefined();
    const version = await t.hub.registry.version(head!);
    expect(version!.subgraphs.map((s) => s.name).sort()).toEqual(['community', 'complex', 'noticeboard', 'subdistrict']);

    const res = await t.query<{ noticeCount: number; grids: { id: string; name: string; notices: { text: string }[] }[] }>(
      '{ noticeCount grids { id name notices { text } } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.noticeCount).toBe(93);
    expect(res.data!.grids).toHaveLength(93);
    for (const grid of res.data!.grids) expect(grid.notices).toEqual([{ text: `grid ${grid.id} cleaning day` }]);
  });
});
