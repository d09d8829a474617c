/**
 * The SLA countdown: the API's due time against the server's clock (X-Tierdesk-Now), ticking every 30 s. Colours
 * follow what the API says: breached, or past the warning instant (80 % of the target) the API gave.
 */
import { Tag } from 'antd';
import { useEffect, useState } from 'react';
import { serverNow } from '../api/client';
import { useI18n } from '../i18n';
import { formatDateTime, spanParts } from '../i18n/format';

export interface Sla {
  responseDueAt: string;
  warningAt?: string;
  respondedAt: string | null;
  breached: boolean;
  /** Business-hours clocks: the target's minutes still to run when the API answered (0 once used up). */
  businessMinutesLeft?: number;
}

export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(serverNow);
  useEffect(() => {
    const timer = setInterval(() => setNow(serverNow()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function slaState(sla: Sla, now: number): 'responded' | 'breached' | 'warning' | 'ok' {
  if (sla.respondedAt) return sla.breached ? 'breached' : 'responded';
  // The server's convention: the deadline is the first instant the whole target has run and the clock runs (a
  // target used up at a close is due at the next opening), and a reply at that instant is in time — breached after.
  if (sla.breached || now > Date.parse(sla.responseDueAt)) return 'breached';
  if (sla.warningAt && now >= Date.parse(sla.warningAt)) return 'warning';
  return 'ok';
}

export function Countdown({ sla }: { sla: Sla }) {
  const { t, locale, timeZone } = useI18n();
  const now = useNow();
  const state = slaState(sla, now);
  if (sla.respondedAt)
    return (
      <Tag color={state === 'breached' ? 'red' : 'green'}>
        {t('tickets.responded', { time: formatDateTime(sla.respondedAt, locale, timeZone) })}
      </Tag>
    );
  const color = state === 'breached' ? 'red' : state === 'warning' ? 'orange' : 'blue';
  const words = (ms: number) => {
    const [d, h, m] = spanParts(ms);
    return [d ? t('time.days', { n: d }) : '', h ? t('time.hours', { n: h }) : '', t('time.minutes', { n: m })]
      .filter(Boolean)
      .join(' ');
  };
  // Business-hours clocks count business time, which stands still out of hours: the API's minutes left, not the
  // wall-clock span to the due instant (issue 13).
  const business = sla.businessMinutesLeft;
  const label =
    state === 'breached'
      ? t('tickets.overdue', { time: words(now - Date.parse(sla.responseDueAt)) })
      : business === undefined
        ? t('tickets.dueIn', { time: words(Date.parse(sla.responseDueAt) - now) })
        : business === 0
          ? t('tickets.dueAtOpening', { time: formatDateTime(sla.responseDueAt, locale, timeZone) })
          : t('tickets.businessLeft', { time: words(business * 60_000) });
  return (
    <Tag color={color} data-sla={state}>
      {label}
    </Tag>
  );
}
