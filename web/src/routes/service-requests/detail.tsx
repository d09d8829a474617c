/** A service request: window, state, deliverables; withdraw and evaluation (customer); accept/reject/complete (staff). */
import { Alert, Button, Card, Descriptions, Input, Rate, Space, Tag, Typography } from 'antd';
import { ItemList } from '../../ui/ItemList';
import { useState } from 'react';
import { useParams } from 'react-router';
import { isStaff, useSession } from '../../api/session';
import {
  useAddDeliverable,
  useDeliverables,
  useEvaluate,
  useMoveServiceRequest,
  useReschedule,
  useServiceRequest,
} from '../../api/service-requests';
import { Select } from '../../ui/Select';
import { useCatalog } from '../../api/catalog';
import { useI18n } from '../../i18n';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { DateOnly, DateTime } from '../../ui/format';

type Delivery = 'email' | 'online' | 'onsite';

export function Component() {
  const { id = '' } = useParams();
  const { t, named } = useI18n();
  const staff = isStaff(useSession().data?.role);
  const catalog = useCatalog().data;
  const sr = useServiceRequest(id);
  const deliverables = useDeliverables(id);
  const move = useMoveServiceRequest(id);
  const evaluate = useEvaluate(id);
  const upload = useAddDeliverable(id);
  const reschedule = useReschedule(id);
  const [newStart, setNewStart] = useState('');
  const [newDelivery, setNewDelivery] = useState<Delivery | undefined>();
  const [moveReason, setMoveReason] = useState('');
  const [speed, setSpeed] = useState(5);
  const [quality, setQuality] = useState(5);
  const [feedback, setFeedback] = useState('');
  const [reason, setReason] = useState('');
  if (sr.error) return <ErrorAlert error={sr.error} />;
  if (!sr.data) return <div role="status">{t('common.loading')}</div>;
  const r = sr.data;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {r.number} · {named(catalog?.services.find((s) => s.id === r.type)?.names, r.type)}
      </Typography.Title>
      {r.warnings.map((w) => (
        <Alert key={w.code} type="warning" title={w.message} />
      ))}
      <Card>
        <Descriptions bordered size="small" column={2}>
          <Descriptions.Item label={t('common.status')}>
            <Tag>{t(`sr.status.${r.status}`)}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('sr.window')}>
            <DateOnly value={r.start} /> – <DateOnly value={r.end} /> ({r.days})
          </Descriptions.Item>
          {r.protectionLevel ? (
            <Descriptions.Item label={t('sr.protectionLevel')}>{r.protectionLevel}</Descriptions.Item>
          ) : null}
          <Descriptions.Item label={t('common.createdAt')}>
            <DateTime value={r.submittedAt} />
          </Descriptions.Item>
          {r.deliveryMethod ? (
            <Descriptions.Item label={t('sr.deliveryMethod')}>
              {t(`sr.delivery.${r.deliveryMethod as Delivery}`)}
            </Descriptions.Item>
          ) : null}
          {r.rejectReason ? <Descriptions.Item label={t('sr.rejectReason')}>{r.rejectReason}</Descriptions.Item> : null}
        </Descriptions>
      </Card>
      <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>{t('sr.deliverables')}</h2>}>
        <ItemList
          items={deliverables.data?.items ?? []}
          itemKey={(d) => d.id}
          render={(d) => (
            <a href={`/api/v1/service-requests/${r.id}/deliverables/${d.id}`} download={d.filename}>
              {t('sr.download')} {d.filename}
            </a>
          )}
        />
        {staff && r.status === 'processing' ? (
          <label>
            {t('sr.upload')}{' '}
            <input
              type="file"
              onChange={(e) => {
                const f = e.target.files?.[0];
                if (!f) return;
                void f.arrayBuffer().then((buf) => {
                  let bin = '';
                  const bytes = new Uint8Array(buf);
                  for (let i = 0; i < bytes.length; i += 0x8000)
                    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
                  upload.mutate({
                    filename: f.name,
                    contentType: f.type || 'application/pdf',
                    contentBase64: btoa(bin),
                  });
                });
              }}
            />
          </label>
        ) : null}
      </Card>
      {staff && (r.status === 'submitted' || r.status === 'processing') ? (
        <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>{t('sr.reschedule')}</h2>}>
          <ErrorAlert error={reschedule.error} />
          <Space wrap align="end">
            <label>
              <span style={{ display: 'block' }}>{t('sr.newStart')}</span>
              <Input
                type="date"
                aria-label={t('sr.newStart')}
                value={newStart}
                onChange={(e) => setNewStart(e.target.value)}
              />
            </label>
            <label>
              <span style={{ display: 'block' }}>{t('sr.newDelivery')}</span>
              <Select<Delivery>
                aria-label={t('sr.newDelivery')}
                value={newDelivery}
                onChange={setNewDelivery}
                onClear={() => setNewDelivery(undefined)}
                placeholder={t('sr.keepDelivery')}
                options={(['email', 'online', 'onsite'] as const).map((d) => ({
                  value: d,
                  label: t(`sr.delivery.${d}`),
                }))}
              />
            </label>
            <label>
              <span style={{ display: 'block' }}>{t('sr.rescheduleReason')}</span>
              <Input
                aria-label={t('sr.rescheduleReason')}
                maxLength={500}
                value={moveReason}
                onChange={(e) => setMoveReason(e.target.value)}
              />
            </label>
            <Button
              disabled={!moveReason.trim() || (!newStart && !newDelivery) || reschedule.isPending}
              onClick={() =>
                reschedule.mutate(
                  {
                    reason: moveReason,
                    ...(newStart ? { start: newStart } : {}),
                    ...(newDelivery ? { deliveryMethod: newDelivery } : {}),
                  },
                  { onSuccess: () => setMoveReason('') },
                )
              }
            >
              {t('sr.rescheduleButton')}
            </Button>
          </Space>
        </Card>
      ) : null}
      <Card>
        <ErrorAlert error={move.error ?? evaluate.error ?? upload.error} />
        {staff ? (
          <Space wrap>
            {r.status === 'submitted' ? (
              <Button onClick={() => move.mutate({ action: 'accept' })}>{t('sr.accept')}</Button>
            ) : null}
            {r.status === 'processing' ? (
              <Button onClick={() => move.mutate({ action: 'complete' })}>{t('sr.complete')}</Button>
            ) : null}
            {r.status === 'submitted' || r.status === 'processing' ? (
              <>
                <Input
                  aria-label={t('sr.rejectReason')}
                  placeholder={t('sr.rejectReason')}
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                />
                <Button danger disabled={!reason} onClick={() => move.mutate({ action: 'reject', reason })}>
                  {t('sr.reject')}
                </Button>
              </>
            ) : null}
          </Space>
        ) : r.status === 'submitted' ? (
          <Button onClick={() => move.mutate({ action: 'withdraw' })}>{t('sr.withdraw')}</Button>
        ) : r.status === 'completed' && !r.evaluation ? (
          <Space orientation="vertical">
            <span>{t('sr.responseSpeed')}</span>
            <Rate aria-label={t('sr.responseSpeed')} value={speed} onChange={setSpeed} />
            <span>{t('sr.deliverableQuality')}</span>
            <Rate aria-label={t('sr.deliverableQuality')} value={quality} onChange={setQuality} />
            <Input.TextArea
              aria-label={t('sr.feedback')}
              placeholder={t('sr.feedback')}
              maxLength={500}
              value={feedback}
              onChange={(e) => setFeedback(e.target.value)}
            />
            <Button
              type="primary"
              onClick={() =>
                evaluate.mutate({
                  responseSpeed: speed,
                  deliverableQuality: quality,
                  ...(feedback ? { feedback } : {}),
                })
              }
            >
              {t('sr.evaluate')}
            </Button>
          </Space>
        ) : r.evaluation ? (
          <Tag color="green">{t('sr.evaluated')}</Tag>
        ) : null}
      </Card>
    </Space>
  );
}
