/** The customer's tickets: filters, search, pages; "New ticket"/"新建工单". */
import { Button, Input, Space, Table, Tag, Typography } from 'antd';
import { Select } from '../../ui/Select';
import { useState, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { useCatalog } from '../../api/catalog';
import { useTickets } from '../../api/tickets';
import type { Ticket } from '../../api/types';
import { useI18n } from '../../i18n';
import { Countdown } from '../../ui/Countdown';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { DateTime } from '../../ui/format';

export const STATUSES = ['open', 'in_progress', 'waiting_for_customer', 'resolved', 'closed'] as const;

export function Component() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState<string | undefined>();
  const [q, setQ] = useState('');
  const tickets = useTickets({ page, pageSize: 10, ...(status ? { status } : {}), ...(q ? { q } : {}) });
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('tickets.title')}
      </Typography.Title>
      <Space wrap>
        <Button type="primary" onClick={() => void navigate('/tickets/new')}>
          {t('tickets.new')}
        </Button>
        <Select
          aria-label={t('common.status')}
          placeholder={t('common.allOf', { what: t('common.status') })}
          style={{ width: 180 }}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          onClear={() => {
            setStatus(undefined);
            setPage(1);
          }}
          options={STATUSES.map((s) => ({ value: s, label: t(`tickets.status.${s}`) }))}
        />
        <Input.Search
          aria-label={t('common.search')}
          placeholder={t('tickets.searchPlaceholder')}
          onSearch={(v) => {
            setQ(v);
            setPage(1);
          }}
          style={{ width: 280 }}
        />
      </Space>
      <ErrorAlert error={tickets.error} />
      <TicketTable
        tickets={tickets.data?.items ?? []}
        total={tickets.data?.total ?? 0}
        page={page}
        onPage={setPage}
        link={(id) => `/tickets/${id}`}
        loading={tickets.isFetching}
      />
    </Space>
  );
}

export function TicketTable({
  tickets,
  total,
  page,
  onPage,
  link,
  loading,
  extra = [],
}: {
  tickets: Ticket[];
  total: number;
  page: number;
  onPage: (p: number) => void;
  link: (id: string) => string;
  loading: boolean;
  extra?: { title: string; render(t: Ticket): ReactNode }[];
}) {
  const { t } = useI18n();
  return (
    <Table<Ticket>
      rowKey="id"
      size="middle"
      loading={loading}
      dataSource={tickets}
      rowClassName={(r) => (r.sla.breached ? 'sla-breached' : '')}
      pagination={{ current: page, total, pageSize: 10, onChange: onPage, showSizeChanger: false }}
      columns={[
        { title: t('tickets.number'), dataIndex: 'number', render: (n: string, r) => <Link to={link(r.id)}>{n}</Link> },
        { title: t('tickets.subject'), dataIndex: 'subject' },
        { title: t('tickets.severity'), dataIndex: 'severity', render: (s: string | null) => <Severity id={s} /> },
        {
          title: t('common.status'),
          dataIndex: 'status',
          render: (s: Ticket['status']) => <Tag>{t(`tickets.status.${s}`)}</Tag>,
        },
        { title: t('tickets.responseDue'), render: (_v, r) => <Countdown sla={r.sla} /> },
        { title: t('tickets.openedAt'), dataIndex: 'openedAt', render: (v: string) => <DateTime value={v} /> },
        ...extra.map((e) => ({ title: e.title, render: (_v: unknown, r: Ticket) => e.render(r) })),
      ]}
    />
  );
}

export function Severity({ id }: { id: string | null }) {
  const { named } = useI18n();
  const catalog = useCatalog().data;
  if (!id) return null;
  return <>{named(catalog?.severities.find((s) => s.id === id)?.names, id)}</>;
}
