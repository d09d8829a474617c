/**
 * A ticket: the conversation, the SLA due time counting down, reply ("Reply"/"回复", "Send"/"发送"), close/reopen,
 * rating. Staff (routes/staff/ticket.tsx) get internal notes, re-grade, status and assignment on the same page.
 */
import { Button, Card, Checkbox, Descriptions, Input, Rate, Space, Tag, Typography } from 'antd';
import { Select } from '../../ui/Select';
import { ItemList } from '../../ui/ItemList';
import { useState } from 'react';
import { useParams } from 'react-router';
import { useStaffUsers } from '../../api/accounts';
import { isStaff, useSession } from '../../api/session';
import { useAssign, useChangeStatus, useRate, useRegrade, useReply, useTicket } from '../../api/tickets';
import type { TicketDetail } from '../../api/types';
import { useCatalog } from '../../api/catalog';
import { usePlan } from '../../api/plan';
import { useExpedite } from '../../api/profile';
import { useI18n } from '../../i18n';
import { Countdown } from '../../ui/Countdown';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { DateTime } from '../../ui/format';
import { Severity, STATUSES } from './list';

export function Component() {
  const { id } = useParams();
  const ticket = useTicket(id);
  const { t } = useI18n();
  if (ticket.error) return <ErrorAlert error={ticket.error} />;
  if (!ticket.data) return <div role="status">{t('common.loading')}</div>;
  return <TicketPage ticket={ticket.data} />;
}

export function TicketPage({ ticket }: { ticket: TicketDetail }) {
  const { t } = useI18n();
  const session = useSession();
  const staff = isStaff(session.data?.role);
  const reply = useReply(ticket.id);
  const status = useChangeStatus(ticket.id);
  const rate = useRate(ticket.id);
  const [body, setBody] = useState('');
  const [internal, setInternal] = useState(false);
  const [stars, setStars] = useState(5);
  const [comment, setComment] = useState('');
  const me = session.data?.user.id;
  const author = (r: TicketDetail['replies'][number]) =>
    r.authorId === me ? t('tickets.you') : r.authorKind === 'customer' ? t('tickets.customer') : t('tickets.staff');
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {ticket.number} · {ticket.subject}
      </Typography.Title>
      <Card>
        <Descriptions column={2} size="small" bordered>
          <Descriptions.Item label={t('common.status')}>
            <Tag>{t(`tickets.status.${ticket.status}`)}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('tickets.responseDue')}>
            <Countdown sla={ticket.sla} /> <DateTime value={ticket.sla.responseDueAt} />
          </Descriptions.Item>
          <Descriptions.Item label={t('tickets.category')}>
            {t(`tickets.category.${ticket.category}`)}
          </Descriptions.Item>
          <Descriptions.Item label={t('tickets.severity')}>
            <Severity id={ticket.severity} />
          </Descriptions.Item>
          <Descriptions.Item label={t('tickets.openedAt')}>
            <DateTime value={ticket.openedAt} />
          </Descriptions.Item>
          {staff ? (
            <Descriptions.Item label={t('queue.assignee')}>
              {!ticket.assigneeId
                ? t('queue.unassigned')
                : ticket.assigneeId === me
                  ? t('tickets.you')
                  : ticket.assigneeId}
            </Descriptions.Item>
          ) : null}
          {ticket.expedited ? (
            <Descriptions.Item label={t('tickets.expedited')}>
              <DateTime value={ticket.expedited.at} /> {ticket.expedited.reason}
            </Descriptions.Item>
          ) : null}
          {ticket.rating ? (
            <Descriptions.Item label={t('tickets.rate')}>
              {t('tickets.rated', { stars: ticket.rating.stars })}
            </Descriptions.Item>
          ) : null}
        </Descriptions>
        <Typography.Paragraph style={{ marginTop: 16, whiteSpace: 'pre-wrap' }}>
          {ticket.description}
        </Typography.Paragraph>
      </Card>
      {staff ? <StaffTools ticket={ticket} /> : null}
      <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>{t('tickets.conversation')}</h2>}>
        <ItemList
          ordered
          label={t('tickets.conversation')}
          items={ticket.replies}
          itemKey={(r) => r.id}
          render={(r) => (
            <article>
              <div className="reply-head">
                <strong>{author(r)}</strong>
                <DateTime value={r.createdAt} />
                {r.visibility === 'internal' ? <Tag color="purple">{t('tickets.internal')}</Tag> : null}
              </div>
              <p className="reply-body">{r.body}</p>
            </article>
          )}
        />
        {ticket.status !== 'closed' ? (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <label htmlFor="ticket-reply">{t('tickets.reply')}</label>
            <Input.TextArea id="ticket-reply" rows={4} value={body} onChange={(e) => setBody(e.target.value)} />
            {staff ? (
              <Checkbox checked={internal} onChange={(e) => setInternal(e.target.checked)}>
                {t('ws.internalNote')}
              </Checkbox>
            ) : null}
            <ErrorAlert error={reply.error} />
            <Button
              type="primary"
              disabled={!body.trim()}
              loading={reply.isPending}
              onClick={() =>
                reply.mutate({ body, ...(internal ? { internal: true } : {}) }, { onSuccess: () => setBody('') })
              }
            >
              {t('tickets.send')}
            </Button>
          </Space>
        ) : null}
      </Card>
      {!staff ? (
        <Card>
          <ErrorAlert error={status.error ?? rate.error} />
          <Space wrap>
            {ticket.status !== 'closed' && ticket.status !== 'resolved' ? (
              <Button onClick={() => status.mutate({ status: 'resolved' })}>{t('tickets.resolve')}</Button>
            ) : null}
            {ticket.status !== 'closed' ? (
              <Button onClick={() => status.mutate({ status: 'closed' })}>{t('tickets.closeTicket')}</Button>
            ) : null}
            {ticket.status === 'resolved' ? (
              <Button onClick={() => status.mutate({ status: 'open' })}>{t('tickets.reopen')}</Button>
            ) : null}
          </Space>
          <Expedite ticket={ticket} />
          {(ticket.status === 'resolved' || ticket.status === 'closed') && !ticket.rating ? (
            <Space orientation="vertical" style={{ marginTop: 16 }}>
              <Rate aria-label={t('tickets.stars')} value={stars} onChange={setStars} />
              <Input.TextArea
                aria-label={t('tickets.comment')}
                placeholder={t('tickets.comment')}
                value={comment}
                onChange={(e) => setComment(e.target.value)}
              />
              <Button onClick={() => rate.mutate({ stars, ...(comment ? { comment } : {}) })}>
                {t('tickets.rate')}
              </Button>
            </Space>
          ) : null}
        </Card>
      ) : null}
    </Space>
  );
}

/**
 * 工单加急 (issue 12): for levels whose plan has the catalog's escalation.expedite feature, on an open ticket not
 * expedited yet, with the reason the catalog asks for.
 */
function Expedite({ ticket }: { ticket: TicketDetail }) {
  const { t } = useI18n();
  const catalog = useCatalog().data;
  const plan = usePlan(ticket.accountId).data;
  const expedite = useExpedite(ticket.id);
  const [reason, setReason] = useState('');
  const rule = catalog?.escalation.expedite;
  const open = !['resolved', 'closed'].includes(ticket.status);
  if (!rule || !open || ticket.expedited || !plan?.entitlements?.features.includes(rule.feature as never)) return null;
  return (
    <Space wrap style={{ marginTop: 16 }}>
      <ErrorAlert error={expedite.error} />
      <Input
        aria-label={t('tickets.expediteReason')}
        placeholder={t('tickets.expediteReason')}
        value={reason}
        maxLength={500}
        onChange={(e) => setReason(e.target.value)}
        style={{ width: 320 }}
      />
      <Button
        danger
        disabled={rule.reasonRequired && !reason}
        loading={expedite.isPending}
        onClick={() => expedite.mutate(reason)}
      >
        {t('tickets.expedite')}
      </Button>
    </Space>
  );
}

function StaffTools({ ticket }: { ticket: TicketDetail }) {
  const { t, named } = useI18n();
  const session = useSession();
  const catalog = useCatalog().data;
  const status = useChangeStatus(ticket.id);
  const assign = useAssign(ticket.id);
  const regrade = useRegrade(ticket.id);
  const engineers = useStaffUsers('support_engineer', session.data?.user.role);
  const [assignee, setAssignee] = useState<string | undefined>();
  const [to, setTo] = useState<(typeof STATUSES)[number] | undefined>();
  const [severity, setSeverity] = useState<string | undefined>();
  const [reason, setReason] = useState('');
  return (
    <Card>
      <ErrorAlert error={status.error ?? assign.error ?? regrade.error ?? engineers.error} />
      <Space wrap align="end">
        <Button onClick={() => assign.mutate(session.data!.user.id)}>{t('ws.assignToMe')}</Button>
        <Select
          aria-label={t('ws.assignee')}
          placeholder={t('ws.assigneePick')}
          style={{ width: 280 }}
          value={assignee}
          onChange={setAssignee}
          options={(engineers.data ?? []).map((u) => ({
            value: u.id,
            label: u.grade
              ? `${u.name} (${named(catalog?.handlers.find((h) => h.id === u.grade)?.names, u.grade)})`
              : u.name,
          }))}
        />
        <Button disabled={!assignee} onClick={() => assignee && assign.mutate(assignee)}>
          {t('ws.assign')}
        </Button>
        <Select
          aria-label={t('ws.moveTo')}
          placeholder={t('ws.moveTo')}
          style={{ width: 200 }}
          value={to}
          onChange={setTo}
          options={STATUSES.map((s) => ({ value: s, label: t(`tickets.status.${s}`) }))}
        />
        <Button disabled={!to} onClick={() => to && status.mutate({ status: to })}>
          {t('ws.status')}
        </Button>
        {ticket.category === 'technical' ? (
          <>
            <Select
              aria-label={t('ws.regrade')}
              placeholder={t('ws.regrade')}
              style={{ width: 200 }}
              value={severity}
              onChange={setSeverity}
              options={(catalog?.severities ?? []).map((s) => ({ value: s.id, label: named(s.names, s.id) }))}
            />
            <Input
              aria-label={t('ws.regradeReason')}
              placeholder={t('ws.regradeReason')}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
            <Button disabled={!severity || !reason} onClick={() => severity && regrade.mutate({ severity, reason })}>
              {t('ws.regrade')}
            </Button>
          </>
        ) : null}
      </Space>
    </Card>
  );
}
