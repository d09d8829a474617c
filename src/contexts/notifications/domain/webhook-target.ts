/**
 * R-TKT-6 webhook targets and SSRF. A customer names the URL Tierdesk POSTs to, and the delivery log shows the status
 * code and error of each attempt: without rules an endpoint on a loopback, private or link-local address would let a
 * customer probe the provider's internal network (or a cloud metadata service). Unless TIERDESK_WEBHOOK_ALLOW_PRIVATE
 * is on, registration takes https URLs whose host is not such an address literal nor `localhost`, and every delivery
 * checks every address the host resolves to (a name may resolve elsewhere later: DNS rebinding). Pure functions.
 */
import ipaddr from 'ipaddr.js';

/**
 * Issue 11: one maintained classification, ipaddr.js's `range()` (the IANA IPv4 and IPv6 special-purpose address
 * registries), for IPv4, IPv6 and IPv4 carried in IPv6. An IPv4 address is public when its range is `unicast`; an
 * IPv6 address when it is `unicast` *and* in the global unicast space 2000::/3 (IANA's allocation: everything else
 * — the IPv4-compatible ::/96 such as `[::127.0.0.1]`, site-local fec0::/10, the reserved blocks — is not). IPv4-mapped
 * addresses (`::ffff:7f00:1`) are judged as the IPv4 address they carry; NAT64 (64:ff9b::/96, 64:ff9b:1::/48),
 * 6to4 (2002::/16) and Teredo (2001::/32) reach IPv4 through a translator, so they are never public (their ranges
 * are not `unicast`).
 */
const GLOBAL_UNICAST = ipaddr.IPv6.parseCIDR('2000::/3');

/** ipaddr.js's range names, in words for the registration refusal (the delivery log never names them). */
const WORDS: Record<string, string> = {
  carrierGradeNat: 'private',
  private: 'private',
  uniqueLocal: 'unique-local',
  linkLocal: 'link-local',
  rfc6052: 'NAT64',
  '6to4': '6to4',
  ipv4Mapped: 'IPv4-mapped',
};

/** The URL's host without the brackets of an IPv6 literal. */
export function bareHost(url: URL): string {
  const host = url.hostname;
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/**
 * Why `address` (an IP literal) is not public — its special-purpose range (`loopback`, `private`, `link-local`,
 * `unique-local`, `unspecified`, `multicast`, `broadcast`, `reserved`, `NAT64`, `6to4`, `teredo`, …) — or null when it
 * is public. A name that is not an address is null.
 */
export function nonPublicAddress(address: string): string | null {
  if (!ipaddr.isValid(address)) return null;
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    // process(): an IPv4-mapped IPv6 address becomes the IPv4 address it carries.
    parsed = ipaddr.process(address);
  } catch {
    return 'unparsable';
  }
  const range = parsed.range();
  if (range !== 'unicast') return WORDS[range] ?? range;
  if (parsed.kind() === 'ipv6' && !(parsed as ipaddr.IPv6).match(GLOBAL_UNICAST)) return 'reserved';
  return null;
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

/** The one sentence a refused delivery logs (issue 11: the log never tells which addresses a name has). */
export const REFUSED_NON_PUBLIC = 'refused: non-public address';

/**
 * The refusal of a delivery whose host resolved to `addresses`, or null when every one is public. Any non-public
 * address refuses the whole delivery: a connection could otherwise pick it. The delivery log shows the customer
 * only REFUSED_NON_PUBLIC: which range, or which address, would tell what the name answers inside the network.
 */
export function resolvedAddressProblem(host: string, addresses: readonly string[]): string | null {
  if (isLocalhostName(host)) return REFUSED_NON_PUBLIC;
  if (addresses.length === 0) return `refused: ${host} resolved to no address`;
  return addresses.some((a) => nonPublicAddress(a) !== null) ? REFUSED_NON_PUBLIC : null;
}
