/** R-RPT-2: the account's monthly service reports — list, the page previewed in place, the PDF downloaded. */
import { Button, Card, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { reportHtmlUrl, reportPdfUrl, useReports } from '../../api/reports';
import { useSession } from '../../api/session';
import { useI18n } from '../../i18n';
import { formatMonth } from '../../i18n/format';
import { ErrorAlert } from '../../ui/ErrorAlert';

export function Component() {
  const { t, locale } = useI18n();
  const accountId = useSession().data?.account?.id;
  const [page, setPage] = useState(1);
  const [preview, setPreview] = useState<string | null>(null);
  const reports = useReports(accountId, page);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('reports.title')}
      </Typography.Title>
      <Typography.Paragraph>{t('reports.intro')}</Typography.Paragraph>
      <ErrorAlert error={reports.error} />
      <Table
        rowKey="id"
        loading={reports.isLoading}
        dataSource={reports.data?.items ?? []}
        locale={{ emptyText: t('reports.empty') }}
        pagination={{
          current: page,
          pageSize: 12,
          total: reports.data?.total ?? 0,
          onChange: setPage,
        }}
        columns={[
          { title: t('reports.month'), dataIndex: 'month', render: (m: string) => formatMonth(m, locale) },
          { title: t('reports.version'), dataIndex: 'version' },
          {
            title: t('reports.status'),
            dataIndex: 'status',
            render: (s: string) => <Tag>{t(`reports.status.${s}` as 'reports.status.sent')}</Tag>,
          },
          {
            title: t('reports.issuedAt'),
            dataIndex: 'issuedAt',
            render: (s: string) => new Date(s).toLocaleString(locale),
          },
          {
            title: t('reports.actions'),
            key: 'actions',
            render: (_: unknown, r: { id: string }) => (
              <Space>
                <Button size="small" onClick={() => setPreview(r.id)}>
                  {t('reports.preview')}
                </Button>
                <a href={reportPdfUrl(r.id)} download>
                  {t('reports.downloadPdf')}
                </a>
              </Space>
            ),
          },
        ]}
      />
      {preview ? (
        <Card title={t('reports.preview')} extra={<a onClick={() => setPreview(null)}>{t('reports.close')}</a>}>
          <iframe
            title={t('reports.preview')}
            src={reportHtmlUrl(preview)}
            sandbox=""
            style={{ width: '100%', height: 800, border: '1px solid #d0d7de' }}
          />
        </Card>
      ) : null}
    </Space>
  );
}
