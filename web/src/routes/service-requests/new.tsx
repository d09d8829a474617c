/**
 * The application form per service type from the catalog: scenarios, contact, delivery method, protection level,
 * start date (pre-filled with the earliest start the API computes from the lead time and the account's working days)
 * and days. Lead times and durations are the API's rules: a refusal names the earliest start.
 */
import { Button, Form, Input, InputNumber, Space, Typography } from 'antd';
import { Select } from '../../ui/Select';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useCatalog } from '../../api/catalog';
import { usePlan } from '../../api/plan';
import { useSession } from '../../api/session';
import { useApply, useServiceRequestStarts, type ApplyBody } from '../../api/service-requests';
import { useI18n } from '../../i18n';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { formatDate } from '../../i18n/format';

export function Component() {
  const { t, named, locale, timeZone } = useI18n();
  const navigate = useNavigate();
  const accountId = useSession().data?.account?.id ?? '';
  const catalog = useCatalog().data;
  const plan = usePlan(accountId).data;
  const apply = useApply();
  const starts = useServiceRequestStarts(accountId || undefined).data;
  const offered = new Set((plan?.entitlements?.services ?? []).map((s) => s.service));
  const services = (catalog?.services ?? []).filter((s) => offered.has(s.id));
  const [type, setType] = useState<string | undefined>();
  const def = services.find((s) => s.id === type);
  const [protectionLevel, setProtectionLevel] = useState<number | undefined>();
  const [start, setStart] = useState('');
  const [days, setDays] = useState(1);
  const [scenario, setScenario] = useState<string | undefined>();
  const [deliveryMethod, setDeliveryMethod] = useState<'email' | 'online' | 'onsite' | undefined>();
  const [contactName, setContactName] = useState('');
  const [contactPhone, setContactPhone] = useState('');
  const [notes, setNotes] = useState('');
  const startOf = (service: string | undefined, level: number | undefined) =>
    starts?.services.find((s) => s.type === service && (s.protectionLevel ?? undefined) === level);
  const earliest = startOf(type, protectionLevel);
  /** A new service or protection level: the start moves to its earliest allowed date. */
  const choose = (service: string | undefined, level: number | undefined) => {
    const first = startOf(service, level) ?? (level === undefined ? undefined : startOf(service, undefined));
    if (first) setStart(first.earliestStart);
  };
  const submit = () => {
    const body = {
      accountId,
      type,
      start,
      days,
      ...(protectionLevel ? { protectionLevel } : {}),
      ...(scenario ? { scenario } : {}),
      ...(deliveryMethod ? { deliveryMethod } : {}),
      ...(contactName ? { contact: { name: contactName, ...(contactPhone ? { phone: contactPhone } : {}) } } : {}),
      ...(notes ? { notes } : {}),
    } as ApplyBody;
    apply.mutate(body, { onSuccess: (sr) => void navigate(`/service-requests/${sr.id}`) });
  };
  return (
    <Space orientation="vertical" style={{ width: '100%', maxWidth: 720 }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('sr.new')}
      </Typography.Title>
      <ErrorAlert error={apply.error} />
      <Form layout="vertical" onFinish={submit}>
        <Form.Item label={t('sr.type')} htmlFor="sr-type">
          <Select
            id="sr-type"
            aria-label={t('sr.type')}
            value={type}
            onChange={(v) => {
              setType(v);
              setProtectionLevel(undefined);
              setScenario(undefined);
              const levels = services.find((s) => s.id === v)?.protectionLevels;
              choose(v, levels?.length ? levels[0]!.level : undefined);
              if (levels?.length) setProtectionLevel(levels[0]!.level);
            }}
            options={services.map((s) => ({ value: s.id, label: named(s.names, s.id) }))}
          />
        </Form.Item>
        {def?.protectionLevels?.length ? (
          <Form.Item label={t('sr.protectionLevel')} htmlFor="sr-level">
            <Select
              id="sr-level"
              aria-label={t('sr.protectionLevel')}
              value={protectionLevel}
              onChange={(v) => {
                setProtectionLevel(v);
                choose(type, v);
              }}
              options={def.protectionLevels.map((p) => ({ value: p.level, label: named(p.names, String(p.level)) }))}
            />
          </Form.Item>
        ) : null}
        {def?.scenarios?.length ? (
          <Form.Item label={t('sr.scenario')} htmlFor="sr-scenario">
            <Select
              id="sr-scenario"
              aria-label={t('sr.scenario')}
              value={scenario}
              onChange={setScenario}
              options={def.scenarios.map((s) => ({ value: s.id, label: named(s.names, s.id) }))}
            />
          </Form.Item>
        ) : null}
        <Space wrap>
          <Form.Item
            label={t('sr.start')}
            htmlFor="sr-start"
            extra={
              earliest ? (
                <span>
                  {t(earliest.leadTime?.advisory ? 'sr.earliestAdvised' : 'sr.earliest', {
                    date: formatDate(earliest.earliestStart, locale, timeZone),
                  })}
                </span>
              ) : (
                t('common.dateFormatHint')
              )
            }
          >
            <Input
              id="sr-start"
              type="date"
              value={start}
              min={earliest && !earliest.leadTime?.advisory ? earliest.earliestStart : starts?.applicationDate}
              onChange={(e) => setStart(e.target.value)}
            />
          </Form.Item>
          <Form.Item label={t('sr.days')} htmlFor="sr-days">
            <InputNumber
              id="sr-days"
              min={0.5}
              step={def?.wholeDays === false ? 0.5 : 1}
              value={days}
              onChange={(v) => setDays(Number(v ?? 1))}
            />
          </Form.Item>
        </Space>
        <Form.Item label={t('sr.deliveryMethod')} htmlFor="sr-delivery">
          <Select
            id="sr-delivery"
            aria-label={t('sr.deliveryMethod')}
            value={deliveryMethod}
            onChange={setDeliveryMethod}
            onClear={() => setDeliveryMethod(undefined)}
            options={(['email', 'online', 'onsite'] as const).map((d) => ({ value: d, label: t(`sr.delivery.${d}`) }))}
          />
        </Form.Item>
        <Space wrap>
          <Form.Item label={t('sr.contactName')} htmlFor="sr-contact">
            <Input id="sr-contact" value={contactName} onChange={(e) => setContactName(e.target.value)} />
          </Form.Item>
          <Form.Item label={t('sr.contactPhone')} htmlFor="sr-phone">
            <Input id="sr-phone" value={contactPhone} onChange={(e) => setContactPhone(e.target.value)} />
          </Form.Item>
        </Space>
        <Form.Item label={t('sr.notes')} htmlFor="sr-notes">
          <Input.TextArea id="sr-notes" value={notes} onChange={(e) => setNotes(e.target.value)} />
        </Form.Item>
        <Button type="primary" htmlType="submit" disabled={!type || !start} loading={apply.isPending}>
          {t('common.submit')}
        </Button>
      </Form>
    </Space>
  );
}
