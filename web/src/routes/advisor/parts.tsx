/** Pieces the advisor's pages share: its section links, the risks by dimension, the findings table, exports. */
import { Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { NavLink } from 'react-router';
import { DIMENSIONS, exportUrl, useAdvisorFindings, type Dimension } from '../../api/advisor';
import type { AdvisorFinding, RiskSummary } from '../../api/types';
import { useI18n, type MessageKey } from '../../i18n';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { DateTime } from '../../ui/format';
import { Select } from '../../ui/Select';

const SECTIONS: [string, MessageKey][] = [
  ['/advisor', 'oa.tab.overview'],
  ['/advisor/findings', 'oa.tab.findings'],
  ['/advisor/rules', 'oa.tab.rules'],
  ['/advisor/schedule', 'oa.tab.schedule'],
  ['/advisor/history', 'oa.tab.history'],
];

/** The page heading and the advisor's own section links. */
export function AdvisorHeader() {
  const { t } = useI18n();
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('oa.title')}
      </Typography.Title>
      <nav aria-label={t('oa.sections')} className="advisor-sections">
        <Space wrap>
          {SECTIONS.map(([to, label]) => (
            <NavLink key={to} to={to} end>
              {t(label)}
            </NavLink>
          ))}
        </Space>
      </nav>
    </>
  );
}

const SEVERITY_COLOR: Record<string, string> = { high: 'red', medium: 'orange', low: 'blue' };

export function SeverityTag({ severity }: { severity: string }) {
  const { t } = useI18n();
  return <Tag color={SEVERITY_COLOR[severity]}>{t(`oa.sev.${severity}` as MessageKey)}</Tag>;
}

/** Findings by dimension and severity; a dimension the level does not include says so (R-OA-1). */
export function RiskTable({ summary, unavailable }: { summary: RiskSummary; unavailable: readonly string[] }) {
  const { t } = useI18n();
  const rows = DIMENSIONS.map((d) => ({ key: d, dimension: d, ...summary[d] }));
  const cell = (d: Dimension, n: number) => (unavailable.includes(d) ? '–' : n);
  return (
    <section aria-labelledby="advisor-risks">
      <Typography.Title level={2} id="advisor-risks" style={{ fontSize: 18 }}>
        {t('oa.risks')}
      </Typography.Title>
      <Table
        size="small"
        pagination={false}
        dataSource={rows}
        columns={[
          {
            title: t('oa.dimension'),
            dataIndex: 'dimension',
            render: (d: Dimension) => (
              <Space>
                {t(`oa.dim.${d}`)}
                {unavailable.includes(d) ? <Tag>{t('oa.notInPlan')}</Tag> : null}
              </Space>
            ),
          },
          { title: t('oa.sev.high'), dataIndex: 'high', render: (n: number, r) => cell(r.dimension, n) },
          { title: t('oa.sev.medium'), dataIndex: 'medium', render: (n: number, r) => cell(r.dimension, n) },
          { title: t('oa.sev.low'), dataIndex: 'low', render: (n: number, r) => cell(r.dimension, n) },
        ]}
      />
    </section>
  );
}

/** CSV and Excel downloads of a findings list (the session cookie authorizes them). */
export function ExportLinks({ accountId, runId }: { accountId: string; runId?: string }) {
  const { t, locale } = useI18n();
  return (
    <Space>
      <a href={exportUrl(accountId, 'csv', { locale, ...(runId ? { runId } : {}) })} download>
        {t('oa.export.csv')}
      </a>
      <a href={exportUrl(accountId, 'xlsx', { locale, ...(runId ? { runId } : {}) })} download>
        {t('oa.export.xlsx')}
      </a>
    </Space>
  );
}

/** A page of findings with their texts in the console's language; filters unless `runId` fixes the list. */
export function FindingsTable({ accountId, runId }: { accountId: string | undefined; runId?: string }) {
  const { t, locale } = useI18n();
  const [page, setPage] = useState(1);
  const [dimension, setDimension] = useState<Dimension | undefined>();
  const [status, setStatus] = useState<'open' | 'resolved' | 'all'>(runId ? 'all' : 'open');
  const findings = useAdvisorFindings(accountId, { page, dimension, status, runId, locale });
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Select
          aria-label={t('oa.dimension')}
          placeholder={t('common.allOf', { what: t('oa.dimension') })}
          style={{ width: 200 }}
          value={dimension}
          onChange={(v) => {
            setDimension(v);
            setPage(1);
          }}
          onClear={() => {
            setDimension(undefined);
            setPage(1);
          }}
          options={DIMENSIONS.map((d) => ({ value: d, label: t(`oa.dim.${d}`) }))}
        />
        {runId ? null : (
          <Select
            aria-label={t('common.status')}
            style={{ width: 160 }}
            value={status}
            onChange={(v) => {
              setStatus(v);
              setPage(1);
            }}
            options={(['open', 'resolved', 'all'] as const).map((s) => ({ value: s, label: t(`oa.f.status.${s}`) }))}
          />
        )}
      </Space>
      <ErrorAlert error={findings.error} />
      <Table<AdvisorFinding>
        rowKey="id"
        loading={findings.isFetching}
        dataSource={findings.data?.items ?? []}
        locale={{ emptyText: t('oa.empty') }}
        pagination={{ current: page, pageSize: 20, total: findings.data?.total ?? 0, onChange: setPage }}
        columns={[
          { title: t('oa.severity'), dataIndex: 'severity', render: (s: string) => <SeverityTag severity={s} /> },
          { title: t('oa.dimension'), dataIndex: 'dimension', render: (d: Dimension) => t(`oa.dim.${d}`) },
          {
            title: t('oa.f.title'),
            render: (_v, f) => (
              <Space orientation="vertical" size={2}>
                <strong>{f.title}</strong>
                <span>{f.detail}</span>
              </Space>
            ),
          },
          { title: t('oa.f.resource'), render: (_v, f) => f.resourceName ?? f.resourceId ?? '–' },
          { title: t('oa.f.recommendation'), dataIndex: 'recommendation' },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (s: 'open' | 'resolved') => <Tag>{t(`oa.f.status.${s}`)}</Tag>,
          },
          { title: t('oa.f.firstSeen'), dataIndex: 'firstSeenAt', render: (v: string) => <DateTime value={v} /> },
          { title: t('oa.f.lastSeen'), dataIndex: 'lastSeenAt', render: (v: string) => <DateTime value={v} /> },
        ]}
      />
    </Space>
  );
}
