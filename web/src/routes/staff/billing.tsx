/**
 * Billing staff: the month-end run of an ended month with its progress (issue 13: POST /api/v1/billing/runs, then
 * GET /api/v1/billing/runs/{month} every 2 s until completed), an account's balance and pending payments (issue 11)
 * and its bills, by account id.
 */
import { Alert, Button, Card, Descriptions, Form, Input, Progress, Space, Typography } from 'antd';
import { useState } from 'react';
import { useBillingRun, useStartBillingRun } from '../../api/billing';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../i18n/format';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { BillList } from '../billing/bills';
import { AccountPayments } from './payments-panel';

/** The previous month (the latest that may have ended), YYYY-MM. */
function lastMonth(): string {
  const d = new Date();
  d.setDate(1);
  d.setMonth(d.getMonth() - 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

function MonthEndRun() {
  const { t, locale, timeZone } = useI18n();
  const [month, setMonth] = useState(lastMonth());
  const [shown, setShown] = useState<string | undefined>();
  const start = useStartBillingRun();
  const run = useBillingRun(shown);
  const data = run.data;
  const percent = data
    ? data.accountsTotal > 0
      ? Math.floor((data.accountsDone / data.accountsTotal) * 100)
      : data.status === 'completed'
        ? 100
        : 0
    : 0;
  return (
    <Card title={t('billing.run')}>
      <Form
        layout="inline"
        onFinish={() =>
          start.mutate(month, {
            onSuccess: (r) => setShown(r.month),
          })
        }
      >
        <Form.Item label={t('billing.month')} htmlFor="billing-run-month">
          <Input
            id="billing-run-month"
            type="month"
            value={month}
            onChange={(e) => setMonth(e.target.value)}
            style={{ width: 180 }}
          />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={start.isPending} disabled={!month}>
            {t('billing.runSubmit')}
          </Button>
        </Form.Item>
      </Form>
      <ErrorAlert error={start.error ?? run.error} />
      {data ? (
        <Space orientation="vertical" style={{ width: '100%', marginTop: 16 }} aria-live="polite">
          <Alert
            type={data.status === 'completed' ? 'success' : 'info'}
            title={t(data.status === 'completed' ? 'billing.runCompleted' : 'billing.started', { month: data.month })}
          />
          <Progress
            aria-label={t('billing.progress')}
            percent={percent}
            status={data.status === 'completed' ? 'success' : 'active'}
          />
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('billing.month')}>{data.month}</Descriptions.Item>
            <Descriptions.Item label={t('billing.progress')}>
              {t('billing.accountsProgress', { done: data.accountsDone, total: data.accountsTotal })}
            </Descriptions.Item>
            <Descriptions.Item label={t('billing.billsCreated')}>{data.billsCreated}</Descriptions.Item>
            <Descriptions.Item label={t('billing.startedAt')}>
              {formatDateTime(data.startedAt, locale, timeZone)}
            </Descriptions.Item>
            {data.completedAt ? (
              <Descriptions.Item label={t('billing.completedAt')}>
                {formatDateTime(data.completedAt, locale, timeZone)}
              </Descriptions.Item>
            ) : null}
          </Descriptions>
        </Space>
      ) : null}
    </Card>
  );
}

export function Component() {
  const { t } = useI18n();
  const [accountId, setAccountId] = useState('');
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('billing.title')}
      </Typography.Title>
      <MonthEndRun />
      <Typography.Title level={2} style={{ fontSize: 20 }}>
        {t('billing.accountBills')}
      </Typography.Title>
      <Input.Search
        aria-label={t('billing.accountId')}
        placeholder={t('billing.accountId')}
        onSearch={setAccountId}
        style={{ width: 320 }}
      />
      {accountId ? <AccountPayments key={accountId} accountId={accountId} /> : null}
      {accountId ? <BillList accountId={accountId} /> : null}
    </Space>
  );
}
