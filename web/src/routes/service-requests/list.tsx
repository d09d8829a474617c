/** Service requests (服务单), 10 a page: customers see theirs, staff everyone's (the same API decides). */
import { Button, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useCatalog } from '../../api/catalog';
import { isStaff, useSession } from '../../api/session';
import { useServiceRequests } from '../../api/service-requests';
import type { ServiceRequest } from '../../api/types';
import { useI18n } from '../../i18n';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { DateOnly, DateTime } from '../../ui/format';

export function Component() {
  const { t, named } = useI18n();
  const navigate = useNavigate();
  const staff = isStaff(useSession().data?.role);
  const catalog = useCatalog().data;
  const [page, setPage] = useState(1);
  const list = useServiceRequests({ page });
  const base = staff ? '/staff/service-requests' : '/service-requests';
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('sr.title')}
      </Typography.Title>
      {!staff ? (
        <Button type="primary" style={{ width: 'fit-content' }} onClick={() => void navigate('/service-requests/new')}>
          {t('sr.new')}
        </Button>
      ) : null}
      <ErrorAlert error={list.error} />
      <Table<ServiceRequest>
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        pagination={{
          current: page,
          pageSize: 10,
          total: list.data?.total ?? 0,
          onChange: setPage,
          showSizeChanger: false,
        }}
        columns={[
          {
            title: t('sr.number'),
            dataIndex: 'number',
            render: (n: string, r) => <Link to={`${base}/${r.id}`}>{n}</Link>,
          },
          {
            title: t('sr.type'),
            dataIndex: 'type',
            render: (v: string) => named(catalog?.services.find((s) => s.id === v)?.names, v),
          },
          {
            title: t('sr.window'),
            render: (_v, r) => (
              <>
                <DateOnly value={r.start} /> – <DateOnly value={r.end} />
              </>
            ),
          },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (s: ServiceRequest['status']) => <Tag>{t(`sr.status.${s}`)}</Tag>,
          },
          { title: t('common.createdAt'), dataIndex: 'submittedAt', render: (v: string) => <DateTime value={v} /> },
        ]}
      />
    </Space>
  );
}
