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
  if (sla.breached || now >= Date.parse(sla.responseDueAt)) return 'breached';
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
  const [d, h, m] = spanParts(Date.parse(sla.responseDueAt) - now);
  const time = [d ? t('time.days', { n: d }) : '', h ? t('time.hours', { n: h }) : '', t('time.minutes', { n: m })]
    .filter(Boolean)
    .join(' ');
  const color = state === 'breached' ? 'red' : state === 'warning' ? 'orange' : 'blue';
  return (
    <Tag color={color} data-sla={state}>
      {state === 'breached' ? t('tickets.overdue', { time }) : t('tickets.dueIn', { time })}
    </Tag>
  );
}
