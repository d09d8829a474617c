/**
 * Customer accounts: the list, approval with a TAM (R-SUB-5a), creating an account, and an account's plan with its
 * linked accounts (Tianyi 关联账号: staff approve or reject a pending request).
 */
import { Alert, Button, Card, Descriptions, Drawer, Form, Input, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useAccounts, useApproveAccount, useCreateAccount, useStaffUsers } from '../../api/accounts';
import { useCatalog } from '../../api/catalog';
import { useSession } from '../../api/session';
import { useDecideLink, useLinkedAccounts, usePlan } from '../../api/plan';
import type { Account } from '../../api/types';
import { useI18n, type MessageKey } from '../../i18n';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { DateTime } from '../../ui/format';
import { Select } from '../../ui/Select';
import { Quotas } from '../plan/plan';

export function Component() {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const accounts = useAccounts(page);
  const approve = useApproveAccount();
  const session = useSession();
  const tams = useStaffUsers('tam', session.data?.user.role);
  const [tam, setTam] = useState<string | undefined>();
  const [shown, setShown] = useState<Account | null>(null);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('acc.title')}
      </Typography.Title>
      <CreateAccount />
      <ErrorAlert error={accounts.error ?? approve.error ?? tams.error} />
      <Select
        aria-label={t('acc.tam')}
        placeholder={t('acc.tamPick')}
        value={tam}
        onChange={setTam}
        options={(tams.data ?? []).map((u) => ({ value: u.id, label: `${u.name} <${u.email}>` }))}
        style={{ width: 320 }}
      />
      <Table<Account>
        rowKey="id"
        scroll={{ x: 'max-content' }}
        dataSource={accounts.data?.items ?? []}
        pagination={{ current: page, pageSize: 20, total: accounts.data?.total ?? 0, onChange: setPage }}
        columns={[
          { title: t('acc.name'), dataIndex: 'name' },
          { title: t('acc.email'), dataIndex: 'email' },
          { title: t('acc.region'), dataIndex: 'region' },
          { title: t('acc.parent'), dataIndex: 'parentId' },
          {
            title: t('common.status'),
            render: (_v, a) => <Tag>{a.approved ? t('acc.approved') : t('acc.notApproved')}</Tag>,
          },
          { title: t('common.createdAt'), dataIndex: 'createdAt', render: (v: string) => <DateTime value={v} /> },
          {
            title: t('common.actions'),
            render: (_v, a) => (
              <Space>
                {a.approved ? null : (
                  <Button
                    size="small"
                    disabled={!tam}
                    onClick={() => tam && approve.mutate({ id: a.id, tamUserId: tam })}
                  >
                    {t('acc.approve')}
                  </Button>
                )}
                <Button size="small" aria-label={t('acc.viewPlanOf', { name: a.name })} onClick={() => setShown(a)}>
                  {t('acc.viewPlan')}
                </Button>
                <Link to={`/staff/accounts/${a.id}/advisor`} aria-label={t('oa.staff.linkOf', { name: a.name })}>
                  {t('oa.staff.link')}
                </Link>
              </Space>
            ),
          },
        ]}
      />
      <Drawer
        open={!!shown}
        onClose={() => setShown(null)}
        size="large"
        title={shown ? t('acc.planOf', { name: shown.name }) : ''}
        closable={{ 'aria-label': t('common.close') }}
      >
        {shown ? <AccountPlan account={shown} /> : null}
      </Drawer>
    </Space>
  );
}

/** POST /accounts: name, email, a region of the catalog, time zone and language (the catalog's defaults). */
function CreateAccount() {
  const { t, named } = useI18n();
  const catalog = useCatalog().data;
  const create = useCreateAccount();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [region, setRegion] = useState<string | undefined>(undefined);
  const [timeZone, setTimeZone] = useState<string | undefined>(undefined);
  const [locale, setLocale] = useState<string | undefined>(undefined);
  const zone = timeZone ?? catalog?.timeZone ?? '';
  const lang = locale ?? catalog?.locales[0];
  const submit = () =>
    create.mutate(
      { name, email, region: region ?? '', timeZone: zone, locale: lang ?? '' },
      {
        onSuccess: () => {
          setName('');
          setEmail('');
        },
      },
    );
  return (
    <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>{t('acc.create')}</h2>}>
      <ErrorAlert error={create.error} />
      {create.data ? (
        <Alert type="success" showIcon role="status" title={t('acc.created', { name: create.data.name })} />
      ) : null}
      <Form layout="vertical" onFinish={submit} style={{ marginTop: 8 }}>
        <Space wrap align="start">
          <Form.Item label={t('acc.name')} htmlFor="acc-new-name" required>
            <Input id="acc-new-name" value={name} onChange={(e) => setName(e.target.value)} />
          </Form.Item>
          <Form.Item label={t('acc.email')} htmlFor="acc-new-email" required>
            <Input id="acc-new-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
          </Form.Item>
          <Form.Item label={t('acc.region')} htmlFor="acc-new-region" required>
            <Select
              id="acc-new-region"
              aria-label={t('acc.region')}
              value={region}
              onChange={setRegion}
              placeholder={t('acc.chooseRegion')}
              options={(catalog?.regions ?? []).map((r) => ({ value: r.id, label: named(r.names, r.id) }))}
            />
          </Form.Item>
          <Form.Item label={t('acc.timeZone')} htmlFor="acc-new-zone" required>
            <Input id="acc-new-zone" value={zone} onChange={(e) => setTimeZone(e.target.value)} />
          </Form.Item>
          <Form.Item label={t('acc.locale')} htmlFor="acc-new-locale" required>
            <Select
              id="acc-new-locale"
              aria-label={t('acc.locale')}
              value={lang}
              onChange={setLocale}
              options={(catalog?.locales ?? []).map((l) => ({ value: l, label: t(`lang.${l}`) }))}
            />
          </Form.Item>
        </Space>
        <Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            loading={create.isPending}
            disabled={!name || !email || !region || !zone || !lang}
          >
            {t('acc.createSubmit')}
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}

/** GET /accounts/{id}/plan: level, status, validity and quotas. */
function AccountPlan({ account }: { account: Account }) {
  const { t, named } = useI18n();
  const plan = usePlan(account.id);
  if (plan.error) return <ErrorAlert error={plan.error} />;
  if (!plan.data) return <div role="status">{t('common.loading')}</div>;
  const p = plan.data;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Descriptions column={1} bordered size="small">
        <Descriptions.Item label={t('plan.level')}>
          <strong>{p.level ? named(p.levelNames, p.level) : t('common.none')}</strong>
        </Descriptions.Item>
        <Descriptions.Item label={t('plan.status')}>
          <Tag color={p.status === 'active' ? 'green' : 'default'}>{t(`plan.status.${p.status}`)}</Tag>
          {p.locked ? <Tag color="orange">{t('plan.locked')}</Tag> : null}
        </Descriptions.Item>
        <Descriptions.Item label={t('plan.validity')}>
          {p.validFrom ? (
            <>
              <DateTime value={p.validFrom} /> – <DateTime value={p.validTo} />
            </>
          ) : (
            t('common.none')
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('plan.source')}>{t(`plan.source.${p.source}`)}</Descriptions.Item>
      </Descriptions>
      <Quotas plan={p} />
      <LinkedAccounts accountId={account.id} />
    </Space>
  );
}

/** The account's linked accounts with their approval state; a pending request is approved or rejected here. */
function LinkedAccounts({ accountId }: { accountId: string }) {
  const { t } = useI18n();
  const links = useLinkedAccounts(accountId);
  const decide = useDecideLink(accountId);
  const items = links.data?.items ?? [];
  if (!items.length && !links.error) return null;
  return (
    <section aria-label={t('linked.title')}>
      <h2 style={{ fontSize: 16 }}>{t('linked.title')}</h2>
      <ErrorAlert error={links.error ?? decide.error} />
      <ul style={{ listStyle: 'none', padding: 0 }}>
        {items.map((l) => (
          <li key={l.id} style={{ marginBottom: 8 }}>
            <Space wrap>
              <span>{l.accountId}</span>
              <Tag>{t(`linked.status.${l.status}` as MessageKey)}</Tag>
              {l.status === 'pending' ? (
                <>
                  <Button
                    size="small"
                    loading={decide.isPending}
                    onClick={() => decide.mutate({ linkId: l.id, decision: 'approve' })}
                  >
                    {t('linked.approve')}
                  </Button>
                  <Button
                    size="small"
                    danger
                    loading={decide.isPending}
                    onClick={() => decide.mutate({ linkId: l.id, decision: 'reject' })}
                  >
                    {t('linked.rejectLink')}
                  </Button>
                </>
              ) : null}
            </Space>
          </li>
        ))}
      </ul>
    </section>
  );
}
