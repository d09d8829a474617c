/** Small display pieces: money from decimal strings, instants in the account's zone, catalog names. */
import { useI18n, type Names } from '../i18n';
import { durationParts, formatDate, formatDateTime, formatMoney, type Money as TMoney } from '../i18n/format';

export function Money({ value }: { value: TMoney | null | undefined }) {
  const { locale } = useI18n();
  return <span className="money">{formatMoney(value, locale)}</span>;
}

export function DateTime({ value }: { value: string | null | undefined }) {
  const { locale, timeZone } = useI18n();
  if (!value) return null;
  return <time dateTime={value}>{formatDateTime(value, locale, timeZone)}</time>;
}

export function DateOnly({ value }: { value: string | null | undefined }) {
  const { locale, timeZone } = useI18n();
  if (!value) return null;
  return <time dateTime={value}>{formatDate(value, locale, timeZone)}</time>;
}

export function CatalogName({ names, fallback }: { names: Names | null | undefined; fallback?: string }) {
  const { named } = useI18n();
  return <>{named(names, fallback)}</>;
}

/** A catalog duration (PT12H) in words of the language ("12 h", "12 小时"). */
export function Duration({ value }: { value: string }) {
  const { t } = useI18n();
  const parts = durationParts(value);
  if (!parts) return <>{value}</>;
  const [d, h, m] = parts;
  const text = [
    d ? t('time.days', { n: d }) : '',
    h ? t('time.hours', { n: h }) : '',
    m ? t('time.minutes', { n: m }) : '',
  ]
    .filter(Boolean)
    .join(' ');
  return <time dateTime={value}>{text || t('time.minutes', { n: 0 })}</time>;
}
