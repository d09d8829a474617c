/** 历史记录: the month of checks, newest first; each opens its own findings. */
import { Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useAdvisorRuns } from '../../api/advisor';
import { useSession } from '../../api/session';
import type { AdvisorRun } from '../../api/types';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../i18n/format';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { DateTime } from '../../ui/format';
import { AdvisorHeader } from './parts';

export function Component() {
  const { t, locale, timeZone } = useI18n();
  const accountId = useSession().data?.account?.id;
  const [page, setPage] = useState(1);
  const runs = useAdvisorRuns(accountId, page);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <AdvisorHeader />
      <Typography.Text type="secondary">{t('oa.h.retention')}</Typography.Text>
      <ErrorAlert error={runs.error} />
      <Table<AdvisorRun>
        rowKey="id"
        loading={runs.isFetching}
        dataSource={runs.data?.items ?? []}
        pagination={{ current: page, pageSize: 10, total: runs.data?.total ?? 0, onChange: setPage }}
        columns={[
          { title: t('oa.h.at'), dataIndex: 'at', render: (v: string) => <DateTime value={v} /> },
          {
            title: t('oa.h.trigger'),
            dataIndex: 'trigger',
            render: (v: 'manual' | 'schedule') => t(`oa.trigger.${v}`),
          },
          { title: t('oa.h.findings'), dataIndex: 'findings' },
          { title: t('oa.h.opened'), dataIndex: 'opened' },
          { title: t('oa.h.resolved'), dataIndex: 'resolved' },
          {
            title: t('common.actions'),
            render: (_v, r) => (
              <Link
                to={`/advisor/history/${r.id}`}
                aria-label={t('oa.h.viewOf', { at: formatDateTime(r.at, locale, timeZone) })}
              >
                {t('oa.h.view')}
              </Link>
            ),
          },
        ]}
      />
    </Space>
  );
}
