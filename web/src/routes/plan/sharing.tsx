/** Sharing for custody masters (one switch), a master's sub accounts with their finance mode, linked accounts (Tianyi 关联账号) with their approval state. */
import { Button, Card, Input, Space, Switch, Tag, Typography } from 'antd';
import { ItemList } from '../../ui/ItemList';
import { useState } from 'react';
import { useAccount } from '../../api/accounts';
import { useLinkAccount, useLinkedAccounts, useSetSharing } from '../../api/plan';
import { useSession } from '../../api/session';
import { useI18n, type MessageKey } from '../../i18n';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Select } from '../../ui/Select';
import { useAnswerInvitation, useInvitations } from '../../api/profile';

export function Component() {
  const { t } = useI18n();
  const accountId = useSession().data?.account?.id;
  const account = useAccount(accountId).data;
  const sharing = useSetSharing(accountId ?? '');
  const links = useLinkedAccounts(accountId);
  const link = useLinkAccount(accountId ?? '');
  const [other, setOther] = useState('');
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('nav.sharing')}
      </Typography.Title>
      <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>{t('sharing.title')}</h2>}>
        <ErrorAlert error={sharing.error} />
        <Space>
          <Switch
            aria-label={t('sharing.enabled')}
            checked={account?.sharingEnabled ?? false}
            disabled={account?.financeMode !== 'custody'}
            onChange={(v) => sharing.mutate(v)}
          />
          <span>{t('sharing.enabled')}</span>
        </Space>
      </Card>
      {account && !account.parentId ? (
        <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>{t('sharing.subs')}</h2>}>
          <ItemList
            items={account.subAccounts}
            itemKey={(s) => s.id}
            label={t('sharing.subs')}
            empty={t('sharing.noSubs')}
            render={(s) => (
              <Space wrap>
                <span>{s.name}</span>
                <Tag>
                  {s.financeMode === 'custody' || s.financeMode === 'independent'
                    ? t(`inv.${s.financeMode}`)
                    : t('common.none')}
                </Tag>
              </Space>
            )}
          />
        </Card>
      ) : null}
      <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>{t('linked.title')}</h2>}>
        <ErrorAlert error={link.error ?? links.error} />
        <Space>
          <Input
            aria-label={t('linked.accountId')}
            placeholder="acc_…"
            value={other}
            onChange={(e) => setOther(e.target.value)}
          />
          <Button disabled={!other} onClick={() => link.mutate(other)}>
            {t('linked.add')}
          </Button>
        </Space>
        <ItemList
          items={links.data?.items ?? []}
          itemKey={(l) => l.id}
          render={(l) => (
            <>
              {l.accountId} <Tag>{t(`linked.status.${l.status}` as MessageKey)}</Tag>
            </>
          )}
        />
      </Card>
      {accountId ? <Invitations accountId={accountId} /> : null}
    </Space>
  );
}

/** Invitations to become a sub account (R-ACC-2): what the account received (accept with a finance mode, or
 * decline) and what it sent, with their state. */
function Invitations({ accountId }: { accountId: string }) {
  const { t } = useI18n();
  const owner = useSession().data?.role === 'customer_owner';
  const list = useInvitations(accountId);
  const answer = useAnswerInvitation(accountId);
  const [mode, setMode] = useState<'custody' | 'independent'>('custody');
  return (
    <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>{t('inv.title')}</h2>}>
      <ErrorAlert error={list.error ?? answer.error} />
      <ItemList
        items={list.data?.items ?? []}
        itemKey={(i) => i.id}
        label={t('inv.title')}
        render={(i) => {
          const received = i.inviteeId === accountId;
          return (
            <Space wrap>
              <span>
                {received
                  ? t('inv.from', { name: i.masterName ?? i.masterId })
                  : t('inv.to', { name: i.inviteeName ?? i.inviteeId })}
              </span>
              <Tag>{t(`inv.status.${i.status}`)}</Tag>
              {i.message ? <em>{i.message}</em> : null}
              {received && i.status === 'pending' && owner ? (
                <>
                  <Select
                    aria-label={t('inv.financeMode')}
                    value={mode}
                    onChange={setMode}
                    options={[
                      { value: 'custody', label: t('inv.custody') },
                      { value: 'independent', label: t('inv.independent') },
                    ]}
                  />
                  <Button
                    type="primary"
                    loading={answer.isPending}
                    onClick={() => answer.mutate({ id: i.id, answer: 'accept', financeMode: mode })}
                  >
                    {t('inv.accept')}
                  </Button>
                  <Button onClick={() => answer.mutate({ id: i.id, answer: 'decline' })}>{t('inv.decline')}</Button>
                </>
              ) : null}
            </Space>
          );
        }}
      />
    </Card>
  );
}
