/**
 * Billing staff: an account's balance and pending payments (issue 11) and its bills, by account id (the month-end
 * run is `tierdesk billing run` until the API has a route).
 */
import { Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n';
import { BillList } from '../billing/bills';
import { AccountPayments } from './payments-panel';

export function Component() {
  const { t } = useI18n();
  const [accountId, setAccountId] = useState('');
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('billing.title')}
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
