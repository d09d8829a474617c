/**
 * Formats per locale and time zone. Money is shown from the API's decimal string (Intl formats the string itself,
 * no float in between): the console never computes an amount.
 */
export interface Money {
  amount: string;
  currency: string;
}

export function formatMoney(money: Money | null | undefined, locale: string): string {
  if (!money) return '';
  const digits = money.amount.split('.')[1]?.length ?? 0;
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: money.currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(money.amount as `${number}`);
}

/** An instant (ISO 8601 with offset) in the account's time zone. */
export function formatDateTime(iso: string | null | undefined, locale: string, timeZone: string): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    timeZoneName: 'short',
  }).format(new Date(iso));
}

/** A calendar date (YYYY-MM-DD, or the date part of an instant in the account's zone). */
export function formatDate(value: string | null | undefined, locale: string, timeZone: string): string {
  if (!value) return '';
  const isPlainDate = /^\d{4}-\d{2}-\d{2}$/.test(value);
  return new Intl.DateTimeFormat(locale, {
    timeZone: isPlainDate ? 'UTC' : timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(isPlainDate ? `${value}T00:00:00Z` : value));
}

/** A month YYYY-MM. */
export function formatMonth(month: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone: 'UTC', year: 'numeric', month: 'long' }).format(
    new Date(`${month}-01T00:00:00Z`),
  );
}

/** Whole days, hours and minutes of a span (for countdowns): [days, hours, minutes]. */
export function spanParts(ms: number): [number, number, number] {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  return [Math.floor(minutes / 1440), Math.floor((minutes % 1440) / 60), minutes % 60];
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

/** An ISO 8601 duration of the catalog (PT12H, P1D, PT30M, P2DT4H) as [days, hours, minutes]; null when not one. */
export function durationParts(iso: string): [number, number, number] | null {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(iso);
  if (!m || iso === 'P' || iso === 'PT') return null;
  return [Number(m[1] ?? 0), Number(m[2] ?? 0), Number(m[3] ?? 0)];
}
