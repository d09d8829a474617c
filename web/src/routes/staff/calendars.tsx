/** Holiday calendars: a year's days (holidays and 调休 make-up working days) per country, editable by admins. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Input, InputNumber, Space, Table, Tag, Typography } from 'antd';
import { Select } from '../../ui/Select';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { useI18n } from '../../i18n';
import { ErrorAlert } from '../../ui/ErrorAlert';

export function Component() {
  const { t } = useI18n();
  const qc = useQueryClient();
  const calendars = useQuery({
    queryKey: ['calendars'],
    queryFn: () => call(api.GET('/api/v1/calendars', { params: { query: { page: 1, pageSize: 100 } } })),
  });
  const [country, setCountry] = useState('CN');
  const [year, setYear] = useState(2026);
  const days = useQuery({
    queryKey: ['calendar', country, year],
    queryFn: () => call(api.GET('/api/v1/calendars/{id}', { params: { path: { id: country }, query: { year } } })),
  });
  const [date, setDate] = useState('');
  const [kind, setKind] = useState<'holiday' | 'workday'>('holiday');
  const [name, setName] = useState('');
  const setDay = useMutation({
    mutationFn: () =>
      call(
        api.PUT('/api/v1/calendars/{id}/days/{date}', {
          params: { path: { id: country, date } },
          body: { kind, name },
        }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['calendar', country, year] }),
  });
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('cal.title')}
      </Typography.Title>
      <Space>
        <Select
          aria-label={t('cal.country')}
          value={country}
          onChange={setCountry}
          style={{ width: 120 }}
          options={(calendars.data?.items ?? [{ id: 'CN' }]).map((c) => ({ value: c.id, label: c.id }))}
        />
        <InputNumber aria-label={t('cal.year')} value={year} onChange={(v) => setYear(Number(v ?? 2026))} />
      </Space>
      <ErrorAlert error={days.error ?? setDay.error} />
      <Space wrap>
        <Input aria-label={t('cal.date')} type="date" value={date} onChange={(e) => setDate(e.target.value)} />
        <Select
          aria-label={t('cal.kind')}
          value={kind}
          onChange={setKind}
          style={{ width: 200 }}
          options={[
            { value: 'holiday', label: t('cal.holiday') },
            { value: 'workday', label: t('cal.workday') },
          ]}
        />
        <Input
          aria-label={t('cal.dayName')}
          placeholder={t('cal.dayName')}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <Button disabled={!date || !name} onClick={() => setDay.mutate()}>
          {t('cal.setDay')}
        </Button>
      </Space>
      <Table
        rowKey="date"
        size="small"
        dataSource={days.data?.days ?? []}
        pagination={{ pageSize: 31 }}
        columns={[
          { title: t('cal.date'), dataIndex: 'date' },
          {
            title: t('cal.kind'),
            dataIndex: 'kind',
            render: (k: string) => (
              <Tag color={k === 'holiday' ? 'red' : 'blue'}>
                {k === 'holiday' ? t('cal.holiday') : t('cal.workday')}
              </Tag>
            ),
          },
          { title: t('cal.dayName'), dataIndex: 'name' },
        ]}
      />
    </Space>
  );
}
