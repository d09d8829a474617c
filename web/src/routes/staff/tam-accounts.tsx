/** The TAM's own accounts (GET /tam/accounts): plan and renewal, open tickets in queue order, upcoming requests. */
import { Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useCatalog } from '../../api/catalog';
import { useTamAccounts } from '../../api/profile';
import { useI18n } from '../../i18n';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { DateOnly } from '../../ui/format';

export function Component() {
  const { t, named } = useI18n();
  const catalog = useCatalog().data;
  const [page, setPage] = useState(1);
  const list = useTamAccounts(page);
  type Row = NonNullable<typeof list.data>['items'][number];
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('tam.title')}
      </Typography.Title>
      <ErrorAlert error={list.error} />
      <Table<Row>
        rowKey={(r) => r.account.id}
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('common.empty') }}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage }}
        columns={[
          { title: t('tam.account'), render: (_v, r) => r.account.name },
          {
            title: t('tam.level'),
            render: (_v, r) =>
              r.plan.level ? named(catalog?.levels.find((l) => l.id === r.plan.level)?.names, r.plan.level) : '—',
          },
          {
            title: t('tam.validTo'),
            render: (_v, r) => (
              <>
                <DateOnly value={r.plan.validTo} />
                {r.plan.daysToRenewal !== null ? ` (${t('tam.renewalIn', { n: r.plan.daysToRenewal })})` : ''}
              </>
            ),
          },
          {
            title: t('tam.openTickets'),
            render: (_v, r) => (
              <Space orientation="vertical" size={0}>
                {r.openTickets.map((k) => (
                  <span key={k.id}>
                    <Link to={`/staff/tickets/${k.id}`}>{k.number}</Link> {k.subject}{' '}
                    {k.expedited ? <Tag color="red">{t('tickets.expedited')}</Tag> : null}
                  </span>
                ))}
              </Space>
            ),
          },
          {
            title: t('tam.upcoming'),
            render: (_v, r) => (
              <Space orientation="vertical" size={0}>
                {r.upcomingServiceRequests.map((s) => (
                  <span key={s.id}>
                    <Link to={`/staff/service-requests/${s.id}`}>{s.number}</Link> <DateOnly value={s.start} />
                  </span>
                ))}
              </Space>
            ),
          },
        ]}
      />
    </Space>
  );
}
