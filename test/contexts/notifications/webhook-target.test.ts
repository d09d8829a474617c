/**
 * R-TKT-6 SSRF rules for webhook targets (pure): which addresses are not public, which URLs registration refuses,
 * and TIERDESK_WEBHOOK_ALLOW_PRIVATE read once into the config. The ranges are written out here from the RFCs
 * (1122, 1918, 3927, 4193, 4291, 6598), not from the code's table.
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
    '203.0.113.7',
    '2001:db8::1',
    '2606:4700::1111',
    'fec0::1',
    'fbff::1',
    '::ffff:8.8.8.8',
    '::2',
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
    expect(problem('https://203.0.113.7:8443/')).toBeNull();
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
    expect(resolvedAddressProblem('itsm.example.com', ['203.0.113.7', '2001:db8::7'])).toBeNull();
    expect(resolvedAddressProblem('itsm.example.com', ['203.0.113.7', '192.168.1.1'])).toBe(
      'refused: itsm.example.com resolves to a private address (webhook endpoints must be public)',
    );
    expect(resolvedAddressProblem('itsm.example.com', ['::ffff:a00:1'])).toMatch(/private/);
    expect(resolvedAddressProblem('itsm.example.com', [])).toMatch(/no address/);
    expect(resolvedAddressProblem('LOCALHOST', ['203.0.113.7'])).toMatch(/not a public host/);
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
