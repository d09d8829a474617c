/** Incidents and platform changes (优护计划): the list, and publishing one (entitled affected accounts are notified). */
import { useQuery } from '@tanstack/react-query';
import { Space, Table, Typography } from 'antd';
import { api, call } from '../../api/client';
import type { Incident } from '../../api/types';
import { useI18n } from '../../i18n';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { DateTime } from '../../ui/format';

export function Component() {
  const { t, named } = useI18n();
  const list = useQuery({
    queryKey: ['incidents'],
    queryFn: () => call(api.GET('/api/v1/incidents', { params: { query: { page: 1, pageSize: 50 } } })),
  });
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('inc.title')}
      </Typography.Title>
      <ErrorAlert error={list.error} />
      <Table<Incident>
        rowKey="id"
        dataSource={list.data?.items ?? []}
        columns={[
          { title: t('inc.kind'), dataIndex: 'kind' },
          { title: t('inc.level'), dataIndex: 'level' },
          { title: t('common.name'), render: (_v, r) => named(r.title as never) },
          { title: t('common.status'), dataIndex: 'status' },
          { title: t('common.createdAt'), dataIndex: 'publishedAt', render: (v: string) => <DateTime value={v} /> },
        ]}
      />
    </Space>
  );
}
