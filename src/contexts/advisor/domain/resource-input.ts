/**
 * R-OA-1: the inventory as the cloud side sends it, checked record by record (VALIDATION_FAILED names
 * `body.resources.N.field`). Attributes are kept as sent; those the built-in rules read must have their documented
 * shape (API.md), so a rule never silently misreads them. Pure.
 */
import { createHash } from 'node:crypto';
import type { ValidationIssue } from '../../../platform/errors.js';

export interface ResourceInput {
  readonly id: string;
  readonly accountId: string;
  readonly type: string;
  readonly region: string;
  readonly zone?: string | null | undefined;
  readonly name?: string | null | undefined;
  readonly attributes?: Readonly<Record<string, unknown>> | undefined;
  readonly observedAt: string;
}

export interface ParsedResource {
  readonly index: number;
  readonly id: string;
  readonly accountId: string;
  readonly type: string;
  readonly region: string;
  readonly zone: string | null;
  readonly name: string | null;
  readonly attributes: Record<string, unknown>;
  readonly observedAt: Date;
  /** What changes when the resource changes (type, place, name, attributes); observedAt is not part of it. */
  readonly contentHash: string;
}

/** JSON with object keys sorted, so equal content hashes equally whatever order the sender used. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v ?? null);
}

const isStringOrNull = (v: unknown) => v === null || typeof v === 'string';
const isNonNegative = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const PORT_RANGE = /^\d{1,5}(-\d{1,5})?$/;

/** Issues of the attributes the built-in rules read, by resource type (API.md "Resources, metrics…"). */
export function attributeIssues(type: string, a: Readonly<Record<string, unknown>>, at: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const bad = (field: string, message: string) => issues.push({ path: `${at}.attributes.${field}`, message });
  if (type === 'security_group' && a.rules !== undefined) {
    if (!Array.isArray(a.rules)) bad('rules', 'a list of rules');
    else
      a.rules.forEach((r: unknown, i) => {
        if (!r || typeof r !== 'object') return bad(`rules.${i}`, 'a rule object');
        const rule = r as Record<string, unknown>;
        if (rule.direction !== 'ingress' && rule.direction !== 'egress')
          bad(`rules.${i}.direction`, 'ingress or egress');
        if (typeof rule.protocol !== 'string') bad(`rules.${i}.protocol`, 'a protocol such as tcp, udp, icmp or all');
        if (typeof rule.source !== 'string') bad(`rules.${i}.source`, 'a CIDR such as 0.0.0.0/0');
        if (
          rule.port !== undefined &&
          !(Number.isInteger(rule.port) && (rule.port as number) >= 0 && (rule.port as number) <= 65535)
        )
          bad(`rules.${i}.port`, 'a port 0–65535');
        if (rule.portRange !== undefined && !(typeof rule.portRange === 'string' && PORT_RANGE.test(rule.portRange)))
          bad(`rules.${i}.portRange`, 'a range such as "22-23"');
      });
  }
  if (type === 'rds' && a.ha !== undefined && typeof a.ha !== 'boolean') bad('ha', 'true or false');
  if (type === 'eip' && a.boundTo !== undefined && !isStringOrNull(a.boundTo)) bad('boundTo', 'a resource id or null');
  if (type === 'evs') {
    if (a.attachedTo !== undefined && !isStringOrNull(a.attachedTo)) bad('attachedTo', 'a resource id or null');
    if (a.sizeGb !== undefined && !isNonNegative(a.sizeGb)) bad('sizeGb', 'a size in GB, ≥ 0');
  }
  if (type === 'ecs') {
    if (a.flavor !== undefined && typeof a.flavor !== 'string') bad('flavor', 'a flavor name');
    if (a.vcpus !== undefined && !isNonNegative(a.vcpus)) bad('vcpus', 'a number ≥ 0');
    if (a.memoryGb !== undefined && !isNonNegative(a.memoryGb)) bad('memoryGb', 'a number ≥ 0');
    if (
      a.securityGroups !== undefined &&
      !(Array.isArray(a.securityGroups) && a.securityGroups.every((g) => typeof g === 'string'))
    )
      bad('securityGroups', 'a list of security group ids');
  }
  return issues;
}

export function parseResource(
  input: ResourceInput,
  index: number,
  prefix: string,
): { resource: ParsedResource } | { issues: ValidationIssue[] } {
  const attributes = { ...(input.attributes ?? {}) };
  const issues = attributeIssues(input.type, attributes, prefix);
  const observedAt = new Date(input.observedAt);
  if (Number.isNaN(observedAt.getTime()))
    issues.push({ path: `${prefix}.observedAt`, message: 'an ISO 8601 time with offset' });
  if (issues.length) return { issues };
  const zone = input.zone ?? null;
  const name = input.name ?? null;
  const contentHash = createHash('sha256')
    .update(canonicalJson([input.type, input.region, zone, name, attributes]))
    .digest()
    .subarray(0, 16)
    .toString('base64url');
  return {
    resource: {
      index,
      id: input.id,
      accountId: input.accountId,
      type: input.type,
      region: input.region,
      zone,
      name,
      attributes,
      observedAt,
      contentHash,
    },
  };
}
