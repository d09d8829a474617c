/** Bills per consumption month with their lines (amounts as the API states them). */
import { Card, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useBills } from '../../api/billing';
import { useSession } from '../../api/session';
import type { Bill } from '../../api/types';
import { useI18n } from '../../i18n';
import { formatMonth } from '../../i18n/format';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Money } from '../../ui/format';

export function BillList({ accountId }: { accountId: string | undefined }) {
  const { t, locale } = useI18n();
  const [page, setPage] = useState(1);
  const bills = useBills(accountId, page);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <ErrorAlert error={bills.error} />
      {(bills.data?.items ?? []).map((b: Bill) => (
        <Card
          key={b.id}
          title={<h2 style={{ fontSize: 16, margin: 0 }}>{formatMonth(b.month, locale)}</h2>}
          extra={
            <Space>
              <Tag color={b.status === 'overdue' ? 'red' : b.status === 'paid' ? 'green' : undefined}>
                {t(`bills.status.${b.status}`)}
              </Tag>
              {b.shortfall ? (
                <span>
                  {t('bills.shortfall')}: <Money value={b.shortfall} />
                </span>
              ) : null}
              <strong>
                {t('bills.total')}: <Money value={b.total} />
              </strong>
            </Space>
          }
        >
          <Table
            size="small"
            pagination={false}
            dataSource={b.lines.map((line, i) => ({ ...line, key: i }))}
            columns={[
              {
                title: t('bills.kind'),
                dataIndex: 'kind',
                render: (k: Bill['lines'][number]['kind']) => t(`bills.kind.${k}`),
              },
              { title: t('bills.description'), dataIndex: 'description' },
              { title: t('bills.days'), dataIndex: 'days' },
              { title: t('order.amount'), dataIndex: 'amount', render: (m: Bill['total']) => <Money value={m} /> },
            ]}
          />
        </Card>
      ))}
      {bills.data && !bills.data.items.length ? <Typography.Text>{t('common.empty')}</Typography.Text> : null}
      {bills.data && bills.data.total > page * 12 ? <a onClick={() => setPage(page + 1)}>›</a> : null}
    </Space>
  );
}

export function Component() {
  const { t } = useI18n();
  const accountId = useSession().data?.account?.id;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('bills.title')}
      </Typography.Title>
      <BillList accountId={accountId} />
    </Space>
  );
}
