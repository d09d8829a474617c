/**
 * `open_ingress` (security): a security group's ingress rule admits one of `sources` (default any IPv4 or IPv6
 * address) to one of `ports`. A rule covers a port by `port`, by `portRange` ("22-23", or "22"), or — with neither —
 * every port unless its protocol has none (ICMP). Rules that deny are skipped (`action: deny`).
 */
import type { EffectiveRule, Evidence, InventoryResource } from '../types.js';
import { asNumber } from './values.js';

const PORTLESS = new Set(['icmp', 'icmpv6', 'icmp6']);

function range(rule: Record<string, unknown>): [number, number] | null {
  const port = asNumber(rule.port);
  if (port !== null) return [port, port];
  if (typeof rule.portRange === 'string') {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(rule.portRange);
    if (!m) return null;
    return [Number(m[1]), Number(m[2] ?? m[1])];
  }
  const protocol = typeof rule.protocol === 'string' ? rule.protocol.toLowerCase() : '';
  return PORTLESS.has(protocol) ? null : [0, 65535];
}

export function openPorts(
  rules: unknown,
  ports: readonly number[],
  sources: readonly string[],
): { ports: number[]; sources: string[] } {
  const open = new Set<number>();
  const from = new Set<string>();
  if (!Array.isArray(rules)) return { ports: [], sources: [] };
  for (const r of rules) {
    if (!r || typeof r !== 'object') continue;
    const rule = r as Record<string, unknown>;
    const lower = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : '');
    if (lower(rule.direction) !== 'ingress') continue;
    if (lower(rule.action) === 'deny') continue;
    const source = typeof rule.source === 'string' ? rule.source.trim() : '';
    if (!sources.includes(source)) continue;
    const span = range(rule);
    if (!span) continue;
    for (const p of ports)
      if (p >= span[0] && p <= span[1]) {
        open.add(p);
        from.add(source);
      }
  }
  return { ports: [...open].sort((a, b) => a - b), sources: [...from].sort() };
}

export function openIngress(rule: EffectiveRule, resource: InventoryResource): Evidence | null {
  const check = rule.rule.check;
  if (check.kind !== 'open_ingress' || !check.resourceTypes.includes(resource.type)) return null;
  const found = openPorts(resource.attributes.rules, check.ports, check.sources);
  if (!found.ports.length) return null;
  return { ports: found.ports, sources: found.sources };
}
