/** 自动巡检: checks every day or week at a time in the account's zone, the results mailed (the owner sets it). */
import { Alert, Button, Form, Input, Space, Switch, Typography } from 'antd';
import { useState } from 'react';
import { useAdvisorOverview, useSetAdvisorSchedule } from '../../api/advisor';
import { useSession } from '../../api/session';
import type { AdvisorSchedule } from '../../api/types';
import { useI18n, type MessageKey } from '../../i18n';
import { formatDateTime } from '../../i18n/format';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Select } from '../../ui/Select';
import { AdvisorHeader } from './parts';

export function Component() {
  const { t } = useI18n();
  const session = useSession().data;
  const accountId = session?.account?.id;
  const isOwner = session?.role === 'customer_owner';
  const overview = useAdvisorOverview(accountId);
  const current = overview.data?.schedule;
  const disabled = !isOwner || !overview.data?.authorization.authorized || !overview.data?.included;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <AdvisorHeader />
      {isOwner ? null : <Alert type="info" showIcon title={t('oa.r.ownerOnly')} />}
      {overview.data && !overview.data.authorization.authorized ? (
        <Alert type="info" showIcon title={t('oa.auth.text')} />
      ) : null}
      <ErrorAlert error={overview.error} />
      {/* The form starts from the stored schedule; a saved one remounts it with the new values. */}
      {current ? (
        <ScheduleForm key={JSON.stringify(current)} accountId={accountId} current={current} disabled={disabled} />
      ) : null}
    </Space>
  );
}

function ScheduleForm({
  accountId,
  current,
  disabled,
}: {
  accountId: string | undefined;
  current: AdvisorSchedule;
  disabled: boolean;
}) {
  const { t, locale, timeZone } = useI18n();
  const save = useSetAdvisorSchedule(accountId);
  const [enabled, setEnabled] = useState(current.enabled);
  const [every, setEvery] = useState<'day' | 'week'>(current.every);
  const [weekday, setWeekday] = useState(current.weekday);
  const [at, setAt] = useState(current.at);
  const [email, setEmail] = useState(current.email ?? '');
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <ErrorAlert error={save.error} />
      <Form
        layout="vertical"
        style={{ maxWidth: 420 }}
        onFinish={() => save.mutate({ enabled, every, weekday, at, email: email || null })}
      >
        <Form.Item label={t('oa.s.enabled')} htmlFor="oa-enabled">
          <Switch
            id="oa-enabled"
            aria-label={t('oa.s.enabled')}
            checked={enabled}
            disabled={disabled}
            onChange={setEnabled}
          />
        </Form.Item>
        <Form.Item label={t('oa.s.every')} htmlFor="oa-every">
          <Select
            id="oa-every"
            aria-label={t('oa.s.every')}
            value={every}
            disabled={disabled}
            onChange={setEvery}
            options={[
              { value: 'day', label: t('oa.s.day') },
              { value: 'week', label: t('oa.s.week') },
            ]}
          />
        </Form.Item>
        {every === 'week' ? (
          <Form.Item label={t('oa.s.weekday')} htmlFor="oa-weekday">
            <Select
              id="oa-weekday"
              aria-label={t('oa.s.weekday')}
              value={weekday}
              disabled={disabled}
              onChange={setWeekday}
              options={[1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: d, label: t(`oa.s.wd.${d}` as MessageKey) }))}
            />
          </Form.Item>
        ) : null}
        <Form.Item label={t('oa.s.at')} htmlFor="oa-at" extra={t('oa.s.zone', { zone: current.timeZone })}>
          <Input id="oa-at" type="time" value={at} disabled={disabled} onChange={(e) => setAt(e.target.value)} />
        </Form.Item>
        <Form.Item label={t('oa.s.email')} htmlFor="oa-email" extra={t('oa.s.emailHint')}>
          <Input
            id="oa-email"
            type="email"
            value={email}
            disabled={disabled}
            onChange={(e) => setEmail(e.target.value)}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" disabled={disabled} loading={save.isPending}>
          {t('common.save')}
        </Button>
      </Form>
      {save.isSuccess ? <Alert type="success" showIcon role="status" title={t('oa.s.saved')} /> : null}
      <Typography.Text>
        {current.nextRunAt
          ? t('oa.s.next', { at: formatDateTime(current.nextRunAt, locale, timeZone) })
          : t('oa.s.off')}
      </Typography.Text>
    </Space>
  );
}
