/** R-RPT staff: the report schedule — which reports are scheduled, made, sent or failed — and regenerate. */
import { Button, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { reportHtmlUrl, useRegenerateReport, useReportSchedule, type ScheduleStatus } from '../../api/reports';
import { useI18n } from '../../i18n';
import { ErrorAlert } from '../../ui/ErrorAlert';

const STATUSES: ScheduleStatus[] = ['scheduled', 'generated', 'sent', 'failed'];

export function Component() {
  const { t, locale } = useI18n();
  const [month, setMonth] = useState('');
  const [status, setStatus] = useState<ScheduleStatus | undefined>(undefined);
  const [page, setPage] = useState(1);
  const schedule = useReportSchedule({
    ...(/^\d{4}-\d{2}$/.test(month) ? { month } : {}),
    ...(status ? { status } : {}),
    page,
  });
  const regenerate = useRegenerateReport();
  const counts = schedule.data?.counts ?? {};
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('reports.staffTitle')}
      </Typography.Title>
      <Space wrap>
        <Input
          aria-label={t('reports.month')}
          placeholder="YYYY-MM"
          value={month}
          onChange={(e) => setMonth(e.target.value)}
          style={{ width: 120 }}
        />
        <Select
          aria-label={t('reports.status')}
          allowClear
          placeholder={t('reports.status')}
          value={status}
          onChange={(v?: ScheduleStatus) => setStatus(v)}
          style={{ width: 160 }}
          options={STATUSES.map((s) => ({ value: s, label: t(`reports.status.${s}`) }))}
        />
        {STATUSES.map((s) => (
          <Tag key={s}>
            {t(`reports.status.${s}`)}: {counts[s] ?? 0}
          </Tag>
        ))}
      </Space>
      <ErrorAlert error={schedule.error ?? regenerate.error} />
      <Table
        rowKey={(r) => `${r.accountId}:${r.month}`}
        loading={schedule.isLoading}
        dataSource={schedule.data?.items ?? []}
        locale={{ emptyText: t('reports.empty') }}
        pagination={{ current: page, pageSize: 20, total: schedule.data?.total ?? 0, onChange: setPage }}
        columns={[
          { title: t('reports.account'), dataIndex: 'accountId' },
          { title: t('reports.month'), dataIndex: 'month' },
          { title: t('reports.dueDate'), dataIndex: 'dueDate' },
          {
            title: t('reports.sendAt'),
            dataIndex: 'sendAt',
            render: (s: string) => new Date(s).toLocaleString(locale),
          },
          {
            title: t('reports.status'),
            dataIndex: 'status',
            render: (s: ScheduleStatus, r) => (
              <Space orientation="vertical" size={0}>
                <Tag color={s === 'failed' ? 'red' : s === 'sent' ? 'green' : undefined}>
                  {t(`reports.status.${s}`)}
                </Tag>
                {r.error ? <Typography.Text type="danger">{r.error}</Typography.Text> : null}
              </Space>
            ),
          },
          { title: t('reports.recipients'), dataIndex: 'recipients', render: (x: string[]) => x.join(', ') },
          {
            title: t('reports.actions'),
            key: 'actions',
            render: (_: unknown, r) => (
              <Space>
                {r.reportId ? (
                  <a href={reportHtmlUrl(r.reportId)} target="_blank" rel="noreferrer">
                    {t('reports.preview')}
                  </a>
                ) : null}
                <Button
                  size="small"
                  loading={regenerate.isPending}
                  disabled={r.status === 'scheduled'}
                  onClick={() => regenerate.mutate({ accountId: r.accountId, month: r.month, mail: true })}
                >
                  {t('reports.regenerate')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
    </Space>
  );
}
