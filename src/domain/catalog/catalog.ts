/**
 * A validated catalog with the lookups every context needs. Pure: no I/O, no clock.
 * Nothing vendor-specific lives in engine code; everything a level means is read from here.
 */
import { Duration } from 'luxon';
import { parseMoney, type Currency } from '../money/money.js';
import { termMonths, type Term } from '../proration/proration.js';
import {
  NOTIFICATION_KINDS,
  type NotificationKind,
  type TAllowance,
  type TCatalog,
  type TLevel,
  type TServiceDefinition,
  type TServiceHours,
  type ServiceType,
} from './catalog-schema.js';

export interface Placeholder {
  readonly path: string;
  readonly note: string | null;
}

/**
 * A copy whose objects have no prototype: a lookup by a client's id (`targets[severity]`, `serviceHours[id]`) finds
 * only the catalog's own entries — `__proto__`, `constructor` or `toString` are simply absent (issue 11).
 */
function withoutPrototypes<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutPrototypes) as T;
  const proto: unknown = value && typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
  if (proto === Object.prototype || proto === null) {
    const out = Object.create(null) as Record<string, unknown>;
    for (const [k, v] of Object.entries(value as object)) out[k] = withoutPrototypes(v);
    return out as T;
  }
  return value;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}

export function durationMinutes(iso: string): number {
  return Duration.fromISO(iso).as('minutes');
}

export class Catalog {
  readonly def: TCatalog;
  readonly currency: Currency;
  private readonly levelsById: Map<string, TLevel>;
  private readonly severityRank: Map<string, number>;

  constructor(def: TCatalog) {
    this.def = deepFreeze(withoutPrototypes(def));
    this.currency = { code: def.currency.code, minorUnits: def.currency.minorUnits };
    this.levelsById = new Map(this.def.levels.map((l) => [l.id, l]));
    this.severityRank = new Map(this.def.severities.map((s, i) => [s.id, i]));
  }

  get id(): string {
    return this.def.id;
  }

  get timeZone(): string {
    return this.def.timeZone;
  }

  get levels(): readonly TLevel[] {
    return this.def.levels;
  }

  /** The free default level new accounts start on, or null where the catalog has none (iSoftStone, partner). */
  get defaultLevel(): TLevel | null {
    return this.def.levels.find((l) => l.isDefault) ?? null;
  }

  findLevel(id: string): TLevel | undefined {
    return this.levelsById.get(id);
  }

  level(id: string): TLevel {
    const level = this.levelsById.get(id);
    if (!level) throw new Error(`catalog ${this.id} has no level "${id}"`);
    return level;
  }

  region(id: string) {
    return this.def.regions.find((r) => r.id === id);
  }

  serviceHours(id: string): TServiceHours {
    const hours = this.def.serviceHours[id];
    if (!hours) throw new Error(`catalog ${this.id} has no service hours "${id}"`);
    return hours;
  }

  /**
   * How the engine delivers on notification channel `id` (R-NTF-1): its `kind`, else its id when that names a kind,
   * else null (a channel Tierdesk does not deliver on, or no such channel).
   */
  notificationKind(id: string): NotificationKind | null {
    const channel = this.def.notificationChannels.find((n) => n.id === id);
    if (!channel) return null;
    return channel.kind ?? ((NOTIFICATION_KINDS as readonly string[]).includes(id) ? (id as NotificationKind) : null);
  }

  service(id: string): TServiceDefinition | undefined {
    return this.def.services.find((s) => s.id === id);
  }

  /** 0 = highest severity. */
  severityIndex(id: string): number | undefined {
    return this.severityRank.get(id);
  }

  termAllowed(term: Term): boolean {
    return this.def.subscription.terms.some((t) => t.unit === term.unit && term.count >= t.min && term.count <= t.max);
  }

  /** The prepaid monthly fee: the fixed fee or the base support fee; 0 for a free level. */
  monthlyFeeMinor(level: TLevel): bigint {
    const p = level.pricing;
    if (p.model === 'fixed') return parseMoney(p.monthly, this.currency);
    if (p.model === 'base_plus_usage') return parseMoney(p.baseMonthly, this.currency);
    return 0n;
  }

  /** The price of a level for a whole term: the monthly fee × the months of the term. */
  termPriceMinor(level: TLevel, term: Term): bigint {
    return this.monthlyFeeMinor(level) * BigInt(termMonths(term));
  }

  money(amount: string): bigint {
    return parseMoney(amount, this.currency);
  }

  /** Entitlement keys this level loses in a region (R-CAT-5). */
  exclusionsFor(level: TLevel, regionId: string): Set<string> {
    const keys = new Set<string>();
    for (const x of level.regionalExclusions)
      if (x.regions.includes(regionId)) x.entitlements.forEach((e) => keys.add(e));
    return keys;
  }

  allowancesFor(level: TLevel, service: ServiceType): TAllowance[] {
    return level.allowances.filter((a) => a.service === service);
  }

  /** Every value the catalog marks as a placeholder, with its path (shown by the API). */
  placeholders(): Placeholder[] {
    const found: Placeholder[] = [];
    const walk = (value: unknown, path: string) => {
      if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}.${i}`));
      else if (value && typeof value === 'object') {
        const obj = value as Record<string, unknown>;
        if (obj.placeholder === true)
          found.push({ path: path.slice(1), note: typeof obj.note === 'string' ? obj.note : null });
        for (const [k, v] of Object.entries(obj)) walk(v, `${path}.${k}`);
      }
    };
    walk(this.def, '');
    return found;
  }
}
