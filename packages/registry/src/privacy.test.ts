import { Role, type Identity } from '@gridhub/kit';
import { testDatabase, type TestDatabase } from '@gridhub/kit/testing';
import { openRegistry, REGISTRY_DATABASE, type Registry, type SubgraphInput } from './index';

// SDLs as the kit prints them: the federation link and the privacy directives' definitions.
const HEAD = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable", "@external", "@override"])
  directive @sensitive(kind: String!, mask: String!, audit: String!, auditedAs: String) on FIELD_DEFINITION
  directive @classified(dataClass: String!, reason: String!) on FIELD_DEFINITION`;
const community: SubgraphInput = {
  name: 'community',
  url: 'http://127.0.0.1:1/graphql',
  sdl: `${HEAD}
    type Query { person(id: ID!): Person }
    type Person @key(fields: "id") { id: ID! name: String! @shareable idNumber: String! @sensitive(kind: "ID_NUMBER", mask: "500381********123X", audit: "REVEAL") }`,
};
const vendor = (fields: string, name = 'parking'): SubgraphInput => ({
  name,
  url: 'http://127.0.0.1:2/graphql',
  sdl: `${HEAD}\n type Person @key(fields: "id") { id: ID! ${fields} }`,
});
const ACME: Identity = { subject: 'acme-ops', role: Role.VENDOR, subgraphs: ['parking'] };
const OTHER: Identity = { subject: 'other-ops', role: Role.VENDOR, subgraphs: ['visitors'] };

describe('the registry’s ownership, privacy and vendor checks', () => {
  let db: TestDatabase;
  let registry: Registry;

  beforeAll(async () => {
    db = testDatabase('sqlite');
    registry = await openRegistry({ database: db.config, reviewed: ['community'] });
    const bootstrap = await registry.publish(community, 'hub:bootstrap');
    if (!bootstrap.ok) throw new Error(JSON.stringify(bootstrap.errors));
  });
  afterAll(async () => {
    await registry?.close();
    await db?.cleanup([REGISTRY_DATABASE]);
  });

  it.each([
    ['@override of a field another subgraph owns', 'idNumber: String! @override(from: "community")', 'OVERRIDE'],
    ['a field another subgraph owns defined again', 'name: String! @shareable', 'REDEFINED'],
  ])('refuses %s: FIELD_OWNERSHIP naming the field and the fix', async (_what, fields, reason) => {
    const result = await registry.publish(vendor(fields), ACME.subject, { publisher: ACME });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toMatchObject({ code: 'FIELD_OWNERSHIP', reason, subgraph: 'parking' });
    expect(result.errors[0]!.location).toMatch(/^Person\.(idNumber|name)$/);
    expect(result.errors[0]!.fix).toMatch(/extend Person with fields of your own/);
    expect(await registry.headVersion()).toBe(1);
  });

  it.each([
    ['an unclassified phone', 'parkingPhone: String', 'Person.parkingPhone', 'UNDECLARED', /@Sensitive\('PHONE'\)/],
    ['a plate by its type', 'car: LicensePlate } scalar LicensePlate type Dummy { id: ID', 'Person.car', 'UNDECLARED', /@Sensitive\('PLATE'\)/],
    ['a face image masked but not audited', 'faceImage: String @sensitive(kind: "FACE", mask: "****", audit: "REVEAL")', 'Person.faceImage', 'READS_NOT_AUDITED', /auditedAs/],
    ['a sensitive field without its audit rule', 'homeAddress: String @sensitive(kind: "ADDRESS", mask: "x", audit: "")', 'Person.homeAddress', 'MASK_OR_AUDIT_MISSING', /@Sensitive\('ADDRESS'\)/],
    ['a phone classified as personal data', 'mobile: String @classified(dataClass: "PERSONAL", reason: "it is")', 'Person.mobile', 'PERSONAL_CLASS', /@Sensitive/],
  ])('refuses %s: PERSONAL_DATA_UNDECLARED with the rule and the fix', async (_what, fields, location, reason, fix) => {
    const result = await registry.check({ kind: 'publish', subgraphs: [vendor(fields)] }, { publisher: ACME });
    expect(result).toMatchObject({ ok: false, errors: [{ code: 'PERSONAL_DATA_UNDECLARED', location, reason }] });
    if (!result.ok) expect(result.errors[0]!.fix).toMatch(fix);
  });

  it('publishes personal fields that declare their rule, and look-alikes classified as something else', async () => {
    const fields = `parkingPhone: String @sensitive(kind: "PHONE", mask: "138****5678", audit: "REVEAL")
      deskPhone: String @classified(dataClass: "DEVICES", reason: "the parking desk's hotline, not a person's")
      parkingSpots: Int faceRecognition: Boolean`;
    const result = await registry.publish(vendor(fields), ACME.subject, { publisher: ACME });
    expect(result).toMatchObject({ ok: true, version: { version: 2, actor: 'acme-ops', subgraphs: ['community', 'parking'] } });
  });

  it('lets a vendor change only the names it owns (NOT_OWNER) and read only their history', async () => {
    const foreign = await registry.publish(vendor('visits: Int', 'visitors'), ACME.subject, { publisher: ACME });
    expect(foreign).toMatchObject({ ok: false, errors: [{ code: 'NOT_OWNER', subgraph: 'visitors' }] });
    expect(await registry.check({ kind: 'remove', name: 'community' }, { publisher: ACME })).toMatchObject({ ok: false, errors: [{ code: 'NOT_OWNER' }] });
    expect(await registry.remove('parking', OTHER.subject, { publisher: OTHER })).toMatchObject({ ok: false, errors: [{ code: 'NOT_OWNER' }] });
    const partner: Identity = { subject: 'p', role: Role.PARTNER, subgraphs: ['parking'] };
    expect(await registry.remove('parking', partner.subject, { publisher: partner })).toMatchObject({ ok: false, errors: [{ code: 'NOT_OWNER' }] });
    expect((await registry.publish(vendor('visits: Int', 'visitors'), OTHER.subject, { publisher: OTHER })).ok).toBe(true);

    expect((await registry.history({ publisher: ACME })).map((v) => v.version)).toEqual([2]);
    expect((await registry.history({ publisher: OTHER })).map((v) => [v.version, v.actor])).toEqual([[3, 'other-ops']]);
    expect((await registry.history({ publisher: { subject: 'admin', role: Role.SUBDISTRICT_ADMIN } })).map((v) => v.version)).toEqual([3, 2, 1]);

    const removed = await registry.remove('visitors', OTHER.subject, { publisher: OTHER, allowBreaking: true });
    expect(removed).toMatchObject({ ok: true, version: { version: 4, actor: 'other-ops', action: 'remove' } });
    expect((await registry.history({ publisher: OTHER })).map((v) => v.version)).toEqual([4, 3]);
  });
});
