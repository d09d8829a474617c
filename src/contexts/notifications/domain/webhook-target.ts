/**
 * R-TKT-6 webhook targets and SSRF. A customer names the URL Tierdesk POSTs to, and the delivery log shows the status
 * code and error of each attempt: without rules an endpoint on a loopback, private or link-local address would let a
 * customer probe the provider's internal network (or a cloud metadata service). Unless TIERDESK_WEBHOOK_ALLOW_PRIVATE
 * is on, registration takes https URLs whose host is not such an address literal nor `localhost`, and every delivery
 * checks every address the host resolves to (a name may resolve elsewhere later: DNS rebinding). Pure functions.
 */
import { BlockList, isIP } from 'node:net';

/** The address ranges no webhook may reach unless private targets are allowed. */
export const NON_PUBLIC_RANGES: readonly {
  readonly network: string;
  readonly prefix: number;
  readonly type: 'ipv4' | 'ipv6';
  readonly what: string;
}[] = [
  { network: '0.0.0.0', prefix: 8, type: 'ipv4', what: 'unspecified' },
  { network: '10.0.0.0', prefix: 8, type: 'ipv4', what: 'private' },
  // Shared address space (carrier-grade NAT); cloud metadata services live here too (e.g. 100.100.100.200).
  { network: '100.64.0.0', prefix: 10, type: 'ipv4', what: 'private' },
  { network: '127.0.0.0', prefix: 8, type: 'ipv4', what: 'loopback' },
  { network: '169.254.0.0', prefix: 16, type: 'ipv4', what: 'link-local' },
  { network: '172.16.0.0', prefix: 12, type: 'ipv4', what: 'private' },
  { network: '192.168.0.0', prefix: 16, type: 'ipv4', what: 'private' },
  { network: '::', prefix: 128, type: 'ipv6', what: 'unspecified' },
  { network: '::1', prefix: 128, type: 'ipv6', what: 'loopback' },
  { network: 'fc00::', prefix: 7, type: 'ipv6', what: 'unique-local' },
  { network: 'fe80::', prefix: 10, type: 'ipv6', what: 'link-local' },
];

/** One list per range, to name the range an address is in. */
const RANGE_LISTS = NON_PUBLIC_RANGES.map((r) => {
  const list = new BlockList();
  list.addSubnet(r.network, r.prefix, r.type);
  return { ...r, list };
});

/** The URL's host without the brackets of an IPv6 literal. */
export function bareHost(url: URL): string {
  const host = url.hostname;
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/**
 * Why `address` (an IP literal) is not public — `loopback`, `private`, `link-local`, `unique-local`, `unspecified` —
 * or null when it is. IPv4-mapped IPv6 addresses (`::ffff:127.0.0.1`) are judged as the IPv4 address they carry.
 */
export function nonPublicAddress(address: string): string | null {
  const kind = isIP(address);
  if (kind === 0) return null;
  // BlockList judges an IPv4-mapped IPv6 address (`::ffff:7f00:1`) by the IPv4 rules, as it should.
  const type = kind === 4 ? 'ipv4' : 'ipv6';
  return RANGE_LISTS.find((r) => r.list.check(address, type))?.what ?? null;
}

/** `localhost`, `localhost.` and names under `.localhost` (RFC 6761: they resolve to loopback). */
export function isLocalhostName(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}

/**
 * The reason a webhook URL is refused at registration, or null. `allowPrivate` (TIERDESK_WEBHOOK_ALLOW_PRIVATE)
 * allows http and any host. A host name that resolves to a private address is only found at delivery.
 */
export function webhookUrlProblem(url: URL, allowPrivate: boolean): string | null {
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return allowPrivate ? 'an http or https URL' : 'an https URL';
  if (url.username || url.password) return 'no credentials in the URL; verify the signature instead';
  if (allowPrivate) return null;
  if (url.protocol !== 'https:') return 'an https URL: deliveries are signed, and must be encrypted too';
  const host = bareHost(url);
  if (isLocalhostName(host)) return 'a public host: localhost is not reachable as a webhook endpoint';
  const why = nonPublicAddress(host);
  if (why) return `a public host: ${host} is a ${why} address`;
  return null;
}

/**
 * The refusal of a delivery whose host resolved to `addresses`, or null when every one is public. Any non-public
 * address refuses the whole delivery: a connection could otherwise pick it.
 */
export function resolvedAddressProblem(host: string, addresses: readonly string[]): string | null {
  if (isLocalhostName(host)) return `refused: ${host} is not a public host (webhook endpoints must be public)`;
  if (addresses.length === 0) return `refused: ${host} resolved to no address`;
  const bad = addresses.map(nonPublicAddress).find((why) => why !== null);
  if (bad) return `refused: ${host} resolves to a ${bad} address (webhook endpoints must be public)`;
  return null;
}
