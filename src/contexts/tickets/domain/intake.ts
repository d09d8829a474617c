/**
 * R-TKT-2/R-TKT-4 intake checks, pure: what a level allows for a category, severity and channel, and which target
 * and clock the response SLA uses. Every refusal names the entitlement.
 */
import { Duration } from 'luxon';
import { DomainError, validationFailed } from '../../../platform/errors.js';
import type { Catalog } from '../../../domain/catalog/catalog.js';
import type { TLevel } from '../../../domain/catalog/catalog-schema.js';

export type Category = 'technical' | 'non_technical';

export interface IntakeRequest {
  readonly category: Category;
  readonly severity: string | null;
  readonly channel: string;
}

export interface SlaTerms {
  readonly targetIso: string;
  readonly targetMinutes: number;
  /** The service-hours id the target is measured on. */
  readonly clock: string;
  /** The service-hours id of the channel (its hours are checked unless it is the always-open ticket channel). */
  readonly channelHours: string;
  readonly bestEffort: boolean;
}

const minutesCache = new Map<string, number>();

/** Minutes of an ISO duration (catalog targets: a handful of distinct values, parsed once). */
export function minutesOf(iso: string): number {
  let m = minutesCache.get(iso);
  if (m === undefined) {
    m = Duration.fromISO(iso).as('minutes');
    minutesCache.set(iso, m);
  }
  return m;
}

export function isoOfMinutes(minutes: number): string {
  const d = Duration.fromObject({ minutes }).shiftTo('days', 'hours', 'minutes');
  return d.days ? Duration.fromObject({ hours: d.days * 24 + d.hours, minutes: d.minutes }).toISO() : d.toISO();
}

/** The checks that need nothing but the catalog and the account's region. */
export function checkIntake(catalog: Catalog, level: TLevel | null, regionId: string, req: IntakeRequest): SlaTerms {
  if (!level)
    throw new DomainError('NOT_ENTITLED', { entitlement: 'support_plan' }, 'The account has no support plan.');
  const excluded = catalog.exclusionsFor(level, regionId);
  if (req.category === 'technical') {
    if (!level.technical) {
      throw new DomainError(
        'NOT_ENTITLED',
        { entitlement: 'technical_support', level: level.id },
        `The ${level.id} level has no technical support.`,
      );
    }
    const allowedSeverities = catalog.def.severities.map((s) => s.id).filter((s) => s in level.technical!.targets);
    if (!req.severity)
      throw validationFailed([
        { path: 'body.severity', message: `a technical ticket needs a severity: ${allowedSeverities.join(', ')}` },
      ]);
    if (catalog.severityIndex(req.severity) === undefined) {
      throw validationFailed([
        { path: 'body.severity', message: `one of ${catalog.def.severities.map((s) => s.id).join(', ')}` },
      ]);
    }
    const target = level.technical.targets[req.severity];
    if (!target) {
      // R-TKT-2: never remapped.
      throw new DomainError(
        'NOT_ENTITLED',
        { entitlement: `severity:${req.severity}`, level: level.id, allowedSeverities },
        `The ${level.id} level does not offer severity ${req.severity}.`,
      );
    }
    const channel = level.technical.channels.find((c) => c.channel === req.channel);
    if (!channel || excluded.has(`channel:${req.channel}`)) {
      throw new DomainError(
        'NOT_ENTITLED',
        {
          entitlement: `channel:${req.channel}`,
          level: level.id,
          allowedChannels: level.technical.channels.map((c) => c.channel),
        },
        `The ${level.id} level has no ${req.channel} channel for technical support.`,
      );
    }
    return {
      targetIso: target,
      targetMinutes: minutesOf(target),
      clock: level.technical.clock,
      channelHours: channel.hours,
      bestEffort: level.technical.bestEffort ?? false,
    };
  }
  if (req.severity)
    throw validationFailed([{ path: 'body.severity', message: 'non-technical tickets carry no severity (R-TKT-2)' }]);
  const channel = level.nonTechnical.channels.find((c) => c.channel === req.channel);
  if (!channel || excluded.has(`channel:${req.channel}`)) {
    throw new DomainError(
      'NOT_ENTITLED',
      {
        entitlement: `channel:${req.channel}`,
        level: level.id,
        allowedChannels: level.nonTechnical.channels.map((c) => c.channel),
      },
      `The ${level.id} level has no ${req.channel} channel for non-technical support.`,
    );
  }
  return {
    targetIso: level.nonTechnical.target,
    targetMinutes: minutesOf(level.nonTechnical.target),
    clock: level.nonTechnical.clock,
    channelHours: channel.hours,
    bestEffort: false,
  };
}

/**
 * R-TKT-4: the channel a ticket comes in on when the caller names none — the console and API channel, which takes
 * tickets at any hour. The shipped catalogs call it `ticket` (API.md's default); a catalog without a channel of that
 * id (a provider with its own ids, e.g. the made-up acme.yaml) takes it on the first channel the level lists for the
 * category. Without a level or technical support the intake checks refuse first.
 */
export function intakeChannel(catalog: Catalog, level: TLevel | null, category: Category): string {
  if (catalog.def.channels.some((c) => c.id === 'ticket')) return 'ticket';
  const channels = category === 'technical' ? level?.technical?.channels : level?.nonTechnical.channels;
  return channels?.[0]?.channel ?? 'ticket';
}

/** R-TKT-3 event protection: a severity one step higher (Tianyi 重保 level 2), or unchanged at the top. */
export function raiseSeverity(catalog: Catalog, level: TLevel, severity: string, steps: number): string {
  const offered = catalog.def.severities
    .map((s) => s.id)
    .filter((s) => level.technical && s in level.technical.targets);
  const i = offered.indexOf(severity);
  return i < 0 ? severity : offered[Math.max(0, i - steps)]!;
}

/** What an SLA adjuster (an event-protection window, R-TKT-3) says about one ticket (ports.ts SlaAdjustment). */
export interface TargetAdjustment {
  /** Handle the ticket as this severity (Tianyi 重保 level 1 urgent, level 2 one step up). */
  readonly severity?: string;
  /** Or answer within this many minutes (Huawei < 15 min, iSoftStone < 10 min in a protection window). */
  readonly targetMinutes?: number;
  readonly reason: string;
  readonly source: Record<string, unknown>;
}

/**
 * R-TKT-3: a ticket's severity and target after an adjustment, the same at intake and at a re-grade: a technical
 * ticket is handled as the adjustment's severity when the level offers it (its target with it); a target in minutes
 * applies when it is shorter than the one so far.
 */
export function applyAdjustment(
  level: TLevel,
  category: Category,
  terms: { severity: string | null; targetIso: string; targetMinutes: number },
  adjustment: TargetAdjustment | null,
): { severity: string | null; targetIso: string; targetMinutes: number } {
  let { severity, targetIso, targetMinutes } = terms;
  const raisedTarget = adjustment?.severity ? level.technical?.targets[adjustment.severity] : undefined;
  if (adjustment?.severity && raisedTarget && category === 'technical') {
    severity = adjustment.severity;
    targetIso = raisedTarget;
    targetMinutes = minutesOf(raisedTarget);
  }
  if (adjustment?.targetMinutes !== undefined && adjustment.targetMinutes < targetMinutes) {
    targetMinutes = adjustment.targetMinutes;
    targetIso = isoOfMinutes(targetMinutes);
  }
  return { severity, targetIso, targetMinutes };
}

/** The ticket's `slaAdjustment` column (the view's `sla.adjustment`): why its target differs, or null. */
export function adjustmentRecord(adjustment: TargetAdjustment | null): Record<string, unknown> | null {
  if (!adjustment) return null;
  return {
    reason: adjustment.reason,
    ...adjustment.source,
    ...(adjustment.severity ? { severity: adjustment.severity } : {}),
    ...(adjustment.targetMinutes ? { targetMinutes: adjustment.targetMinutes } : {}),
  };
}
