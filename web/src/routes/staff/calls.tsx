/**
 * The staff call inbox (Tianyi 专席人工 / 专属经理人工 notices, seed 004 §1.4): calls to make, oldest first, with the
 * account's numbers; record each try as done or not reached, with a note.
 */
import { Button, Checkbox, Input, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useCallTasks, useRecordOutcome, type CallStatusFilter } from '../../api/notifications';
import type { CallTask } from '../../api/types';
import { useI18n } from '../../i18n';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { DateTime } from '../../ui/format';
import { Select } from '../../ui/Select';

const STATUS_COLOR: Record<CallTask['status'], string> = { open: 'blue', not_reached: 'orange', done: 'green' };

function Outcome({ task }: { task: CallTask }) {
  const { t } = useI18n();
  const [note, setNote] = useState('');
  const record = useRecordOutcome();
  if (task.status === 'done') return null;
  return (
    <Space orientation="vertical" size="small">
      <Input.TextArea
        rows={2}
        maxLength={2000}
        value={note}
        aria-label={t('calls.note')}
        placeholder={t('calls.note')}
        onChange={(e) => setNote(e.target.value)}
      />
      <Space>
        <Button
          type="primary"
          size="small"
          loading={record.isPending && record.variables?.outcome === 'done'}
          onClick={() => record.mutate({ id: task.id, outcome: 'done', note }, { onSuccess: () => setNote('') })}
        >
          {t('calls.done')}
        </Button>
        <Button
          size="small"
          loading={record.isPending && record.variables?.outcome === 'not_reached'}
          onClick={() => record.mutate({ id: task.id, outcome: 'not_reached', note }, { onSuccess: () => setNote('') })}
        >
          {t('calls.notReached')}
        </Button>
      </Space>
      <ErrorAlert error={record.error} />
    </Space>
  );
}

export function Component() {
  const { t, named } = useI18n();
  const [status, setStatus] = useState<CallStatusFilter>('open');
  const [mine, setMine] = useState(true);
  const [page, setPage] = useState(1);
  const tasks = useCallTasks(status, mine, page);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('calls.title')}
      </Typography.Title>
      <Typography.Paragraph>{t('calls.intro')}</Typography.Paragraph>
      <Space>
        <label htmlFor="call-status">{t('common.status')}</label>
        <Select<CallStatusFilter>
          id="call-status"
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={[
            { value: 'open', label: t('calls.filterOpen') },
            { value: 'done', label: t('calls.filterDone') },
            { value: 'all', label: t('common.all') },
          ]}
        />
        <Checkbox
          checked={mine}
          onChange={(e) => {
            setMine(e.target.checked);
            setPage(1);
          }}
        >
          {t('calls.mine')}
        </Checkbox>
      </Space>
      <ErrorAlert error={tasks.error} />
      <Table<CallTask>
        rowKey="id"
        loading={tasks.isLoading}
        dataSource={tasks.data?.items ?? []}
        locale={{ emptyText: t('calls.empty') }}
        pagination={{ current: page, pageSize: 20, total: tasks.data?.total ?? 0, onChange: setPage }}
        columns={[
          { title: t('common.createdAt'), dataIndex: 'createdAt', render: (v: string) => <DateTime value={v} /> },
          {
            title: t('calls.account'),
            render: (_v, c) => (
              <Space orientation="vertical" size={0}>
                <strong>{c.accountName ?? c.accountId}</strong>
                {c.phones.length ? (
                  c.phones.map((p) => (
                    <a key={p} href={`tel:${p}`}>
                      {p}
                    </a>
                  ))
                ) : (
                  <Typography.Text type="secondary">{t('calls.noPhone')}</Typography.Text>
                )}
              </Space>
            ),
          },
          {
            title: t('calls.notice'),
            render: (_v, c) => (
              <Space orientation="vertical" size={0}>
                <span>{named(c.title as never)}</span>
                <Typography.Text type="secondary" style={{ whiteSpace: 'pre-wrap' }}>
                  {named(c.body as never)}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t('calls.by'),
            render: (_v, c) => (c.assigneeId ? t('calls.byManager') : t('calls.byDesk')),
          },
          {
            title: t('common.status'),
            render: (_v, c) => (
              <Space orientation="vertical" size={0}>
                <Tag color={STATUS_COLOR[c.status]}>{t(`calls.status.${c.status}`)}</Tag>
                {c.attempts.map((a) => (
                  <Typography.Text key={a.at} type="secondary">
                    <DateTime value={a.at} /> {t(`calls.status.${a.outcome}`)}
                    {a.note ? `: ${a.note}` : ''}
                  </Typography.Text>
                ))}
              </Space>
            ),
          },
          { title: t('common.actions'), render: (_v, c) => <Outcome task={c} /> },
        ]}
      />
    </Space>
  );
}
