/**
 * Opening a ticket (R-TKT-1…4): visibility → ticket API entitlement → plan → intake checks (category, severity,
 * channel and its service hours) → quota (exact, in the same transaction) → SLA deadline on the level's clock →
 * insert → outbox effects (webhook ticket.created, message center / mail). The deadline is stored and indexed; the
 * SLA sweep finds it.
 */
import { createHash } from 'node:crypto';
import type { SQLWrapper } from 'drizzle-orm';
import { inTicketTransaction } from './ticket-tx.js';
import type { Db } from '../../../platform/db.js';
import { DomainError, validationFailed } from '../../../platform/errors.js';
import { authorize } from '../../../platform/http/authorize.js';
import { isStaff, type Principal } from '../../../platform/http/principal.js';
import { newId } from '../../../platform/ids.js';
import { isOpenAt, localDateAt, nextOpenAt } from '../../../domain/calendar/index.js';
import { responseDueAt, warningAt } from '../../../domain/sla/index.js';
import { accountIdOrDefault, loadAccount } from '../../accounts/index.js';
import { findAccountRow } from '../../accounts/index.js';
import { quotaPeriodKey } from '../../subscriptions/index.js';
import { consumeQuota } from '../../subscriptions/index.js';
import { visibleAccountAndPlan } from '../../subscriptions/index.js';
import { adjustmentRecord, applyAdjustment, checkIntake, intakeChannel, type Category } from '../domain/intake.js';
import { ticketView, type TicketRow } from '../domain/views.js';
import { slaClockOf } from './sla-clock.js';
import type { SlaAdjustment, TicketsDeps } from '../ports.js';
import { nextTicketNumber, ticketInsert } from '../store/insert-ticket.js';
import { attachmentsInsert } from '../store/ticket-store.js';
import { customerTicketNotice } from './notices.js';
import { requireTicketApi } from '../../subscriptions/index.js';
import { validateAttachment, type AttachmentInput } from './attachments.js';
import { staffTicketNotice } from '../domain/messages.js';

export interface OpenTicketInput {
  /** Left out: the caller's one visible account (accountIdOrDefault). */
  accountId?: string | undefined;
  category: Category;
  severity?: string | undefined;
  channel?: string | undefined;
  subject: string;
  description: string;
  affectedService?: string | undefined;
  affectedRegion?: string | undefined;
  endCustomer?: string | undefined;
  contacts?: { name: string; email?: string | undefined; phone?: string | undefined }[] | undefined;
  attachments?: AttachmentInput[] | undefined;
  incidentId?: string | undefined;
}

/** The columns a ticket fills later: empty when it opens. */
const OPENED_EMPTY = {
  assigneeId: null,
  warnedAt: null,
  respondedAt: null,
  breached: false,
  breachedAt: null,
  resolvedAt: null,
  closedAt: null,
  ratingStars: null,
  ratingComment: null,
  ratedAt: null,
  expeditedAt: null,
  expeditedBy: null,
  expediteReason: null,
} as const satisfies Partial<TicketRow>;

/**
 * T + the provider date, then a per-database sequence that never resets (store/insert-ticket.ts): the date is only
 * a prefix, the sequence alone makes the number unique (a unique index holds it).
 */
function ticketNumberPrefix(now: Date, zone: string): string {
  return `T${localDateAt(now.getTime(), zone).replaceAll('-', '')}`;
}

/** The account's TAM, else the TAM of the account whose plan it uses; null when neither has one. */
async function tamOf(db: Db, account: { tamUserId: string | null }, planAccountId: string): Promise<string | null> {
  if (account.tamUserId) return account.tamUserId;
  const planAccount = await findAccountRow(db, planAccountId);
  return planAccount?.tamUserId ?? null;
}

export async function openTicket(deps: TicketsDeps, principal: Principal, input: OpenTicketInput) {
  const { catalog, clock } = deps;
  const now = clock.now();
  const accountId = await accountIdOrDefault(deps.db, principal, input.accountId);
  const { account, plan } = await visibleAccountAndPlan(deps, principal, accountId, now);
  requireTicketApi(catalog, principal, account, plan);
  authorize(principal, 'ticket.open', { category: input.category });
  const endCustomerRule = catalog.def.ticketEndCustomer ?? 'none';
  if (endCustomerRule === 'required' && input.category === 'technical' && !input.endCustomer?.trim()) {
    throw validationFailed([
      { path: 'body.endCustomer', message: 'a partner ticket names the end customer it is about (R-TKT-1)' },
    ]);
  }
  if (
    input.incidentId &&
    !(deps.incidentVisibleTo && (await deps.incidentVisibleTo(deps.db, input.incidentId, account.id)))
  ) {
    throw new DomainError('NOT_FOUND', { incident: input.incidentId }, `No incident ${input.incidentId}.`);
  }
  const attachments = (input.attachments ?? []).map((a, i) =>
    validateAttachment(a, deps.config.attachmentMaxBytes, `body.attachments.${i}`),
  );

  // Quotas (R-CAT-4): technical tickets only, counted on the plan's account, exact under concurrency — the one
  // step that needs a transaction around the ticket (its row lock and the refusal that rolls the ticket back).
  const quota =
    input.category === 'technical' ? plan.level?.quotas.find((q) => q.id === 'technical_tickets') : undefined;

  const open = async (tx: Db) => {
    const intake = intakeChannel(catalog, plan.level, input.category);
    const channel = input.channel ?? intake;
    const terms = checkIntake(catalog, plan.level, account.region, {
      category: input.category,
      severity: input.severity ?? null,
      channel,
    });
    const level = plan.level!;

    // R-TKT-4: channels offered only in service hours refuse outside them; the ticket channel (console and API)
    // takes tickets at any hour and the business-hours clock starts at the next service hour.
    if (channel !== intake && catalog.serviceHours(terms.channelHours).kind !== 'always') {
      const { calendar } = deps.calendars.forRegion(catalog, account.region, account.timeZone, terms.channelHours);
      if (!isOpenAt(now.getTime(), calendar)) {
        throw new DomainError(
          'NOT_ENTITLED',
          {
            entitlement: `channel:${channel}`,
            reason: 'outside_service_hours',
            hours: terms.channelHours,
            nextOpenAt: new Date(nextOpenAt(now.getTime(), calendar)).toISOString(),
          },
          `The ${channel} channel is open during ${terms.channelHours} only.`,
        );
      }
    }

    // Event protection windows and the like (R-TKT-3).
    let adjustment: SlaAdjustment | null = null;
    for (const adjust of deps.adjusters) {
      adjustment = await adjust(tx, {
        catalog,
        account,
        planAccountId: plan.planAccountId,
        level,
        category: input.category,
        severity: input.severity ?? null,
        at: now,
      });
      if (adjustment) break;
    }
    const { severity, targetIso, targetMinutes } = applyAdjustment(
      level,
      input.category,
      { severity: input.severity ?? null, targetIso: terms.targetIso, targetMinutes: terms.targetMinutes },
      adjustment,
    );

    let quotaPeriod: string | null = null;
    if (quota) {
      quotaPeriod = quotaPeriodKey(quota.period, now, quota.timeZone ?? catalog.timeZone);
      const planTenant =
        plan.planAccountId === account.id ? account.tenantId : (await loadAccount(tx, plan.planAccountId)).tenantId;
      await consumeQuota(
        tx,
        { tenantId: planTenant, accountId: plan.planAccountId, quota: 'technical_tickets', periodKey: quotaPeriod },
        quota.limit,
        now,
      );
    }

    const { calendar, holidayCountry } = deps.calendars.forRegion(
      catalog,
      account.region,
      account.timeZone,
      terms.clock,
    );
    const dueMs = responseDueAt({ openedAtMs: now.getTime(), targetMinutes, calendar });
    // A year without holiday data is reported (once, by the calendars) and counted as plain weekdays/weekends.
    deps.calendars.yearsWithoutData(calendar, now.getTime(), dueMs);

    const id = newId('tkt', now.getTime());
    // Issue 12: a ticket through the TAM channel goes to the account's TAM (a sub's or linked account's: the plan
    // account's TAM when it has none of its own).
    const tamId = channel === catalog.def.escalation.tamChannel ? await tamOf(tx, account, plan.planAccountId) : null;
    const opened = {
      ...OPENED_EMPTY,
      assigneeId: tamId,
      id,
      tenantId: account.tenantId,
      accountId: account.id,
      planAccountId: plan.planAccountId,
      planSource: plan.source,
      level: level.id,
      category: input.category,
      severity,
      originalSeverity: input.severity ?? null,
      channel,
      subject: input.subject,
      description: input.description,
      affectedService: input.affectedService ?? null,
      affectedRegion: input.affectedRegion ?? null,
      endCustomer: input.endCustomer ?? null,
      contacts: input.contacts ?? [],
      status: 'open',
      priority: plan.source === 'linked',
      incidentId: input.incidentId ?? null,
      createdBy: principal.id,
      createdVia: isStaff(principal) ? 'staff' : principal.via === 'api_key' ? 'api' : 'console',
      targetIso,
      targetMinutes,
      clock: terms.clock,
      timeZone: account.timeZone,
      holidayCountry,
      slaBinding: level.slaBinding,
      bestEffort: terms.bestEffort,
      slaAdjustment: adjustmentRecord(adjustment),
      responseDueAt: new Date(dueMs),
      warningAt: new Date(warningAt({ openedAtMs: now.getTime(), targetMinutes, calendar })),
      resolutionPriority: level.resolutionPriority,
      restorationPriority: level.restorationPriority,
      quotaPeriod,
      openedAt: now,
      updatedAt: now,
    } satisfies Omit<TicketRow, 'number'>;
    // The database numbers tickets; the row is what is written.
    const row: TicketRow = { ...opened, number: await nextTicketNumber(tx, ticketNumberPrefix(now, catalog.timeZone)) };
    const writes: SQLWrapper[] = [ticketInsert(row)];
    // All attachments in one INSERT, in the order sent (they share created_at; the ticket lists them so).
    if (attachments.length)
      writes.push(
        attachmentsInsert(
          tx,
          attachments.map((a) => ({
            id: newId('att', now.getTime()),
            tenantId: account.tenantId,
            ticketId: id,
            filename: a.filename,
            contentType: a.contentType,
            sizeBytes: a.data.length,
            sha256: createHash('sha256').update(a.data).digest('hex'),
            visibility: 'public',
            data: a.data,
            createdBy: principal.id,
            createdAt: now,
          })),
        ),
      );
    // R-NTF-1: the acknowledgement (message center and mail, with the number and the response deadline) and the
    // ITSM webhook, whoever opened it — in one statement with the ticket and its attachments.
    const notices = deps.notifier.customer(
      customerTicketNotice(account, level, row, 'ticket.created', `ticket:${id}:created`),
    );
    if (tamId)
      notices.push(
        ...deps.notifier.staff({
          userIds: [tamId],
          tenantId: row.tenantId,
          kind: 'ticket.assigned',
          dedupeKey: `ticket:${id}:tam`,
          ...staffTicketNotice('staff.tam_ticket.title', row),
          data: { ticketId: id, responseDueAt: row.responseDueAt.toISOString() },
        }),
      );
    await deps.outbox.enqueue(tx, notices, now, writes);
    return ticketView(row, { staff: isStaff(principal), clock: slaClockOf(deps, row, now) });
  };
  // Every ticket tells someone (the acknowledgement): the ticket and its notices are one statement, atomic alone;
  // with a quota, that statement and the quota's row lock are one transaction.
  if (quota) return inTicketTransaction(deps, open);
  try {
    return await open(deps.db);
  } finally {
    deps.outbox.kick();
  }
}
