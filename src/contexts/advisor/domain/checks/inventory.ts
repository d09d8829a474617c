/**
 * Checks over the whole inventory of an account (they relate resources to each other):
 * - `bound_without_security_group`: an EIP bound to a resource of the inventory that lists no security group (a
 *   target the inventory does not hold is not judged);
 * - `single_zone_group`: resources sharing a value of `groupBy` (e.g. `tier: web`), at least `minMembers`, all in one
 *   zone (a member without a zone is not judged: the group is skipped).
 */
import type { EffectiveRule, InventoryResource, RawFinding } from '../types.js';
import { isMissing } from './values.js';

function finding(rule: EffectiveRule, f: Omit<RawFinding, 'ruleId' | 'dimension' | 'severity'>): RawFinding {
  return { ruleId: rule.rule.id, dimension: rule.rule.dimension, severity: rule.rule.severity, ...f };
}

export function boundWithoutSecurityGroup(
  rule: EffectiveRule,
  inventory: ReadonlyMap<string, InventoryResource>,
): RawFinding[] {
  const check = rule.rule.check;
  if (check.kind !== 'bound_without_security_group') return [];
  const out: RawFinding[] = [];
  for (const r of inventory.values()) {
    if (!check.resourceTypes.includes(r.type)) continue;
    const targetId = r.attributes[check.boundAttribute];
    if (typeof targetId !== 'string' || isMissing(targetId)) continue;
    const target = inventory.get(targetId);
    if (!target) continue;
    const groups = target.attributes[check.targetAttribute];
    if (!(isMissing(groups) || (Array.isArray(groups) && groups.length === 0))) continue;
    out.push(
      finding(rule, {
        subject: `resource:${r.id}`,
        resourceId: r.id,
        resourceIds: [r.id, target.id],
        evidence: { target: target.name ?? target.id, targetId: target.id },
      }),
    );
  }
  return out;
}

export function singleZoneGroup(rule: EffectiveRule, inventory: ReadonlyMap<string, InventoryResource>): RawFinding[] {
  const check = rule.rule.check;
  if (check.kind !== 'single_zone_group') return [];
  const groups = new Map<string, InventoryResource[]>();
  for (const r of inventory.values()) {
    if (!check.resourceTypes.includes(r.type)) continue;
    const v = r.attributes[check.groupBy];
    if (typeof v !== 'string' && typeof v !== 'number') continue;
    const key = String(v);
    if (key === '') continue;
    const members = groups.get(key);
    if (members) members.push(r);
    else groups.set(key, [r]);
  }
  const out: RawFinding[] = [];
  for (const [group, members] of [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (members.length < check.minMembers || members.some((m) => !m.zone)) continue;
    const zones = new Set(members.map((m) => m.zone));
    if (zones.size !== 1) continue;
    const ids = members.map((m) => m.id).sort();
    out.push(
      finding(rule, {
        subject: `group:${group}`,
        resourceId: null,
        resourceIds: ids,
        evidence: { group, zone: members[0]!.zone, members: members.length, resources: ids },
      }),
    );
  }
  return out;
}
