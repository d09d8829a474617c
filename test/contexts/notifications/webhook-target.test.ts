/**
 * R-TKT-6 SSRF rules for webhook targets (pure): which addresses are not public, which URLs registration refuses,
 * and TIERDESK_WEBHOOK_ALLOW_PRIVATE read once into the config. The ranges are written out here from the RFCs
 * (1122, 1918, 3927, 4193, 4291, 6598) and the IANA special-purpose registries (issue 11: 6052 NAT64, 3056 6to4,
 * 4380 Teredo, 2544 benchmarking, 6890 192.0.0.0/24, 5737/3849 documentation, 1112 class E, multicast, broadcast,
 * IPv4-compatible IPv6), not from the code's classification.
 */
import { describe, expect, it } from 'vitest';
import { buildConfig, ConfigError } from '../../../src/platform/config.js';
import {
  nonPublicAddress,
  resolvedAddressProblem,
  webhookUrlProblem,
} from '../../../src/contexts/notifications/domain/webhook-target.js';

describe('nonPublicAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['10.0.0.0', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.0', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.0.1', 'private'],
    ['::ffff:192.168.0.1', 'private'],
    ['100.64.0.1', 'private'],
    ['100.100.100.200', 'private'],
    ['169.254.0.1', 'link-local'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['febf:ffff::1', 'link-local'],
    ['fc00::1', 'unique-local'],
    ['fdff:ffff::1', 'unique-local'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    // Issue 11: the rest of the special-purpose registries, and IPv4 carried inside IPv6.
    ['::127.0.0.1', 'loopback'],
    ['::7f00:1', 'reserved'],
    ['64:ff9b::7f00:1', 'NAT64'],
    ['64:ff9b::808:808', 'NAT64'],
    ['64:ff9b:1::1', 'NAT64'],
    ['2002:7f00:1::', '6to4'],
    ['2002:0808:0808::1', '6to4'],
    ['2001::1', 'teredo'],
    ['198.18.0.1', 'reserved'],
    ['198.19.255.255', 'reserved'],
    ['192.0.0.1', 'reserved'],
    ['192.0.0.170', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['198.51.100.1', 'reserved'],
    ['203.0.113.7', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['ff02::1', 'multicast'],
    ['ff05::2', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['100::1', 'discard'],
    ['fec0::1', 'deprecatedSiteLocal'],
    ['::2', 'reserved'],
    ['::ffff:100.64.0.1', 'private'],
  ])('%s is %s', (address, what) => {
    expect(nonPublicAddress(address)).toBe(what);
  });

  it.each([
    '8.8.8.8',
    '9.255.255.255',
    '11.0.0.0',
    '172.15.255.255',
    '172.32.0.0',
    '192.167.255.255',
    '192.169.0.0',
    '100.63.255.255',
    '100.128.0.0',
    '169.253.255.255',
    '169.255.0.0',
    '1.1.1.1',
    '198.17.255.255',
    '198.20.0.0',
    '223.255.255.255',
    '2606:4700::1111',
    '2a00:1450:4001::1',
    '2400:cb00::1',
    '::ffff:8.8.8.8',
  ])('%s is public', (address) => {
    expect(nonPublicAddress(address)).toBeNull();
  });

  it('a name is not an address', () => {
    expect(nonPublicAddress('localhost')).toBeNull();
  });
});

describe('webhookUrlProblem', () => {
  const problem = (url: string, allowPrivate = false) => webhookUrlProblem(new URL(url), allowPrivate);

  it('R-TKT-6 with private targets off: https and a public host only', () => {
    expect(problem('https://itsm.example.com/hooks?x=1')).toBeNull();
    expect(problem('https://8.8.8.8:8443/')).toBeNull();
    expect(problem('https://[::127.0.0.1]/')).toBe('a public host: ::7f00:1 is a reserved address');
    expect(problem('https://[64:ff9b::7f00:1]/')).toBe('a public host: 64:ff9b::7f00:1 is a NAT64 address');
    expect(problem('https://[2002:7f00:1::]/')).toBe('a public host: 2002:7f00:1:: is a 6to4 address');
    expect(problem('https://198.18.0.1/')).toBe('a public host: 198.18.0.1 is a reserved address');
    expect(problem('https://224.0.0.1/')).toBe('a public host: 224.0.0.1 is a multicast address');
    expect(problem('https://255.255.255.255/')).toBe('a public host: 255.255.255.255 is a broadcast address');
    expect(problem('http://itsm.example.com/')).toMatch(/^an https URL/);
    expect(problem('https://127.0.0.1/')).toBe('a public host: 127.0.0.1 is a loopback address');
    expect(problem('https://0x7f.1/')).toBe('a public host: 127.0.0.1 is a loopback address');
    expect(problem('https://[::1]:9000/')).toBe('a public host: ::1 is a loopback address');
    expect(problem('https://10.9.8.7/')).toBe('a public host: 10.9.8.7 is a private address');
    expect(problem('https://localhost:8443/')).toMatch(/localhost/);
    expect(problem('https://Localhost./')).toMatch(/localhost/);
    expect(problem('https://u:p@itsm.example.com/')).toMatch(/no credentials/);
    expect(problem('ftp://itsm.example.com/')).toBe('an https URL');
  });

  it('R-TKT-6 with private targets allowed: http and any host', () => {
    for (const url of ['http://127.0.0.1:8080/x', 'https://[::1]/', 'http://localhost/', 'http://10.0.0.1/'])
      expect(problem(url, true), url).toBeNull();
    expect(problem('ftp://127.0.0.1/', true)).toBe('an http or https URL');
    expect(problem('http://u:p@127.0.0.1/', true)).toMatch(/no credentials/);
  });
});

describe('resolvedAddressProblem', () => {
  it('R-TKT-6 any non-public answer refuses the delivery; all public answers pass', () => {
    expect(resolvedAddressProblem('itsm.example.com', ['8.8.8.8', '2606:4700::1111'])).toBeNull();
    // Issue 11: the log says only that — not which range, not which address the name has inside the network.
    for (const addresses of [['8.8.8.8', '192.168.1.1'], ['::ffff:a00:1'], ['64:ff9b::7f00:1'], ['198.18.0.1']])
      expect(resolvedAddressProblem('itsm.example.com', addresses)).toBe('refused: non-public address');
    expect(resolvedAddressProblem('itsm.example.com', [])).toMatch(/no address/);
    expect(resolvedAddressProblem('LOCALHOST', ['8.8.8.8'])).toBe('refused: non-public address');
  });
});

it('TIERDESK_WEBHOOK_ALLOW_PRIVATE is read once into the config: off by default (on with --test-clock), 1/true/0/false, anything else refused', () => {
  expect(buildConfig({}, {}).webhookAllowPrivate).toBe(false);
  expect(buildConfig({}, { TIERDESK_WEBHOOK_ALLOW_PRIVATE: '' }).webhookAllowPrivate).toBe(false);
  for (const on of ['1', 'true', 'TRUE', 'yes'])
    expect(buildConfig({}, { TIERDESK_WEBHOOK_ALLOW_PRIVATE: on }).webhookAllowPrivate, on).toBe(true);
  for (const off of ['0', 'false', 'no'])
    expect(buildConfig({}, { TIERDESK_WEBHOOK_ALLOW_PRIVATE: off }).webhookAllowPrivate, off).toBe(false);
  expect(() => buildConfig({}, { TIERDESK_WEBHOOK_ALLOW_PRIVATE: 'maybe' })).toThrow(ConfigError);
  // A --test-clock server (never production) allows them unless told otherwise.
  expect(buildConfig({ 'test-clock': true }, {}).webhookAllowPrivate).toBe(true);
  expect(buildConfig({ 'test-clock': true }, { TIERDESK_WEBHOOK_ALLOW_PRIVATE: '0' }).webhookAllowPrivate).toBe(false);
});
