/**
 * New ticket: only the categories and severities the level allows (the plan's entitlements), each severity's
 * guidance from the catalog, the end customer for partner plans, affected service/region, a contact, attachments
 * with their limits shown before upload.
 */
import { Alert, Button, Form, Input, Radio, Space, Typography } from 'antd';
import { Select } from '../../ui/Select';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useCatalog } from '../../api/catalog';
import { usePlan } from '../../api/plan';
import { useSession } from '../../api/session';
import { useOpenTicket, type OpenTicketBody } from '../../api/tickets';
import { useI18n } from '../../i18n';
import { formatBytes } from '../../i18n/format';
import { ErrorAlert } from '../../ui/ErrorAlert';

const MAX_BYTES = 10 * 1024 * 1024;

async function toBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function Component() {
  const { t, named } = useI18n();
  const navigate = useNavigate();
  const session = useSession();
  const accountId = session.data?.account?.id ?? '';
  const plan = usePlan(accountId);
  const catalog = useCatalog();
  const open = useOpenTicket();
  const [category, setCategory] = useState<'technical' | 'non_technical'>('technical');
  const [severity, setSeverity] = useState<string | undefined>();
  const [subject, setSubject] = useState('');
  const [description, setDescription] = useState('');
  const [affectedService, setAffectedService] = useState('');
  const [affectedRegion, setAffectedRegion] = useState('');
  const [endCustomer, setEndCustomer] = useState('');
  const [contactName, setContactName] = useState('');
  const [contactPhone, setContactPhone] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [fileError, setFileError] = useState<string | null>(null);
  const c = catalog.data;
  const e = plan.data?.entitlements;
  const allowed = Object.keys(e?.technicalSupport?.targets ?? {});
  const severities = (c?.severities ?? []).filter((s) => allowed.includes(s.id));
  const categories = e?.technicalSupport ? (['technical', 'non_technical'] as const) : (['non_technical'] as const);
  const endCustomerMode = c?.ticketEndCustomer ?? 'none';

  const submit = async () => {
    const attachments = await Promise.all(
      files.map(async (f) => ({
        filename: f.name,
        contentType: f.type || 'application/octet-stream',
        contentBase64: await toBase64(f),
      })),
    );
    const body: OpenTicketBody = {
      accountId,
      category,
      subject,
      description,
      ...(category === 'technical' && severity ? { severity } : {}),
      ...(affectedService ? { affectedService } : {}),
      ...(affectedRegion ? { affectedRegion } : {}),
      ...(endCustomer ? { endCustomer } : {}),
      ...(contactName ? { contacts: [{ name: contactName, ...(contactPhone ? { phone: contactPhone } : {}) }] } : {}),
      ...(attachments.length ? { attachments } : {}),
    };
    open.mutate(body, { onSuccess: (ticket) => void navigate(`/tickets/${ticket.id}`) });
  };
  const guide = c?.severities.find((s) => s.id === severity)?.description;
  return (
    <Space orientation="vertical" style={{ width: '100%', maxWidth: 760 }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('tickets.new')}
      </Typography.Title>
      <ErrorAlert error={open.error ?? plan.error} />
      <Form layout="vertical" onFinish={() => void submit()}>
        <Form.Item label={t('tickets.category')}>
          <Radio.Group
            name="category"
            aria-label={t('tickets.category')}
            value={category}
            onChange={(ev) => setCategory(ev.target.value as typeof category)}
            options={categories.map((k) => ({ value: k, label: t(`tickets.category.${k}`) }))}
          />
        </Form.Item>
        {category === 'technical' ? (
          <Form.Item label={t('tickets.severity')} htmlFor="ticket-severity" extra={guide ? named(guide) : undefined}>
            <Select
              id="ticket-severity"
              aria-label={t('tickets.severity')}
              value={severity}
              onChange={setSeverity}
              options={severities.map((s) => ({ value: s.id, label: named(s.names, s.id) }))}
            />
          </Form.Item>
        ) : null}
        <Form.Item label={t('tickets.subject')} htmlFor="ticket-subject">
          <Input id="ticket-subject" value={subject} maxLength={300} onChange={(ev) => setSubject(ev.target.value)} />
        </Form.Item>
        <Form.Item label={t('tickets.description')} htmlFor="ticket-description">
          <Input.TextArea
            id="ticket-description"
            rows={6}
            value={description}
            onChange={(ev) => setDescription(ev.target.value)}
          />
        </Form.Item>
        <Space wrap>
          <Form.Item label={t('tickets.affectedService')} htmlFor="ticket-service">
            <Input id="ticket-service" value={affectedService} onChange={(ev) => setAffectedService(ev.target.value)} />
          </Form.Item>
          <Form.Item label={t('tickets.affectedRegion')} htmlFor="ticket-region">
            <Input id="ticket-region" value={affectedRegion} onChange={(ev) => setAffectedRegion(ev.target.value)} />
          </Form.Item>
        </Space>
        {endCustomerMode !== 'none' ? (
          <Form.Item
            label={t('tickets.endCustomer')}
            htmlFor="ticket-end-customer"
            required={endCustomerMode === 'required'}
          >
            <Input id="ticket-end-customer" value={endCustomer} onChange={(ev) => setEndCustomer(ev.target.value)} />
          </Form.Item>
        ) : null}
        <Space wrap>
          <Form.Item label={t('tickets.contactName')} htmlFor="ticket-contact">
            <Input id="ticket-contact" value={contactName} onChange={(ev) => setContactName(ev.target.value)} />
          </Form.Item>
          <Form.Item label={t('tickets.contactPhone')} htmlFor="ticket-phone">
            <Input id="ticket-phone" value={contactPhone} onChange={(ev) => setContactPhone(ev.target.value)} />
          </Form.Item>
        </Space>
        <Form.Item
          label={t('tickets.attachment')}
          htmlFor="ticket-files"
          extra={t('tickets.attachmentLimits', { size: formatBytes(MAX_BYTES) })}
        >
          <input
            id="ticket-files"
            type="file"
            multiple
            onChange={(ev) => {
              const chosen = [...(ev.target.files ?? [])];
              const big = chosen.find((f) => f.size > MAX_BYTES);
              setFileError(
                big ? t('tickets.attachmentTooLarge', { name: big.name, size: formatBytes(MAX_BYTES) }) : null,
              );
              setFiles(big ? [] : chosen);
            }}
          />
        </Form.Item>
        {fileError ? <Alert type="error" role="alert" title={fileError} /> : null}
        <Button type="primary" htmlType="submit" loading={open.isPending}>
          {t('common.submit')}
        </Button>
      </Form>
    </Space>
  );
}
