/**
 * Billing staff (admin, billing operator), issue 11: an account's balance and its entries, a top-up of money
 * received, and the orders that wait for a payment — staff record one taken in the provider's own billing system
 * with its reference, and the plan changes at once.
 */
import { Alert, Button, Card, Descriptions, Input, Space, Table } from 'antd';
import { useState } from 'react';
import { useBalance, useOrders, useRecordPayment, useTopUp } from '../../api/plan';
import type { Order } from '../../api/types';
import { useI18n, type MessageKey } from '../../i18n';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { DateTime, Money } from '../../ui/format';

export function AccountPayments({ accountId }: { accountId: string }) {
  const { t } = useI18n();
  const balance = useBalance(accountId);
  const pending = useOrders(accountId, 'pending_payment');
  const record = useRecordPayment(accountId);
  const topUp = useTopUp(accountId);
  const [amount, setAmount] = useState('');
  const [topUpReference, setTopUpReference] = useState('');
  const [references, setReferences] = useState<Record<string, string>>({});
  const currency = balance.data?.balance.currency ?? '';
  const kindLabel = (kind: string) => {
    const key = `pay.kind.${kind}` as MessageKey;
    return t(key) === key ? kind : t(key);
  };
  return (
    <Card title={t('pay.title')}>
      <Space orientation="vertical" style={{ width: '100%' }} size="middle">
        <ErrorAlert error={balance.error ?? pending.error} />
        <Descriptions size="small" bordered column={1}>
          <Descriptions.Item label={t('pay.balance')}>
            <Money value={balance.data?.balance} />
          </Descriptions.Item>
        </Descriptions>
        <Space wrap>
          <Input
            aria-label={t('pay.topUpAmount')}
            placeholder={`${t('pay.topUpAmount')} (${currency})`}
            value={amount}
            onChange={(e) => setAmount(e.target.value.trim())}
            style={{ width: 200 }}
          />
          <Input
            aria-label={t('pay.reference')}
            placeholder={t('pay.reference')}
            value={topUpReference}
            onChange={(e) => setTopUpReference(e.target.value)}
            style={{ width: 240 }}
          />
          <Button
            disabled={!amount || !currency}
            loading={topUp.isPending}
            onClick={() =>
              topUp.mutate(
                { amount: { amount, currency }, ...(topUpReference.trim() ? { reason: topUpReference.trim() } : {}) },
                {
                  onSuccess: () => {
                    setAmount('');
                    setTopUpReference('');
                  },
                },
              )
            }
          >
            {t('pay.topUp')}
          </Button>
        </Space>
        <ErrorAlert error={topUp.error} />
        {topUp.isSuccess ? <Alert type="success" role="status" title={t('pay.toppedUp')} /> : null}
        <ErrorAlert error={record.error} />
        {record.data ? (
          <Alert type="success" role="status" title={t('pay.recorded', { number: record.data.number })} />
        ) : null}
        <Table<Order>
          rowKey="id"
          size="small"
          title={() => t('pay.pending')}
          locale={{ emptyText: t('pay.none') }}
          pagination={false}
          dataSource={pending.data?.items ?? []}
          columns={[
            { title: t('order.number'), dataIndex: 'number' },
            { title: t('order.level'), dataIndex: 'level' },
            { title: t('order.amount'), dataIndex: 'amount', render: (m: Order['amount']) => <Money value={m} /> },
            { title: t('common.createdAt'), dataIndex: 'createdAt', render: (v: string) => <DateTime value={v} /> },
            {
              title: t('common.actions'),
              render: (_v, o) => (
                <Space>
                  <Input
                    size="small"
                    aria-label={`${t('pay.reference')} ${o.number}`}
                    placeholder={t('pay.reference')}
                    value={references[o.id] ?? ''}
                    onChange={(e) => setReferences({ ...references, [o.id]: e.target.value })}
                    style={{ width: 200 }}
                  />
                  <Button
                    size="small"
                    type="primary"
                    aria-label={t('pay.recordOf', { number: o.number })}
                    loading={record.isPending && record.variables?.orderId === o.id}
                    onClick={() => record.mutate({ orderId: o.id, reference: (references[o.id] ?? '').trim() })}
                  >
                    {t('pay.record')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
        <Table
          rowKey="id"
          size="small"
          title={() => t('pay.entries')}
          pagination={false}
          dataSource={balance.data?.entries ?? []}
          columns={[
            { title: t('common.createdAt'), dataIndex: 'createdAt', render: (v: string) => <DateTime value={v} /> },
            { title: t('pay.kind'), dataIndex: 'kind', render: (k: string) => kindLabel(k) },
            { title: t('order.amount'), dataIndex: 'amount', render: (m: Order['amount']) => <Money value={m} /> },
            {
              title: t('pay.balanceAfter'),
              dataIndex: 'balanceAfter',
              render: (m: Order['amount'] | null) => <Money value={m} />,
            },
            { title: t('pay.reference'), dataIndex: 'reason' },
          ]}
        />
      </Space>
    </Card>
  );
}
