/** API keys and webhooks for levels with the ticket management API (the API refuses others: NOT_ENTITLED). */
import { Alert, Button, Card, Input, Space, Typography } from 'antd';
import { ItemList } from '../../ui/ItemList';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { usePlan } from '../../api/plan';
import { useSession } from '../../api/session';
import { useI18n } from '../../i18n';
import { ErrorAlert } from '../../ui/ErrorAlert';

export function Component() {
  const { t } = useI18n();
  const session = useSession().data;
  const accountId = session?.account?.id ?? '';
  const plan = usePlan(accountId).data;
  const qc = useQueryClient();
  const hooks = useQuery({
    queryKey: ['webhooks', accountId],
    enabled: !!accountId && plan?.entitlements?.ticketApi === true,
    queryFn: () =>
      call(
        api.GET('/api/v1/accounts/{id}/webhooks', {
          params: { path: { id: accountId }, query: { page: 1, pageSize: 50 } },
        }),
      ),
  });
  const createKey = useMutation({
    mutationFn: (name: string) =>
      call(
        api.POST('/api/v1/accounts/{id}/api-keys', { params: { path: { id: accountId } }, body: name ? { name } : {} }),
      ),
  });
  const addHook = useMutation({
    mutationFn: (url: string) =>
      call(api.POST('/api/v1/accounts/{id}/webhooks', { params: { path: { id: accountId } }, body: { url } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['webhooks', accountId] }),
  });
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  if (plan && !plan.entitlements?.ticketApi) return <Alert type="info" title={t('dev.notEntitled')} />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('nav.developer')}
      </Typography.Title>
      <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>{t('dev.apiKeys')}</h2>}>
        <ErrorAlert error={createKey.error} />
        <Space>
          <Input
            aria-label={t('dev.keyName')}
            placeholder={t('dev.keyName')}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
          <Button onClick={() => createKey.mutate(name)}>{t('dev.createKey')}</Button>
        </Space>
        {createKey.data ? (
          <Alert
            style={{ marginTop: 12 }}
            type="success"
            title={t('dev.tokenOnce')}
            description={<code>{createKey.data.token}</code>}
          />
        ) : null}
      </Card>
      <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>{t('dev.webhooks')}</h2>}>
        <ErrorAlert error={addHook.error ?? hooks.error} />
        <Space>
          <Input
            aria-label={t('dev.url')}
            placeholder="https://"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            style={{ width: 360 }}
          />
          <Button disabled={!url} onClick={() => addHook.mutate(url)}>
            {t('dev.addWebhook')}
          </Button>
        </Space>
        {addHook.data && 'secret' in addHook.data ? (
          <Alert
            style={{ marginTop: 12 }}
            type="success"
            title={t('dev.secretOnce')}
            description={<code>{String(addHook.data.secret)}</code>}
          />
        ) : null}
        <ItemList items={hooks.data?.items ?? []} itemKey={(h) => h.id} render={(h) => h.url} />
      </Card>
    </Space>
  );
}
