/** Customer accounts: the list, approval with a TAM (R-SUB-5a). */
import { Button, Input, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useAccounts, useApproveAccount } from '../../api/accounts';
import type { Account } from '../../api/types';
import { useI18n } from '../../i18n';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { DateTime } from '../../ui/format';

export function Component() {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const accounts = useAccounts(page);
  const approve = useApproveAccount();
  const [tam, setTam] = useState('');
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('acc.title')}
      </Typography.Title>
      <ErrorAlert error={accounts.error ?? approve.error} />
      <Input
        aria-label={t('acc.tamUserId')}
        placeholder={t('acc.tamUserId')}
        value={tam}
        onChange={(e) => setTam(e.target.value)}
        style={{ width: 280 }}
      />
      <Table<Account>
        rowKey="id"
        dataSource={accounts.data?.items ?? []}
        pagination={{ current: page, pageSize: 20, total: accounts.data?.total ?? 0, onChange: setPage }}
        columns={[
          { title: t('acc.name'), dataIndex: 'name' },
          { title: t('acc.email'), dataIndex: 'email' },
          { title: t('acc.region'), dataIndex: 'region' },
          { title: t('acc.parent'), dataIndex: 'parentId' },
          {
            title: t('common.status'),
            render: (_v, a) => <Tag>{a.approved ? t('acc.approved') : t('acc.notApproved')}</Tag>,
          },
          { title: t('common.createdAt'), dataIndex: 'createdAt', render: (v: string) => <DateTime value={v} /> },
          {
            title: t('common.actions'),
            render: (_v, a) => (
              <Space>
                {a.approved ? null : (
                  <Button size="small" disabled={!tam} onClick={() => approve.mutate({ id: a.id, tamUserId: tam })}>
                    {t('acc.approve')}
                  </Button>
                )}
                <Link to={`/staff/accounts/${a.id}/advisor`} aria-label={t('oa.staff.linkOf', { name: a.name })}>
                  {t('oa.staff.link')}
                </Link>
              </Space>
            ),
          },
        ]}
      />
    </Space>
  );
}
