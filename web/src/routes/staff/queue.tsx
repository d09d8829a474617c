/** The staff queue, by response deadline: live countdowns, warning and breached colours, filters, mine. */
import { Checkbox, Space, Typography } from 'antd';
import { Select } from '../../ui/Select';
import { useState } from 'react';
import { useCatalog } from '../../api/catalog';
import { useSession } from '../../api/session';
import { useQueue } from '../../api/tickets';
import { useI18n } from '../../i18n';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { TicketTable, STATUSES } from '../tickets/list';

export function Component() {
  const { t, named } = useI18n();
  const session = useSession();
  const catalog = useCatalog().data;
  const [page, setPage] = useState(1);
  const [level, setLevel] = useState<string | undefined>();
  const [severity, setSeverity] = useState<string | undefined>();
  const [status, setStatus] = useState<string | undefined>();
  const [mine, setMine] = useState(false);
  const queue = useQueue({
    page,
    pageSize: 10,
    ...(level ? { level } : {}),
    ...(severity ? { severity } : {}),
    ...(status ? { status } : {}),
    ...(mine && session.data ? { assigneeId: session.data.user.id } : {}),
  });
  const reset =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setPage(1);
    };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('queue.title')}
      </Typography.Title>
      <Space wrap>
        <Select
          aria-label={t('queue.level')}
          placeholder={t('common.allOf', { what: t('queue.level') })}
          style={{ width: 180 }}
          value={level}
          onChange={reset(setLevel)}
          onClear={() => reset(setLevel)(undefined)}
          options={(catalog?.levels ?? []).map((l) => ({ value: l.id, label: named(l.names, l.id) }))}
        />
        <Select
          aria-label={t('tickets.severity')}
          placeholder={t('common.allOf', { what: t('tickets.severity') })}
          style={{ width: 180 }}
          value={severity}
          onChange={reset(setSeverity)}
          onClear={() => reset(setSeverity)(undefined)}
          options={(catalog?.severities ?? []).map((s) => ({ value: s.id, label: named(s.names, s.id) }))}
        />
        <Select
          aria-label={t('common.status')}
          placeholder={t('common.allOf', { what: t('common.status') })}
          style={{ width: 180 }}
          value={status}
          onChange={reset(setStatus)}
          onClear={() => reset(setStatus)(undefined)}
          options={STATUSES.map((s) => ({ value: s, label: t(`tickets.status.${s}`) }))}
        />
        <Checkbox checked={mine} onChange={(e) => reset(setMine)(e.target.checked)}>
          {t('queue.mine')}
        </Checkbox>
      </Space>
      <ErrorAlert error={queue.error} />
      <TicketTable
        tickets={queue.data?.items ?? []}
        total={queue.data?.total ?? 0}
        page={page}
        onPage={setPage}
        link={(id) => `/staff/tickets/${id}`}
        loading={queue.isFetching}
        extra={[
          {
            title: t('queue.level'),
            render: (r) => named(catalog?.levels.find((l) => l.id === r.level)?.names, r.level),
          },
          {
            title: t('queue.assignee'),
            render: (r) =>
              !r.assigneeId
                ? t('queue.unassigned')
                : r.assigneeId === session.data?.user.id
                  ? t('tickets.you')
                  : r.assigneeId,
          },
        ]}
      />
    </Space>
  );
}
