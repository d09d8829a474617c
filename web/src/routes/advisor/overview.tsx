/** 风险检查: the risk overview by dimension, the authorization, the last check and "Run checks now", exports. */
import { Alert, Button, Card, Space, Typography } from 'antd';
import { useAdvisorOverview, useAuthorizeAdvisor, useStartAdvisorRun } from '../../api/advisor';
import { useSession } from '../../api/session';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../i18n/format';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { AdvisorHeader, ExportLinks, RiskTable } from './parts';

export function Component() {
  const { t, locale, timeZone } = useI18n();
  const session = useSession().data;
  const accountId = session?.account?.id;
  const isOwner = session?.role === 'customer_owner';
  const overview = useAdvisorOverview(accountId);
  const authorize = useAuthorizeAdvisor(accountId);
  const run = useStartAdvisorRun(accountId);
  const o = overview.data;
  const at = (iso: string) => formatDateTime(iso, locale, timeZone);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <AdvisorHeader />
      <ErrorAlert error={overview.error ?? authorize.error ?? run.error} />
      {o && !o.included ? <Alert type="info" showIcon title={t('oa.notIncluded')} /> : null}
      {o ? (
        <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('oa.auth.title')}</h2>}>
          {o.authorization.authorized ? (
            <Space wrap>
              <span>{t('oa.auth.given', { at: at(o.authorization.authorizedAt!) })}</span>
              {isOwner ? (
                <Button onClick={() => authorize.mutate(false)} loading={authorize.isPending}>
                  {t('oa.auth.withdraw')}
                </Button>
              ) : null}
            </Space>
          ) : (
            <Space orientation="vertical">
              <Typography.Paragraph style={{ margin: 0 }}>{t('oa.auth.text')}</Typography.Paragraph>
              {isOwner ? (
                <Button type="primary" onClick={() => authorize.mutate(true)} loading={authorize.isPending}>
                  {t('oa.auth.authorize')}
                </Button>
              ) : (
                <Typography.Text type="secondary">{t('oa.auth.ownerOnly')}</Typography.Text>
              )}
            </Space>
          )}
        </Card>
      ) : null}
      {o ? (
        <Card>
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Space wrap>
              <strong>{t('oa.lastRun')}:</strong>
              <span>
                {o.lastRun
                  ? t('oa.lastRunText', {
                      at: at(o.lastRun.at),
                      trigger: t(`oa.trigger.${o.lastRun.trigger}`),
                      n: o.lastRun.findings,
                    })
                  : t('oa.never')}
              </span>
              <span>{t('oa.resourceCount', { n: o.resources })}</span>
              <Button
                type="primary"
                disabled={!o.included || !o.authorization.authorized}
                loading={run.isPending}
                onClick={() => run.mutate()}
              >
                {t('oa.run')}
              </Button>
            </Space>
            {run.data ? (
              <Alert type="success" showIcon role="status" title={t('oa.runDone', { n: run.data.findings })} />
            ) : null}
            <RiskTable summary={o.risks} unavailable={o.unavailableDimensions} />
            {accountId ? <ExportLinks accountId={accountId} /> : null}
          </Space>
        </Card>
      ) : null}
    </Space>
  );
}
