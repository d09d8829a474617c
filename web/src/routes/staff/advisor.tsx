/** Staff: one account's optimization advisor — its risks by dimension, last check and findings (read only). */
import { Space, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { useAccount } from '../../api/accounts';
import { useAdvisorOverview } from '../../api/advisor';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../i18n/format';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { FindingsTable, RiskTable } from '../advisor/parts';

export function Component() {
  const { t, locale, timeZone } = useI18n();
  const { id } = useParams();
  const account = useAccount(id);
  const overview = useAdvisorOverview(id);
  const o = overview.data;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Link to="/staff/accounts">{t('common.back')}</Link>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('oa.staff.title', { name: account.data?.name ?? id ?? '' })}
      </Typography.Title>
      <ErrorAlert error={account.error ?? overview.error} />
      {o ? (
        <>
          {!o.included ? <Typography.Text>{t('oa.notIncluded')}</Typography.Text> : null}
          <Typography.Text>
            {o.lastRun
              ? `${t('oa.lastRun')}: ${t('oa.lastRunText', {
                  at: formatDateTime(o.lastRun.at, locale, timeZone),
                  trigger: t(`oa.trigger.${o.lastRun.trigger}`),
                  n: o.lastRun.findings,
                })}`
              : t('oa.never')}
          </Typography.Text>
          <RiskTable summary={o.risks} unavailable={o.unavailableDimensions} />
        </>
      ) : null}
      <FindingsTable accountId={id} />
    </Space>
  );
}
