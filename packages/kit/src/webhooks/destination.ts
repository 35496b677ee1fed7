import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Where the hub will not POST on a subscriber's behalf unless the operator allows it: loopback, private, link-local
 * (cloud metadata), shared and unspecified addresses. A subscriber's URL must not turn the hub into a probe of its
 * own network (the delivery log shows statuses and errors). `GRIDHUB_WEBHOOK_PRIVATE_NETWORKS=allow` lifts it
 * (receivers on the same machine or network: development, tests, an intranet deployment).
 */
const blocked = new BlockList();
for (const [net, bits] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.168.0.0', 16]] as const)
  blocked.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10]] as const) blocked.addSubnet(net, bits, 'ipv6');

export const privateNetworksAllowed = (): boolean => process.env.GRIDHUB_WEBHOOK_PRIVATE_NETWORKS === 'allow';

/** Whether an address (v4, v6 or v4-mapped v6) is one the hub does not post to by default. */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return isPrivateAddress(mapped);
  const family = isIP(address);
  return family === 4 ? blocked.check(address, 'ipv4') : family === 6 ? blocked.check(address, 'ipv6') : false;
}

const bare = (hostname: string) => hostname.replace(/^\[|\]$/g, '');

/** Refusal reason for a URL whose host is a private address literal (checked when subscribing), else null. */
export function literalRefusal(url: URL): string | null {
  const host = bare(url.hostname);
  if (privateNetworksAllowed() || !isIP(host) || !isPrivateAddress(host)) return null;
  return `${host} is a private address`;
}

/** Refusal reason for a URL whose host resolves to a private address now (checked before every attempt), else null. */
export async function destinationRefusal(url: URL): Promise<string | null> {
  if (privateNetworksAllowed()) return null;
  const host = bare(url.hostname);
  const addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
  const refused = addresses.find(isPrivateAddress);
  return refused === undefined ? null : `${host} resolves to a private address (${refused})`;
}
