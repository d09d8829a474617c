/** The customer's support plan: level, status, validity, entitlements with used / left, TAM, auto-renew, actions. */
import { Button, Card, Descriptions, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { catalogQuery, useCatalog } from '../../api/catalog';
import { balanceQuery, planQuery, useBalance, usePlan, useSetAutoRenew } from '../../api/plan';
import { queryClient } from '../../api/query-client';
import { sessionQuery, useSession } from '../../api/session';
import type { Catalog, Plan } from '../../api/types';
import { useI18n, type MessageKey } from '../../i18n';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { DateTime, Duration, Money } from '../../ui/format';
import { formatDate, formatMonth } from '../../i18n/format';
import { ChangePlan, levelsFor, type PlanAction } from './change-plan';

/**
 * Runs when this page's chunk is in, before the frame renders it: the plan, the catalog and the balance are asked
 * for as soon as the session (prefetched at start) names the account — not after the frame's first render
 * (`npm run bench -- console`: navigation to the plan page interactive). Returns at once; the page reads the cache.
 */
export function loader() {
  void queryClient.ensureQueryData(sessionQuery).then((session) => {
    const accountId = session?.account?.id;
    if (!accountId) return;
    void queryClient.prefetchQuery(planQuery(accountId));
    void queryClient.prefetchQuery(balanceQuery(accountId));
    void queryClient.prefetchQuery(catalogQuery);
  });
  return null;
}

export function Component() {
  const { t, named } = useI18n();
  const session = useSession();
  const accountId = session.data?.account?.id;
  const plan = usePlan(accountId);
  const catalog = useCatalog();
  const balance = useBalance(accountId);
  const autoRenew = useSetAutoRenew(accountId ?? '');
  const [action, setAction] = useState<PlanAction | null>(null);
  if (!accountId) return null;
  if (plan.error || catalog.error) return <ErrorAlert error={plan.error ?? catalog.error} />;
  if (!plan.data || !catalog.data) return <div role="status">{t('common.loading')}</div>;
  const p = plan.data;
  const c = catalog.data;
  const level = c.levels.find((l) => l.id === p.level);
  const onDefault = !level || level.isDefault || p.status !== 'active';
  const actions: PlanAction[] = onDefault
    ? ['purchase']
    : [
        ...(levelsFor('upgrade', c, p).length ? (['upgrade'] as const) : []),
        ...(levelsFor('downgrade', c, p).length ? (['downgrade'] as const) : []),
        'renew',
        ...(level?.unsubscribable ? (['unsubscribe'] as const) : []),
      ];
  const label: Record<PlanAction, MessageKey> = {
    purchase: 'plan.buy',
    upgrade: 'plan.upgrade',
    downgrade: 'plan.downgrade',
    renew: 'plan.renew',
    unsubscribe: 'plan.unsubscribe',
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('plan.title')}
      </Typography.Title>
      <Card>
        <Descriptions column={2} bordered size="middle">
          <Descriptions.Item label={t('plan.level')}>
            <strong>{named(p.levelNames, p.level ?? '')}</strong>
          </Descriptions.Item>
          <Descriptions.Item label={t('plan.status')}>
            <Tag color={p.status === 'active' ? 'green' : 'default'}>{t(`plan.status.${p.status}`)}</Tag>
            {p.locked ? <Tag color="orange">{t('plan.locked')}</Tag> : null}
          </Descriptions.Item>
          <Descriptions.Item label={t('plan.validity')}>
            {p.validFrom ? (
              <>
                <DateTime value={p.validFrom} /> – <DateTime value={p.validTo} />
              </>
            ) : (
              t('common.none')
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('plan.source')}>{t(`plan.source.${p.source}`)}</Descriptions.Item>
          <Descriptions.Item label={t('plan.tam')}>
            {p.tam ? (
              <>
                {p.tam.name} · <a href={`mailto:${p.tam.email}`}>{p.tam.email}</a>
              </>
            ) : (
              t('plan.noTam')
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('plan.balance')}>
            <Money value={balance.data?.balance} />
          </Descriptions.Item>
          <Descriptions.Item label={t('plan.autoRenew')}>
            <Switch
              aria-label={t('plan.autoRenew')}
              checked={p.autoRenew}
              disabled={onDefault || p.source !== 'own'}
              loading={autoRenew.isPending}
              onChange={(v) => autoRenew.mutate(v)}
            />
          </Descriptions.Item>
        </Descriptions>
        <ErrorAlert error={autoRenew.error} />
        <Space style={{ marginTop: 16 }}>
          {p.source === 'own'
            ? actions.map((a) => (
                <Button
                  key={a}
                  type={a === 'purchase' || a === 'upgrade' ? 'primary' : 'default'}
                  onClick={() => setAction(a)}
                >
                  {t(label[a])}
                </Button>
              ))
            : null}
        </Space>
      </Card>
      <Quotas plan={p} />
      <Entitlements plan={p} catalog={c} />
      {action ? (
        <ChangePlan action={action} accountId={accountId} catalog={c} plan={p} onClose={() => setAction(null)} />
      ) : null}
    </Space>
  );
}

/** A quota's period key: `lifetime`, a month `YYYY-MM`, or a subscription year `Y<n>@<first day>`. */
function QuotaPeriod({ period }: { period: string }) {
  const { t, locale, timeZone } = useI18n();
  if (period === 'lifetime') return <>{t('plan.period.lifetime')}</>;
  if (/^\d{4}-\d{2}$/.test(period)) return <>{formatMonth(period, locale)}</>;
  const year = /^Y(\d+)@(\d{4}-\d{2}-\d{2})$/.exec(period);
  if (year) return <>{t('plan.period.year', { n: year[1], from: formatDate(year[2], locale, timeZone) })}</>;
  return <>{period}</>;
}

function quotaLabel(
  quota: string,
  catalog: Catalog,
  named: (n: { 'zh-CN': string; 'en-US': string } | undefined, f?: string) => string,
  t: (k: MessageKey) => string,
) {
  if (quota === 'technical_tickets') return t('tickets.category.technical') + ' · ' + t('nav.tickets');
  const [, service, ...rest] = quota.split(':');
  const def = catalog.services.find((s) => s.id === service);
  return [named(def?.names, service), ...rest].join(' · ');
}

/** The plan's quotas with used / left (also the staff account view's). */
export function Quotas({ plan }: { plan: Plan }) {
  const { t, named } = useI18n();
  const catalog = useCatalog().data!;
  return (
    <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>{t('plan.quotas')}</h2>}>
      {plan.quotas.length ? (
        <Table
          size="small"
          pagination={false}
          rowKey="quota"
          dataSource={plan.quotas}
          columns={[
            { title: t('plan.quota'), dataIndex: 'quota', render: (q: string) => quotaLabel(q, catalog, named, t) },
            { title: t('plan.limit'), dataIndex: 'limit', render: (v: number | null) => v ?? t('common.unlimited') },
            { title: t('plan.used'), dataIndex: 'used' },
            {
              title: t('plan.left'),
              render: (_v, q) =>
                q.unavailable
                  ? t('plan.unavailable').replace('{reason}', q.unavailable.reason)
                  : (q.remaining ?? t('common.unlimited')),
            },
            {
              title: t('plan.period'),
              dataIndex: 'period',
              render: (v: string) => <QuotaPeriod period={v} />,
            },
          ]}
        />
      ) : (
        <p className="item-list-empty">{t('plan.noQuotas')}</p>
      )}
    </Card>
  );
}

function Entitlements({ plan, catalog }: { plan: Plan; catalog: Catalog }) {
  const { t, named } = useI18n();
  const e = plan.entitlements;
  if (!e) return null;
  const sev = (id: string) => named(catalog.severities.find((s) => s.id === id)?.names, id);
  const channel = (id: string) => named(catalog.channels.find((c) => c.id === id)?.names, id);
  const hours = (id: string) => named(catalog.serviceHours[id]?.names, id);
  const feature = (id: string) => named(catalog.features.find((f) => f.id === id)?.names, id);
  const service = (id: string) => named(catalog.services.find((s) => s.id === id)?.names, id);
  return (
    <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>{t('plan.entitlements')}</h2>}>
      <Descriptions column={1} bordered size="small">
        {e.technicalSupport ? (
          <Descriptions.Item label={t('plan.responseTargets')}>
            {Object.entries(e.technicalSupport.targets).map(([s, target]) => (
              <div key={s}>
                {sev(s)}: <Duration value={target} /> ({hours(e.technicalSupport!.clock)})
              </div>
            ))}
          </Descriptions.Item>
        ) : null}
        <Descriptions.Item label={t('plan.nonTechnical')}>
          <Duration value={e.nonTechnicalSupport.target} /> ({hours(e.nonTechnicalSupport.clock)})
        </Descriptions.Item>
        <Descriptions.Item label={t('plan.channels')}>
          {(e.technicalSupport?.channels ?? e.nonTechnicalSupport.channels).map((c) => (
            <Tag key={c.channel}>
              {channel(c.channel)} · {hours(c.hours)}
            </Tag>
          ))}
        </Descriptions.Item>
        <Descriptions.Item label={t('plan.handler')}>
          {named(catalog.handlers.find((h) => h.id === e.handler)?.names, e.handler)}
        </Descriptions.Item>
        <Descriptions.Item label={t('plan.features')}>
          {e.features.map((f) => (
            <Tag key={f}>{feature(f)}</Tag>
          ))}
        </Descriptions.Item>
        <Descriptions.Item label={t('plan.services')}>
          {e.services.length ? null : t('common.none')}
          {e.services.map((s) => (
            <div key={s.service}>
              {service(s.service)}:{' '}
              {s.amount === null
                ? t('common.unlimited')
                : t('plan.serviceAmount')
                    .replace('{amount}', String(s.amount))
                    .replace('{unit}', t(`plan.unit.${s.unit}`))
                    .replace('{period}', t(`plan.period.${s.period}`))}
            </div>
          ))}
        </Descriptions.Item>
        <Descriptions.Item label={t('plan.ticketApi')}>
          {e.ticketApi ? t('common.yes') : t('common.no')}
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
