/** The one mapping of API error codes to messages with what to do (texts in i18n: error.<CODE>, error.<CODE>.fix). */
import { Alert } from 'antd';
import { ApiError } from '../api/client';
import { useI18n, type MessageKey } from '../i18n';
import { formatDateTime, formatMoney } from '../i18n/format';

function isMoney(v: unknown): v is { amount: string; currency: string } {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as { amount?: unknown }).amount === 'string' &&
    typeof (v as { currency?: unknown }).currency === 'string'
  );
}

export function errorText(
  error: unknown,
  t: (k: MessageKey, v?: Record<string, string | number | null | undefined>) => string,
  fmt: (iso: string) => string,
  money: (m: { amount: string; currency: string }) => string = (m) => `${m.amount} ${m.currency}`,
): { message: string; fix: string } {
  const code = error instanceof ApiError ? error.code : 'INTERNAL_ERROR';
  const details = error instanceof ApiError ? error.details : {};
  const key = `error.${code}` as MessageKey;
  const known = t(key) !== key;
  const vars: Record<string, string> = {};
  for (const [k, v] of Object.entries(details)) {
    if (typeof v === 'string' || typeof v === 'number') vars[k] = String(v);
    // Money in details (INSUFFICIENT_BALANCE's shortfall): "12000.00 CNY".
    else if (isMoney(v)) vars[k] = money(v);
  }
  if (vars.nextAllowedAt) vars.nextAllowedAt = fmt(vars.nextAllowedAt);
  // A detail that is an id of the catalog of reasons (VOUCHER_NOT_APPLICABLE's reason: used, expired, level) is
  // named in the user's language when the dictionary has error.<CODE>.<detail>.<value>.
  for (const [k, v] of Object.entries(vars)) {
    const named = `${key}.${k}.${v}` as MessageKey;
    if (t(named) !== named) vars[k] = t(named);
  }
  const message = known ? t(key, vars) : error instanceof Error ? error.message : t('error.INTERNAL_ERROR');
  const fix = known ? t(`${key}.fix` as MessageKey, vars) : t('error.INTERNAL_ERROR.fix', vars);
  return { message, fix };
}

export function ErrorAlert({ error }: { error: unknown }) {
  const { t, locale, timeZone } = useI18n();
  if (!error) return null;
  const { message, fix } = errorText(
    error,
    t,
    (iso) => formatDateTime(iso, locale, timeZone),
    (m) => formatMoney(m, locale),
  );
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={message}
      description={t('error.whatToDo', { fix })}
      style={{ marginBottom: 16 }}
    />
  );
}
