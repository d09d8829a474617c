/**
 * The account's profile (PATCH /accounts/{id}: name, email, phones, language, time zone, report recipients) and its
 * contacts (any number, R-ACC-1). The owner edits; other users read (the API refuses them anyway).
 */
import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { useAccount } from '../../api/accounts';
import type { paths } from '../../api/schema';
import { useAddContact, useContacts, useRemoveContact, useUpdateAccount } from '../../api/profile';
import { useSession } from '../../api/session';
import { LOCALES, useI18n } from '../../i18n';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { ItemList } from '../../ui/ItemList';
import { Select } from '../../ui/Select';

/** One entry a line (or comma), blanks dropped: the API normalises and checks each. */
const lines = (text: string) =>
  text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);

type Account = paths['/api/v1/accounts/{id}']['get']['responses'][200]['content']['application/json'];

export function Component() {
  const { t } = useI18n();
  const session = useSession().data;
  const accountId = session?.account?.id ?? '';
  const owner = session?.role === 'customer_owner';
  const account = useAccount(accountId || undefined);
  // Above the form: a saved change remounts the form (a new updatedAt), the answer and its message stay.
  const update = useUpdateAccount(accountId);
  if (account.error) return <ErrorAlert error={account.error} />;
  if (!account.data) return <div role="status">{t('common.loading')}</div>;
  return (
    <Space orientation="vertical" style={{ width: '100%', maxWidth: 760 }} size="large">
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('profile.title')}
      </Typography.Title>
      <ProfileForm key={account.data.updatedAt} account={account.data} owner={owner} update={update} />
      <Contacts accountId={accountId} owner={owner} />
    </Space>
  );
}

/** The form starts from the account as the API answered it (a saved change answers a new one: a fresh form). */
function ProfileForm({
  account: a,
  owner,
  update,
}: {
  account: Account;
  owner: boolean;
  update: ReturnType<typeof useUpdateAccount>;
}) {
  const { t } = useI18n();
  const [name, setName] = useState(a.name);
  const [email, setEmail] = useState(a.email);
  const [phones, setPhones] = useState(a.phones.join('\n'));
  const [locale, setLocale] = useState<string | undefined>(a.locale);
  const [timeZone, setTimeZone] = useState(a.timeZone);
  const [recipients, setRecipients] = useState(a.reportRecipients.join('\n'));
  const save = () =>
    update.mutate({
      name,
      email,
      phones: lines(phones),
      ...(locale ? { locale } : {}),
      timeZone,
      reportRecipients: lines(recipients),
    });
  return (
    <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>{t('profile.details')}</h2>}>
      <ErrorAlert error={update.error} />
      {update.isSuccess && !update.isPending ? <Alert type="success" title={t('profile.saved')} /> : null}
      <Form layout="vertical" onFinish={save} disabled={!owner}>
        <Form.Item label={t('common.name')} htmlFor="profile-name">
          <Input id="profile-name" value={name} onChange={(e) => setName(e.target.value)} />
        </Form.Item>
        <Form.Item label={t('profile.email')} htmlFor="profile-email">
          <Input id="profile-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
        </Form.Item>
        <Form.Item label={t('profile.phones')} htmlFor="profile-phones" extra={t('profile.phonesHint')}>
          <Input.TextArea id="profile-phones" rows={2} value={phones} onChange={(e) => setPhones(e.target.value)} />
        </Form.Item>
        <Space wrap>
          <Form.Item label={t('app.language')} htmlFor="profile-locale">
            <Select
              id="profile-locale"
              aria-label={t('app.language')}
              value={locale}
              onChange={setLocale}
              disabled={!owner}
              options={LOCALES.map((l) => ({ value: l, label: t(`lang.${l}`) }))}
            />
          </Form.Item>
          <Form.Item label={t('profile.timeZone')} htmlFor="profile-zone" extra={t('profile.timeZoneHint')}>
            <Input id="profile-zone" value={timeZone} onChange={(e) => setTimeZone(e.target.value)} />
          </Form.Item>
        </Space>
        <Form.Item label={t('profile.reportRecipients')} htmlFor="profile-recipients" extra={t('profile.oneALine')}>
          <Input.TextArea
            id="profile-recipients"
            rows={2}
            value={recipients}
            onChange={(e) => setRecipients(e.target.value)}
          />
        </Form.Item>
        {owner ? (
          <Button type="primary" htmlType="submit" loading={update.isPending}>
            {t('common.save')}
          </Button>
        ) : (
          <p>{t('profile.ownerOnly')}</p>
        )}
      </Form>
    </Card>
  );
}

function Contacts({ accountId, owner }: { accountId: string; owner: boolean }) {
  const { t } = useI18n();
  const contacts = useContacts(accountId || undefined);
  const add = useAddContact(accountId);
  const remove = useRemoveContact(accountId);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [role, setRole] = useState('');
  const submit = () =>
    add.mutate(
      { name, ...(email ? { email } : {}), ...(phone ? { phone } : {}), ...(role ? { role } : {}) },
      {
        onSuccess: () => {
          setName('');
          setEmail('');
          setPhone('');
          setRole('');
        },
      },
    );
  return (
    <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>{t('profile.contacts')}</h2>}>
      <ErrorAlert error={contacts.error ?? add.error ?? remove.error} />
      <ItemList
        items={contacts.data?.items ?? []}
        itemKey={(c) => c.id}
        label={t('profile.contacts')}
        render={(c) => (
          <Space wrap>
            <strong>{c.name}</strong>
            {[c.role, c.email, c.phone].filter(Boolean).join(' · ')}
            {owner ? (
              <Button
                size="small"
                onClick={() => remove.mutate(c.id)}
                aria-label={t('profile.removeContact', { name: c.name })}
              >
                {t('common.remove')}
              </Button>
            ) : null}
          </Space>
        )}
      />
      {owner ? (
        <Form layout="vertical" onFinish={submit} style={{ marginTop: 16 }}>
          <Space wrap align="end">
            <Form.Item label={t('profile.contactName')} htmlFor="contact-name">
              <Input id="contact-name" value={name} onChange={(e) => setName(e.target.value)} />
            </Form.Item>
            <Form.Item label={t('profile.contactRole')} htmlFor="contact-role">
              <Input id="contact-role" value={role} onChange={(e) => setRole(e.target.value)} />
            </Form.Item>
            <Form.Item label={t('profile.contactEmail')} htmlFor="contact-email">
              <Input id="contact-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
            </Form.Item>
            <Form.Item label={t('profile.contactPhone')} htmlFor="contact-phone">
              <Input id="contact-phone" value={phone} onChange={(e) => setPhone(e.target.value)} />
            </Form.Item>
            <Form.Item>
              <Button htmlType="submit" disabled={!name} loading={add.isPending}>
                {t('profile.addContact')}
              </Button>
            </Form.Item>
          </Space>
        </Form>
      ) : null}
    </Card>
  );
}
