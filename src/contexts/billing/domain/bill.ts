/**
 * R-BIL-2/3: a month's bill. `month` is the consumption month: the bill holds the prepaid charges settled in it
 * (base fees of purchases, upgrades and renewals — auto-renewals included —, add-ons, and the refunds of downgrades
 * and unsubscribes) and the incremental fee of each level segment computed from that month's consumption (charged
 * at the start of the next month, when the month-end run makes the bill). Pure.
 */
import { formatMoney } from '../../../domain/money/money.js';
import type { Catalog } from '../../../domain/catalog/catalog.js';
import type { Locale, TLevel } from '../../../domain/catalog/catalog-schema.js';
import { renderIn, type MessageId, type MessageParams } from '../../../domain/messages/message-table.js';
import { BILLING_MESSAGES } from './messages.js';
import { incrementalFee, usagePricingOf, type UsagePricing } from './incremental-fee.js';
import type { MonthWindow } from './month.js';
import { segmentDays, type Segment } from './segments.js';

export type BillLineKind = 'base' | 'incremental' | 'refund' | 'add_on';

/** The locale a bill is written in: zh-CN, else en-US. */
export const billLocale = (locale: string): Locale => (locale === 'zh-CN' ? 'zh-CN' : 'en-US');

/** An order settled (paid, or refunded at once) in the month, as the subscriptions context reports it. */
export interface SettledOrder {
  readonly id: string;
  readonly number: string;
  readonly type: string;
  readonly level: string | null;
  readonly fromLevel: string | null;
  readonly direction: 'charge' | 'refund';
  readonly amountMinor: bigint;
  readonly at: Date;
  readonly termUnit: string | null;
  readonly termCount: number | null;
  readonly addOnType: string | null;
  readonly addOnCount: number | null;
  readonly autoRenew: boolean;
  readonly placedBy: string;
}

export interface SegmentConsumption extends Segment {
  readonly consumptionMinor: bigint;
}

export interface BillLine {
  readonly kind: BillLineKind;
  readonly level: string | null;
  readonly days: number | null;
  readonly description: string;
  /** Signed: refunds are negative. */
  readonly amountMinor: bigint;
  readonly consumptionMinor: bigint | null;
  readonly orderId: string | null;
  readonly periodStart: string | null;
  readonly periodEnd: string | null;
}

export interface BillDraft {
  readonly lines: readonly BillLine[];
  readonly totalMinor: bigint;
  readonly consumptionMinor: bigint;
}

/**
 * The usage pricing of a level when this catalog bills usage (R-BIL-2; partner and fixed-fee catalogs do not).
 * A level the catalog no longer has (a newer catalog version) bills no incremental fee.
 */
export function usageBilledPricing(catalog: Catalog, level: TLevel | string | undefined): UsagePricing | null {
  if (catalog.def.subscription.billing !== 'base_plus_usage') return null;
  const found = typeof level === 'string' ? catalog.findLevel(level) : level;
  return found ? usagePricingOf(found.pricing, catalog.currency) : null;
}

const line = <K extends MessageId<typeof BILLING_MESSAGES>>(
  id: K,
  locale: Locale,
  params: MessageParams<typeof BILLING_MESSAGES, K>,
) => renderIn(BILLING_MESSAGES, id, locale, params);

function termText(unit: string | null, count: number | null, locale: Locale): string {
  if (!unit || !count) return '';
  const id =
    unit === 'year'
      ? count > 1
        ? 'line.term.years'
        : 'line.term.year'
      : count > 1
        ? 'line.term.months'
        : 'line.term.month';
  return line(id, locale, { count });
}

/** What an order's line reads: everything but the order's id, number, amount and time. */
export type OrderLineShape = Pick<
  SettledOrder,
  'type' | 'level' | 'fromLevel' | 'direction' | 'termUnit' | 'termCount' | 'addOnType' | 'addOnCount' | 'autoRenew'
>;

/**
 * An order's line without its number and amount: the description is `before + number + after`, the amount
 * `sign × amountMinor`. The month-end run's set-based SQL writes order lines from these parts (one set per shape of
 * order, not one per order); `orderLine` below is the same parts around one order's number.
 */
export interface OrderLineParts {
  readonly kind: BillLineKind;
  readonly level: string | null;
  readonly sign: 1 | -1;
  readonly before: string;
  readonly after: string;
}

/** A placeholder value that no template, name or number holds: where a rendered text is cut into its parts. */
const CUT = '\u0000';

function cutAt(text: string): { before: string; after: string } {
  const at = text.indexOf(CUT);
  if (at < 0 || text.indexOf(CUT, at + 1) >= 0)
    throw new Error(`a bill line template must hold its value once: ${text}`);
  return { before: text.slice(0, at), after: text.slice(at + CUT.length) };
}

export function orderLineParts(catalog: Catalog, o: OrderLineShape, locale: Locale): OrderLineParts {
  const name = (id: string | null) => (id ? (catalog.findLevel(id)?.names[locale] ?? id) : '');
  const term = termText(o.termUnit, o.termCount, locale);
  let kind: BillLineKind = o.direction === 'refund' ? 'refund' : 'base';
  let text: string;
  switch (o.type) {
    case 'new':
      text = line('line.new', locale, { level: name(o.level), term });
      break;
    case 'renew':
      text = line(o.autoRenew ? 'line.auto_renew' : 'line.renew', locale, { level: name(o.level), term });
      break;
    case 'upgrade':
      text = line('line.upgrade', locale, { from: name(o.fromLevel), level: name(o.level) });
      break;
    case 'downgrade':
      text = line(o.direction === 'refund' ? 'line.downgrade_refund' : 'line.downgrade', locale, {
        from: name(o.fromLevel),
        level: name(o.level),
      });
      break;
    case 'unsubscribe':
      text = line('line.unsubscribe', locale, { level: name(o.fromLevel ?? o.level) });
      break;
    case 'add_on': {
      kind = 'add_on';
      const addOn = catalog.def.addOns.find((a) => a.id === o.addOnType);
      text = line('line.add_on', locale, {
        addOn: addOn?.names[locale] ?? o.addOnType ?? 'add-on',
        count: o.addOnCount ?? 1,
      });
      break;
    }
    default:
      text = o.type;
  }
  const ref = cutAt(line('line.order_ref', locale, { number: CUT }));
  return {
    kind,
    level: o.type === 'unsubscribe' ? o.fromLevel : o.level,
    sign: o.direction === 'refund' ? -1 : 1,
    before: `${text}${ref.before}`,
    after: ref.after,
  };
}

function orderLine(catalog: Catalog, o: SettledOrder, locale: Locale): BillLine {
  const parts = orderLineParts(catalog, o, locale);
  return {
    kind: parts.kind,
    level: parts.level,
    days: null,
    description: `${parts.before}${o.number}${parts.after}`,
    amountMinor: parts.sign === -1 ? -o.amountMinor : o.amountMinor,
    consumptionMinor: null,
    orderId: o.id,
    periodStart: null,
    periodEnd: null,
  };
}

/**
 * An incremental line's description around its consumption's amount (`before + formatMoney(consumption) + after`):
 * the month-end run's SQL formats the amount and writes these parts; `incrementalLine` uses them too.
 */
export function incrementalDescriptionParts(
  catalog: Catalog,
  window: MonthWindow,
  seg: Segment,
  locale: Locale,
): { readonly before: string; readonly after: string } {
  return cutAt(
    line('line.incremental', locale, {
      level: catalog.findLevel(seg.level)?.names[locale] ?? seg.level,
      from: window.dates[seg.firstDay]!,
      to: window.dates[seg.lastDay]!,
      days: segmentDays(seg),
      monthDays: window.days,
      consumption: `${CUT} ${catalog.currency.code}`,
    }),
  );
}

function incrementalLine(
  catalog: Catalog,
  window: MonthWindow,
  seg: SegmentConsumption,
  pricing: UsagePricing,
  locale: Locale,
): BillLine {
  const days = segmentDays(seg);
  const fee = incrementalFee({
    consumptionMinor: seg.consumptionMinor,
    pricing,
    segmentDays: days,
    monthDays: window.days,
  });
  const parts = incrementalDescriptionParts(catalog, window, seg, locale);
  return {
    kind: 'incremental',
    level: seg.level,
    days,
    description: `${parts.before}${formatMoney(seg.consumptionMinor, catalog.currency)}${parts.after}`,
    amountMinor: fee.amountMinor,
    consumptionMinor: seg.consumptionMinor,
    orderId: null,
    periodStart: window.dates[seg.firstDay]!,
    periodEnd: window.dates[seg.lastDay]!,
  };
}

export interface DraftBillInput {
  readonly catalog: Catalog;
  readonly window: MonthWindow;
  readonly locale: string;
  readonly orders: readonly SettledOrder[];
  /** The usage-billed segments of the month with their consumption (other segments carry no incremental fee). */
  readonly segments: readonly SegmentConsumption[];
}

/** The bill of one account and month, or null when there is nothing to bill. */
export function draftBill(input: DraftBillInput): BillDraft | null {
  const { catalog, window } = input;
  const locale = billLocale(input.locale);
  const lines: BillLine[] = [...input.orders]
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .map((o) => orderLine(catalog, o, locale));
  let consumptionMinor = 0n;
  for (const seg of [...input.segments].sort((a, b) => a.firstDay - b.firstDay)) {
    const pricing = usageBilledPricing(catalog, seg.level);
    if (!pricing) continue;
    lines.push(incrementalLine(catalog, window, seg, pricing, locale));
    consumptionMinor += seg.consumptionMinor;
  }
  if (!lines.length) return null;
  return { lines, totalMinor: lines.reduce((s, l) => s + l.amountMinor, 0n), consumptionMinor };
}
