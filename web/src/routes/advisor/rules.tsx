/**
 * 自定义检查规则: every check for the account's level — switched on or off, and the thresholds of performance and
 * cost checks within the catalog's ranges (the owner changes them; they take effect on the next check).
 */
import { Alert, Button, InputNumber, Space, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import { useAdvisorRules, useUpdateAdvisorRule, type Dimension } from '../../api/advisor';
import { useSession } from '../../api/session';
import type { AdvisorRule } from '../../api/types';
import { useI18n, type MessageKey } from '../../i18n';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { AdvisorHeader, SeverityTag } from './parts';

function Thresholds({
  rule,
  disabled,
  onSave,
}: {
  rule: AdvisorRule;
  disabled: boolean;
  onSave: (v: Record<string, number>) => void;
}) {
  const { t } = useI18n();
  const [values, setValues] = useState<Record<string, number>>(rule.thresholds);
  const names = Object.keys(rule.thresholdRanges);
  if (!names.length) return <>–</>;
  const label = (name: string) => {
    const key = `oa.r.th.${name}` as MessageKey;
    return t(key) === key ? name : t(key);
  };
  return (
    <Space wrap>
      {names.map((n) => {
        const range = rule.thresholdRanges[n]!;
        return (
          <label key={n}>
            {label(n)}{' '}
            <InputNumber
              aria-label={t('oa.r.thresholdOf', { rule: rule.name, threshold: label(n) })}
              min={range.min}
              max={range.max}
              value={values[n]}
              disabled={disabled}
              onChange={(v) => setValues({ ...values, [n]: typeof v === 'number' ? v : range.default })}
              style={{ width: 90 }}
            />
          </label>
        );
      })}
      <Button
        size="small"
        autoInsertSpace={false}
        disabled={disabled}
        aria-label={t('oa.r.saveOf', { rule: rule.name })}
        onClick={() => onSave(values)}
      >
        {t('common.save')}
      </Button>
    </Space>
  );
}

export function Component() {
  const { t, locale } = useI18n();
  const session = useSession().data;
  const accountId = session?.account?.id;
  const isOwner = session?.role === 'customer_owner';
  const rules = useAdvisorRules(accountId, locale);
  const update = useUpdateAdvisorRule(accountId);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <AdvisorHeader />
      {isOwner ? null : <Alert type="info" showIcon title={t('oa.r.ownerOnly')} />}
      <ErrorAlert error={rules.error ?? update.error} />
      {update.isSuccess ? <Alert type="success" showIcon role="status" title={t('oa.r.saved')} /> : null}
      <Table<AdvisorRule>
        rowKey="id"
        loading={rules.isFetching}
        pagination={false}
        dataSource={rules.data?.items ?? []}
        columns={[
          {
            title: t('oa.r.name'),
            render: (_v, r) => (
              <Space wrap>
                {r.name}
                {r.capacity ? <Tag>{t('oa.r.capacity')}</Tag> : null}
                {r.available ? null : <Tag>{t('oa.notInPlan')}</Tag>}
              </Space>
            ),
          },
          { title: t('oa.dimension'), dataIndex: 'dimension', render: (d: Dimension) => t(`oa.dim.${d}`) },
          { title: t('oa.severity'), dataIndex: 'severity', render: (s: string) => <SeverityTag severity={s} /> },
          {
            title: t('oa.r.enabled'),
            render: (_v, r) => (
              <Switch
                aria-label={t('oa.r.enabledOf', { rule: r.name })}
                checked={r.enabled}
                disabled={!isOwner || !r.available}
                onChange={(enabled) => update.mutate({ ruleId: r.id, enabled })}
              />
            ),
          },
          {
            title: t('oa.r.thresholds'),
            render: (_v, r) => (
              <Thresholds
                key={JSON.stringify(r.thresholds)}
                rule={r}
                disabled={!isOwner || !r.available}
                onSave={(thresholds) => update.mutate({ ruleId: r.id, thresholds })}
              />
            ),
          },
        ]}
      />
    </Space>
  );
}
