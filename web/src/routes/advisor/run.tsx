/** One check: its summary by dimension and what it found, with that check's evidence (the results mail links here). */
import { Space, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { useAdvisorRun } from '../../api/advisor';
import { useSession } from '../../api/session';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../i18n/format';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { AdvisorHeader, ExportLinks, FindingsTable, RiskTable } from './parts';

export function Component() {
  const { t, locale, timeZone } = useI18n();
  const { runId } = useParams();
  const accountId = useSession().data?.account?.id;
  const run = useAdvisorRun(accountId, runId);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <AdvisorHeader />
      <Link to="/advisor/history">{t('common.back')}</Link>
      <ErrorAlert error={run.error} />
      {run.data ? (
        <>
          <Typography.Title level={2} style={{ fontSize: 20 }}>
            {t('oa.run.title', { at: formatDateTime(run.data.at, locale, timeZone) })}
          </Typography.Title>
          <RiskTable summary={run.data.summary} unavailable={run.data.unavailableDimensions} />
          {accountId ? <ExportLinks accountId={accountId} runId={run.data.id} /> : null}
          <FindingsTable accountId={accountId} runId={run.data.id} />
        </>
      ) : null}
    </Space>
  );
}
