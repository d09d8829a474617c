/**
 * R-NTF-1 notification settings of the signed-in user: every kind of notice reaches the message center; optional
 * kinds can be turned off by mail (the List-Unsubscribe link of those mails opens this page).
 */
import { Alert, Space, Switch, Table, Tag, Typography } from 'antd';
import { usePreferences, useSetPreference } from '../../api/notifications';
import type { NotificationPreferences } from '../../api/types';
import { useI18n } from '../../i18n';
import { ErrorAlert } from '../../ui/ErrorAlert';

type Kind = NotificationPreferences['kinds'][number];

export function Component() {
  const { t, named } = useI18n();
  const prefs = usePreferences();
  const set = useSetPreference();
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('prefs.title')}
      </Typography.Title>
      <Alert type="info" showIcon title={t('prefs.intro')} />
      <ErrorAlert error={prefs.error ?? set.error} />
      <Table<Kind>
        rowKey="kind"
        loading={prefs.isLoading}
        pagination={false}
        dataSource={prefs.data?.kinds ?? []}
        columns={[
          { title: t('prefs.kind'), render: (_v, k) => named(k.names as never, k.kind) },
          {
            title: t('prefs.messageCenter'),
            render: () => <Tag color="green">{t('prefs.always')}</Tag>,
          },
          {
            title: t('prefs.email'),
            render: (_v, k) =>
              k.optional ? (
                <Switch
                  checked={k.email}
                  loading={set.isPending && set.variables?.kind === k.kind}
                  aria-label={t('prefs.emailFor', { kind: named(k.names as never, k.kind) })}
                  onChange={(email) => set.mutate({ kind: k.kind, email })}
                />
              ) : (
                <Tag>{t('prefs.required')}</Tag>
              ),
          },
        ]}
      />
    </Space>
  );
}
