import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { community } from '@gridhub/community';
import { AuditAction, createIdentityKeys, startSubgraph, IDENTITY_HEADER, identityHeaders, maskIdNumber, maskPhone, purgeAuditLog, Role, signIdentityToken, type Identity } from '@gridhub/kit';
import { testDialects } from '@gridhub/kit/testing';
import { startTestHub, type GraphqlResponse, type TestHub } from './src/hub';

const ADMIN: Identity = { subject: 'admin:direct', role: Role.SUBDISTRICT_ADMIN };
const PROBES: Record<string, string> = { community: '{ communities { id } }', subdistrict: '{ events(first: 1) { totalCount } }', complex: '{ complexes { id } }' };

/** Issue 6, acceptance 2 and 3: subgraphs trust only gateway-signed identities; sensitive fields masked; reveals and special-population reads audited. */
describe.each(testDialects())('identity at the subgraphs, masking and audit (%s)', (dialect) => {
  let t: TestHub;
  let staff: Identity;
  let person: { id: string; communityId: string };
  beforeAll(async () => {
    t = await startTestHub(dialect);
    const p = await t.query<{ persons: { edges: { node: { id: string; community: { id: string } } }[] } }>('{ persons(first: 1, filter: { tag: COMMUNITY_CORRECTION }) { edges { node { id community { id } } } } }');
    const node = p.data!.persons.edges[0]!.node;
    person = { id: node.id, communityId: node.community.id };
    staff = { subject: 'staff:privacy', role: Role.COMMUNITY_STAFF, communityIds: [Number(person.communityId)] };
  });
  afterAll(() => t?.stop());

  const direct = async (name: string, headers: Record<string, string>) => {
    const res = await fetch(t.hub.subgraphs[name]!.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: PROBES[name] }) });
    return (await res.json()) as GraphqlResponse;
  };

  describe.each(Object.keys(PROBES))('calling the %s subgraph directly', (name) => {
    it('refuses no identity, a forged one, an expired one and one for another audience with UNAUTHENTICATED', async () => {
      const forger = await createIdentityKeys();
      // Signed by the gateway's own key for the right audience, but expired five minutes ago.
      const expired = await signIdentityToken(t.hub.identityKeys, ADMIN, name, { ttlSeconds: -300 });
      const cases: Record<string, Record<string, string>> = {
        none: {},
        forged: await identityHeaders(forger, ADMIN, name),
        expired: { [IDENTITY_HEADER]: expired },
        otherAudience: await identityHeaders(t.hub.identityKeys, ADMIN, name === 'community' ? 'complex' : 'community'),
        garbage: { [IDENTITY_HEADER]: 'not-a-token' },
      };
      for (const [label, headers] of Object.entries(cases)) {
        const res = await direct(name, headers);
        expect([label, res.data ?? null, res.errors?.[0]?.extensions?.code]).toEqual([label, null, 'UNAUTHENTICATED']);
      }
    });

    it('answers a correctly signed identity', async () => {
      const res = await direct(name, { [IDENTITY_HEADER]: await signIdentityToken(t.hub.identityKeys, ADMIN, name) });
      expect(res.errors).toBeUndefined();
      expect(res.data).toBeTruthy();
    });
  });

  const auditRows = async () => Number((await t.hub.subgraphs.community!.db.query('SELECT COUNT(*) AS n FROM audit_log'))[0].n);
  const clear = async () => (await t.hub.subgraphs.community!.db.query('SELECT idNumber, phone FROM person WHERE id = ?', [Number(person.id)]))[0] as { idNumber: string; phone: string | null };

  it('masks ID number and phone for every role that can read the person, and grid-worker phones too', async () => {
    const { idNumber, phone } = await clear();
    const roles: Identity[] = [
      ADMIN, staff,
      { subject: 'worker:privacy', role: Role.GRID_WORKER, gridIds: [Number((await t.query<{ person: { grid: { id: string } } }>('query($id: ID!) { person(id: $id) { grid { id } } }', { id: person.id })).data!.person.grid.id)], communityIds: [Number(person.communityId)] },
    ];
    for (const who of roles) {
      const res = await t.query<{ person: { idNumber: string; phone: string | null }; grids: { workers: { phone: string }[] }[] }>(
        'query($id: ID!) { person(id: $id) { idNumber phone } grids { workers { phone } } }',
        { id: person.id },
        await t.token(who),
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.person.idNumber).toBe(maskIdNumber(idNumber));
      expect(res.data!.person.idNumber).not.toBe(idNumber);
      expect(res.data!.person.phone).toBe(phone == null ? null : maskPhone(phone));
      for (const w of res.data!.grids.flatMap((g) => g.workers)) expect(w.phone).toMatch(/^\d{3}\*+\d{4}$/);
    }
  });

  it('revealPersonIdentity gives the clear values to a permitted role and writes exactly one audit row; refusals write none', async () => {
    const { idNumber, phone } = await clear();
    const reveal = (who: Identity | null, purpose = '核实身份办理社区矫正报到') =>
      (who ? t.token(who) : Promise.resolve(t.adminToken)).then((token) =>
        t.query<{ revealPersonIdentity: { idNumber: string; phone: string | null } }>(
          'mutation($p: ID!, $why: String!) { revealPersonIdentity(personId: $p, purpose: $why) { idNumber phone } }',
          { p: person.id, why: purpose },
          token,
        ),
      );
    let before = await auditRows();
    const ok = await reveal(staff);
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.revealPersonIdentity).toEqual({ idNumber, phone });
    expect(await auditRows()).toBe(before + 1);
    const [row] = await t.hub.subgraphs.community!.db.query('SELECT * FROM audit_log ORDER BY id DESC LIMIT 1');
    expect(row).toMatchObject({ actorSubject: staff.subject, actorRole: 'COMMUNITY_STAFF', action: 'REVEAL_IDENTITY', purpose: '核实身份办理社区矫正报到', targetType: 'Person', targetIds: person.id, fields: 'idNumber,phone' });
    expect(row.requestId).toBeTruthy();

    before = await auditRows();
    const refused: [Identity, string, string?][] = [
      [{ subject: 'op', role: Role.CENTER_OPERATOR }, 'FORBIDDEN'],
      [{ subject: 'au', role: Role.AUDITOR }, 'FORBIDDEN'],
      [{ subject: 'p', role: Role.PARTNER }, 'FORBIDDEN'],
      [{ subject: 'm', role: Role.COMPLEX_MANAGER, complexIds: [1] }, 'FORBIDDEN'],
      [{ subject: 'other-staff', role: Role.COMMUNITY_STAFF, communityIds: [Number(person.communityId) === 1 ? 2 : 1] }, 'NOT_FOUND'],
      [staff, 'BAD_USER_INPUT', 'ok'],
    ];
    for (const [who, code, purpose] of refused) {
      const res = await reveal(who, purpose);
      expect(res.data?.revealPersonIdentity ?? null).toBeNull();
      expect(res.errors?.[0]?.extensions?.code).toBe(code);
      expect(JSON.stringify(res)).not.toContain(idNumber);
    }
    expect(await auditRows()).toBe(before);
  });

  it('special-population tags: reading them writes one audit row per request listing the persons', async () => {
    const before = await auditRows();
    const res = await t.query<{ persons: { edges: { node: { id: string; tags: { tag: string; restricted: boolean }[] } }[] } }>(
      '{ persons(first: 200) { edges { node { id tags { tag restricted } } } } }',
      {},
      await t.token(staff),
    );
    expect(res.errors).toBeUndefined();
    const withRestricted = res.data!.persons.edges.filter((e) => e.node.tags.some((t) => t.restricted)).map((e) => e.node.id);
    expect(withRestricted.length).toBeGreaterThan(1);
    expect(await auditRows()).toBe(before + 1);
    const [row] = await t.hub.subgraphs.community!.db.query('SELECT * FROM audit_log ORDER BY id DESC LIMIT 1');
    expect(row.action).toBe(AuditAction.READ_SPECIAL_POPULATION);
    expect(String(row.targetIds).split(',').sort()).toEqual([...withRestricted].sort());
    // A page without restricted tags writes nothing.
    const none = await auditRows();
    await t.query('{ communities { name } }', {}, await t.token(staff));
    expect(await auditRows()).toBe(none);
  });

  it('auditLog: AUDITOR and SUBDISTRICT_ADMIN read it with filters; every other role is FORBIDDEN', async () => {
    const auditor = await t.token({ subject: 'auditor:1', role: Role.AUDITOR });
    const res = await t.query<{ auditLog: { totalCount: number; edges: { node: { actorSubject: string; action: string; purpose: string; targetIds: string[]; fields: string[] } }[] } }>(
      'query($a: String) { auditLog(first: 10, filter: { actor: $a, action: REVEAL_IDENTITY, from: "2000-01-01T00:00:00Z" }) { totalCount edges { node { actorSubject action purpose targetIds fields requestId at } } } }',
      { a: staff.subject },
      auditor,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.auditLog.totalCount).toBe(1);
    expect(res.data!.auditLog.edges[0]!.node).toMatchObject({ actorSubject: staff.subject, action: 'REVEAL_IDENTITY', targetIds: [person.id], fields: ['idNumber', 'phone'] });
    const future = await t.query<{ auditLog: { totalCount: number } }>('{ auditLog(filter: { from: "2999-01-01T00:00:00Z" }) { totalCount } }', {}, auditor);
    expect(future.data!.auditLog.totalCount).toBe(0);
    for (const role of [Role.CENTER_OPERATOR, Role.COMMUNITY_STAFF, Role.GRID_WORKER, Role.COMPLEX_MANAGER, Role.PARTNER]) {
      const r = await t.query('{ auditLog { totalCount } }', {}, await t.token({ subject: 'x', role, communityIds: [1], gridIds: [1], complexIds: [1] }));
      expect([role, r.errors?.[0]?.extensions?.code]).toEqual([role, 'FORBIDDEN']);
    }
  });

  it('purges only rows older than the retention period, never younger ones', async () => {
    const db = t.hub.subgraphs.community!.db;
    const before = await auditRows();
    await expect(purgeAuditLog(db, new Date(Date.now() - 30 * 86_400_000))).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(await auditRows()).toBe(before);
    expect(await purgeAuditLog(db, new Date(Date.now() - 200 * 86_400_000))).toBe(0);
    expect(await auditRows()).toBe(before + 1); // the purge is itself recorded
  });
});

describe('errors in production mode', () => {
  it('a database failure reaches the client as INTERNAL "internal error", without SQL or a stack trace', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gridhub-prod-'));
    const keys = await createIdentityKeys();
    const sg = await startSubgraph(community, { database: { dataDir }, identity: { publicKeys: keys.publicJwks }, production: true });
    try {
      await sg.db.query('DROP TABLE person');
      const res = await fetch(sg.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await identityHeaders(keys, ADMIN, 'community')) },
        body: JSON.stringify({ query: '{ persons { totalCount } }' }),
      });
      const body = (await res.json()) as GraphqlResponse;
      expect(body.errors?.[0]).toMatchObject({ message: 'internal error', extensions: { code: 'INTERNAL' } });
      const text = JSON.stringify(body);
      expect(text).not.toMatch(/SELECT|FROM|no such table|doesn.t exist|stacktrace|at .*\.ts/i);
    } finally {
      await sg.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
