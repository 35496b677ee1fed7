import { destinationRefusal, isPrivateAddress, literalRefusal } from './destination';

describe('webhook destinations', () => {
  const saved = process.env.GRIDHUB_WEBHOOK_PRIVATE_NETWORKS;
  afterEach(() => {
    if (saved === undefined) delete process.env.GRIDHUB_WEBHOOK_PRIVATE_NETWORKS;
    else process.env.GRIDHUB_WEBHOOK_PRIVATE_NETWORKS = saved;
  });

  it('knows loopback, private, link-local, shared and unspecified addresses (v4, v6, v4-mapped)', () => {
    for (const a of ['127.0.0.1', '10.0.0.1', '172.16.5.4', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1'])
      expect([a, isPrivateAddress(a)]).toEqual([a, true]);
    for (const a of ['8.8.8.8', '172.32.0.1', '203.0.113.9', '2001:db8::1', '::ffff:8.8.8.8']) expect([a, isPrivateAddress(a)]).toEqual([a, false]);
  });

  it('refuses them unless GRIDHUB_WEBHOOK_PRIVATE_NETWORKS=allow: literals when subscribing, names before each attempt', async () => {
    delete process.env.GRIDHUB_WEBHOOK_PRIVATE_NETWORKS;
    expect(literalRefusal(new URL('http://[::1]:8080/x'))).toMatch('::1 is a private address');
    expect(literalRefusal(new URL('https://203.0.113.9/x'))).toBeNull();
    expect(literalRefusal(new URL('https://partner.example/x'))).toBeNull();
    expect(await destinationRefusal(new URL('http://localhost:9/x'))).toMatch(/localhost resolves to a private address/);
    expect(await destinationRefusal(new URL('http://203.0.113.9/x'))).toBeNull();
    process.env.GRIDHUB_WEBHOOK_PRIVATE_NETWORKS = 'allow';
    expect(literalRefusal(new URL('http://127.0.0.1/x'))).toBeNull();
    expect(await destinationRefusal(new URL('http://localhost:9/x'))).toBeNull();
  });
});
