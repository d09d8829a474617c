/**
 * Incidents and platform changes (优护计划): the list; publishing one (entitled accounts in the affected regions are
 * notified); an incident's detail with its updates, its follow-up tickets (GET /tickets?incidentId=, issue 13) and
 * posting an update (optionally resolving it).
 */
import { Button, Card, Checkbox, Descriptions, Input, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useAccount } from '../../api/accounts';
import { useCatalog } from '../../api/catalog';
import { useTickets } from '../../api/tickets';
import { useIncident, useIncidents, usePostIncidentUpdate, usePublishIncident } from '../../api/incidents';
import type { Incident, Ticket } from '../../api/types';
import { useI18n } from '../../i18n';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { ItemList } from '../../ui/ItemList';
import { Select } from '../../ui/Select';
import { DateTime } from '../../ui/format';

type Kind = 'industry' | 'platform_change';
const EMPTY = { titleZh: '', titleEn: '', summaryZh: '', summaryEn: '', guidanceZh: '', guidanceEn: '' };

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <label style={{ display: 'block' }}>
      <span style={{ display: 'block' }}>{label}</span>
      {children}
    </label>
  );
}

function PublishForm() {
  const { t, named } = useI18n();
  const catalog = useCatalog().data;
  const publish = usePublishIncident();
  const [kind, setKind] = useState<Kind>('industry');
  const [level, setLevel] = useState<number | undefined>();
  const [regions, setRegions] = useState<string[]>([]);
  const [text, setText] = useState(EMPTY);
  const levels = catalog?.incidents?.levels ?? [];
  const chosenLevel = level ?? levels[0]?.level;
  const textField = (key: keyof typeof EMPTY, label: string, area = false) => (
    <Field label={label}>
      {area ? (
        <Input.TextArea
          aria-label={label}
          value={text[key]}
          onChange={(e) => setText({ ...text, [key]: e.target.value })}
        />
      ) : (
        <Input aria-label={label} value={text[key]} onChange={(e) => setText({ ...text, [key]: e.target.value })} />
      )}
    </Field>
  );
  const complete = chosenLevel !== undefined && Object.values(text).every((v) => v.trim() !== '');
  return (
    <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>{t('inc.publish')}</h2>}>
      <ErrorAlert error={publish.error} />
      {publish.data ? (
        <div role="status" style={{ marginBottom: 16 }}>
          {t('inc.notified', { count: publish.data.notifiedAccounts })}
        </div>
      ) : null}
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Field label={t('inc.kind')}>
          <Select<Kind>
            aria-label={t('inc.kind')}
            value={kind}
            onChange={setKind}
            options={[
              { value: 'industry', label: t('inc.kind.industry') },
              { value: 'platform_change', label: t('inc.kind.platform_change') },
            ]}
          />
        </Field>
        <Field label={t('inc.level')}>
          <Select<number>
            aria-label={t('inc.level')}
            value={chosenLevel}
            onChange={setLevel}
            options={levels.map((l) => ({ value: l.level, label: named(l.names, String(l.level)) }))}
          />
        </Field>
        {textField('titleZh', t('inc.titleZh'))}
        {textField('titleEn', t('inc.titleEn'))}
        {textField('summaryZh', t('inc.summaryZh'), true)}
        {textField('summaryEn', t('inc.summaryEn'), true)}
        {textField('guidanceZh', t('inc.guidanceZh'), true)}
        {textField('guidanceEn', t('inc.guidanceEn'), true)}
        <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
          <legend>{t('inc.regions')}</legend>
          <Checkbox.Group
            value={regions}
            onChange={(v) => setRegions(v as string[])}
            options={(catalog?.regions ?? []).map((r) => ({ value: r.id, label: named(r.names, r.id) }))}
          />
        </fieldset>
        <Button
          type="primary"
          disabled={!complete || publish.isPending}
          onClick={() =>
            publish.mutate(
              {
                kind,
                level: chosenLevel!,
                title: { 'zh-CN': text.titleZh, 'en-US': text.titleEn },
                summary: { 'zh-CN': text.summaryZh, 'en-US': text.summaryEn },
                guidance: { 'zh-CN': text.guidanceZh, 'en-US': text.guidanceEn },
                affectedRegions: regions,
              },
              { onSuccess: () => setText(EMPTY) },
            )
          }
        >
          {t('inc.publishButton')}
        </Button>
      </Space>
    </Card>
  );
}

function IncidentDetail({ id }: { id: string }) {
  const { t, named } = useI18n();
  const incident = useIncident(id);
  const post = usePostIncidentUpdate(id);
  const [zh, setZh] = useState('');
  const [en, setEn] = useState('');
  const [resolve, setResolve] = useState(false);
  if (incident.error) return <ErrorAlert error={incident.error} />;
  if (!incident.data) return <div role="status">{t('common.loading')}</div>;
  const i = incident.data;
  return (
    <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>{named(i.title as never)}</h2>}>
      <Descriptions bordered size="small" column={1}>
        <Descriptions.Item label={t('common.status')}>
          <Tag>{t(i.status === 'resolved' ? 'inc.status.resolved' : 'inc.status.open')}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('inc.summary')}>{named(i.summary as never)}</Descriptions.Item>
        <Descriptions.Item label={t('inc.guidance')}>{named(i.guidance as never)}</Descriptions.Item>
        <Descriptions.Item label={t('inc.regions')}>{i.affectedRegions.join(', ') || '—'}</Descriptions.Item>
        {i.notifiedAccounts !== undefined ? (
          <Descriptions.Item label={t('inc.notifiedLabel')}>{i.notifiedAccounts}</Descriptions.Item>
        ) : null}
      </Descriptions>
      <h3 style={{ fontSize: 16 }}>{t('inc.updates')}</h3>
      <ItemList
        items={i.updates}
        itemKey={(u) => u.id}
        render={(u) => (
          <span>
            <DateTime value={u.at} /> · {named(u.body as never)}
          </span>
        )}
      />
      <FollowUps incidentId={i.id} />
      {i.status !== 'resolved' ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <h3 style={{ fontSize: 16, margin: 0 }}>{t('inc.update')}</h3>
          <ErrorAlert error={post.error} />
          <Field label={t('inc.updateZh')}>
            <Input.TextArea aria-label={t('inc.updateZh')} value={zh} onChange={(e) => setZh(e.target.value)} />
          </Field>
          <Field label={t('inc.updateEn')}>
            <Input.TextArea aria-label={t('inc.updateEn')} value={en} onChange={(e) => setEn(e.target.value)} />
          </Field>
          <Checkbox checked={resolve} onChange={(e) => setResolve(e.target.checked)}>
            {t('inc.resolve')}
          </Checkbox>
          <Button
            disabled={!zh.trim() || !en.trim() || post.isPending}
            onClick={() =>
              post.mutate(
                { body: { 'zh-CN': zh, 'en-US': en }, ...(resolve ? { resolve: true } : {}) },
                {
                  onSuccess: () => {
                    setZh('');
                    setEn('');
                  },
                },
              )
            }
          >
            {t('inc.postUpdate')}
          </Button>
        </Space>
      ) : null}
    </Card>
  );
}

/** The account's name (its id until the API answers). */
function AccountName({ id }: { id: string }) {
  const account = useAccount(id).data;
  return <>{account?.name ?? id}</>;
}

/** The tickets customers opened about the incident, newest first, each linked to the ticket workspace. */
function FollowUps({ incidentId }: { incidentId: string }) {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const list = useTickets({ incidentId, page, pageSize: 10 });
  return (
    <section aria-label={t('inc.followUpTickets')}>
      <h3 style={{ fontSize: 16 }}>{t('inc.followUpTickets')}</h3>
      <ErrorAlert error={list.error} />
      <Table<Ticket>
        rowKey="id"
        size="small"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('inc.noFollowUps') }}
        pagination={{
          current: page,
          total: list.data?.total ?? 0,
          pageSize: 10,
          onChange: setPage,
          showSizeChanger: false,
          hideOnSinglePage: true,
        }}
        columns={[
          {
            title: t('tickets.number'),
            dataIndex: 'number',
            render: (n: string, r) => <Link to={`/staff/tickets/${r.id}`}>{n}</Link>,
          },
          { title: t('tickets.subject'), dataIndex: 'subject' },
          { title: t('inc.account'), dataIndex: 'accountId', render: (id: string) => <AccountName id={id} /> },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (s: Ticket['status']) => <Tag>{t(`tickets.status.${s}`)}</Tag>,
          },
          { title: t('tickets.openedAt'), dataIndex: 'openedAt', render: (v: string) => <DateTime value={v} /> },
        ]}
      />
    </section>
  );
}

export function Component() {
  const { t, named } = useI18n();
  const list = useIncidents();
  const [openId, setOpenId] = useState<string | undefined>();
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('inc.title')}
      </Typography.Title>
      <ErrorAlert error={list.error} />
      <Table<Incident>
        rowKey="id"
        dataSource={list.data?.items ?? []}
        columns={[
          {
            title: t('inc.kind'),
            dataIndex: 'kind',
            render: (v: string) => t(v === 'platform_change' ? 'inc.kind.platform_change' : 'inc.kind.industry'),
          },
          { title: t('inc.level'), dataIndex: 'level' },
          {
            title: t('common.name'),
            render: (_v, r) => (
              <Button type="link" onClick={() => setOpenId(r.id)}>
                {named(r.title as never)}
              </Button>
            ),
          },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (v: string) => t(v === 'resolved' ? 'inc.status.resolved' : 'inc.status.open'),
          },
          { title: t('common.createdAt'), dataIndex: 'publishedAt', render: (v: string) => <DateTime value={v} /> },
        ]}
      />
      {openId ? <IncidentDetail id={openId} /> : null}
      <PublishForm />
    </Space>
  );
}
