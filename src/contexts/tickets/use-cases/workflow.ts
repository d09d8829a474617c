/**
 * The life of a ticket (R-TKT-1/3/5): replies (the first public staff reply stops the SLA clock; internal notes
 * and status changes do not), status moves a helpdesk allows (INVALID_STATE otherwise), assignment to engineers of
 * the level's handler grade, staff re-grades (the SLA follows, logged with a reason), ratings once after resolution.
 */
import type { Db } from '../../../platform/db.js';
import { inTicketTransaction } from './ticket-tx.js';
import { DomainError, validationFailed } from '../../../platform/errors.js';
import { authorize } from '../../../platform/http/authorize.js';
import { isStaff, type Principal } from '../../../platform/http/principal.js';
import { newId } from '../../../platform/ids.js';
import { isBreached, regrade as regradeSla, warningAt } from '../../../domain/sla/index.js';
import { loadAccount } from '../../accounts/index.js';
import { findUser, loadAssignableStaff } from '../../accounts/index.js';
import type { AccountRow } from '../../accounts/index.js';
import { canMove, type TicketStatus } from '../domain/status.js';
import { adjustmentRecord, applyAdjustment, minutesOf } from '../domain/intake.js';
import { gradeCanHandle } from '../domain/handlers.js';
import { replyView, ticketView, type TicketRow } from '../domain/views.js';
import { slaClockOf } from './sla-clock.js';
import type { SlaAdjustment, TicketsDeps } from '../ports.js';
import { insertReply, insertTicketEvent, updateTicket, type TicketPatch } from '../store/ticket-store.js';
import { customerTicketNotice } from './notices.js';
import { loadTicket } from './ticket-access.js';
import { recordBreach } from './record-breach.js';
import { staffTicketNotice } from '../domain/messages.js';

type Patch = TicketPatch;

/** Logs an event on the ticket; returns its id. */
async function event(
  tx: Db,
  t: TicketRow,
  kind: string,
  actor: string,
  data: Record<string, unknown>,
  at: Date,
  internal = false,
): Promise<string> {
  const id = newId('tev', at.getTime());
  await insertTicketEvent(tx, { id, tenantId: t.tenantId, ticketId: t.id, kind, actor, data, internal, at });
  return id;
}

async function save(tx: Db, t: TicketRow, patch: Patch): Promise<TicketRow> {
  return updateTicket(tx, t.id, patch);
}

function levelOf(deps: TicketsDeps, t: TicketRow) {
  return deps.catalog.findLevel(t.level) ?? null;
}

/** Status change with its stamps, event and notices. */
async function moveTo(
  deps: TicketsDeps,
  tx: Db,
  account: AccountRow,
  t: TicketRow,
  to: TicketStatus,
  actor: string,
  now: Date,
  reason?: string,
  /**
   * `quiet`: a move a staff reply caused (message center and webhook; the reply is the one mail). `webhook`: a move
   * the customer's own reply caused (their ITSM hears of it, nobody tells them what they did).
   */
  tell: 'all' | 'quiet' | 'webhook' = 'all',
): Promise<TicketRow> {
  const from = t.status as TicketStatus;
  if (from === to) return t;
  if (!canMove(from, to))
    throw new DomainError('INVALID_STATE', { status: from, requested: to }, `A ${from} ticket cannot become ${to}.`);
  const patch: Patch = { status: to, updatedAt: now };
  if (to === 'resolved') patch.resolvedAt = now;
  if (to === 'closed') patch.closedAt = now;
  if (from === 'resolved' && to === 'in_progress') patch.resolvedAt = null;
  const row = await save(tx, t, patch);
  const eventId = await event(tx, row, 'status_changed', actor, { from, to, ...(reason ? { reason } : {}) }, now);
  // Once per move: the event id names it (resolve → reopen → resolve within one instant is two notices).
  await deps.outbox.enqueue(
    tx,
    deps.notifier.customer(
      customerTicketNotice(
        account,
        levelOf(deps, row),
        row,
        'ticket.status_changed',
        `ticket:${row.id}:status:${to}:${eventId}`,
        { from, to },
        { webhookOnly: tell === 'webhook', quiet: tell === 'quiet' },
      ),
    ),
    now,
  );
  return row;
}

export async function replyToTicket(
  deps: TicketsDeps,
  principal: Principal,
  ticketId: string,
  input: { body: string; internal?: boolean | undefined },
) {
  const now = deps.clock.now();
  const staff = isStaff(principal);
  return inTicketTransaction(deps, async (tx) => {
    // Visibility first (another tenant's ticket is NOT_FOUND before any other refusal, R-TKT-6), then the role.
    const loaded = await loadTicket(deps, tx, principal, ticketId, now, { forUpdate: true });
    let t = loaded.ticket;
    authorize(principal, input.internal ? 'ticket.reply_internal' : 'ticket.reply', { category: t.category });
    if (t.status === 'closed')
      throw new DomainError('INVALID_STATE', { status: t.status }, 'The ticket is closed; open a new one.');
    const visibility = input.internal ? 'internal' : 'public';
    const reply = await insertReply(tx, {
      id: newId('rpl', now.getTime()),
      tenantId: t.tenantId,
      ticketId: t.id,
      authorId: principal.id,
      authorKind: staff ? 'staff' : 'customer',
      visibility,
      body: input.body,
      createdAt: now,
    });
    const patch: Patch = { updatedAt: now };
    if (staff && visibility === 'public' && !t.respondedAt) {
      // R-TKT-3: the first public staff reply stops the clock; at or before the deadline is on time.
      patch.respondedAt = now;
      if (!t.breached && isBreached(t.responseDueAt.getTime(), now.getTime(), now.getTime())) {
        patch.breached = true;
        patch.breachedAt = t.responseDueAt;
      }
    }
    t = await save(tx, t, patch);
    // A late first reply that beats the sweep to the breach (the scheduler ticks once a minute) records it the same way.
    if (patch.breached) await recordBreach(deps, tx, t, loaded.account, t.responseDueAt);
    if (visibility === 'public') {
      // The move a reply causes is not mailed by itself: the customer hears of the reply (one mail), or wrote it.
      if (staff && t.status === 'open')
        t = await moveTo(deps, tx, loaded.account, t, 'in_progress', principal.id, now, undefined, 'quiet');
      if (!staff && (t.status === 'waiting_for_customer' || t.status === 'resolved'))
        t = await moveTo(deps, tx, loaded.account, t, 'in_progress', principal.id, now, 'customer replied', 'webhook');
      const author = staff ? await findUser(tx, principal.id) : undefined;
      await deps.outbox.enqueue(
        tx,
        deps.notifier.customer(
          customerTicketNotice(
            loaded.account,
            levelOf(deps, t),
            t,
            'ticket.replied',
            `ticket:${t.id}:reply:${reply.id}`,
            { replyId: reply.id, authorKind: reply.authorKind, body: reply.body },
            { webhookOnly: !staff, actorName: author?.name ?? null },
          ),
        ),
        now,
      );
      if (!staff && t.assigneeId) {
        await deps.outbox.enqueue(
          tx,
          deps.notifier.staff({
            userIds: [t.assigneeId],
            tenantId: t.tenantId,
            kind: 'ticket.customer_replied',
            dedupeKey: `ticket:${t.id}:reply:${reply.id}:staff`,
            ...staffTicketNotice('staff.customer_replied.title', t),
            data: { ticketId: t.id },
          }),
          now,
        );
      }
    }
    return { reply: replyView(reply), ticket: ticketView(t, { staff, clock: slaClockOf(deps, t, now) }) };
  });
}

/** Who may set which status: customers close or mark resolved; staff any allowed move. */
export async function changeStatus(
  deps: TicketsDeps,
  principal: Principal,
  ticketId: string,
  to: TicketStatus,
  reason?: string,
) {
  const now = deps.clock.now();
  const staff = isStaff(principal);
  return inTicketTransaction(deps, async (tx) => {
    const { ticket, account } = await loadTicket(deps, tx, principal, ticketId, now, { forUpdate: true });
    // Customers resolve, close or reopen (ticket.set_customer_status); other moves are staff's (ticket.set_status).
    const customerMove = to === 'closed' || to === 'resolved' || to === 'in_progress';
    authorize(
      principal,
      to === 'closed' ? 'ticket.close' : customerMove ? 'ticket.set_customer_status' : 'ticket.set_status',
      {
        category: ticket.category,
      },
    );
    if (!staff && to === 'in_progress' && ticket.status !== 'resolved') {
      throw new DomainError(
        'INVALID_STATE',
        { status: ticket.status, requested: to },
        'Customers reopen resolved tickets only.',
      );
    }
    if (ticket.status === to)
      throw new DomainError('INVALID_STATE', { status: ticket.status, requested: to }, `The ticket is already ${to}.`);
    const row = await moveTo(deps, tx, account, ticket, to, principal.id, now, reason);
    return ticketView(row, { staff, clock: slaClockOf(deps, row, now) });
  });
}

/** R-ACC-4: a ticket goes to a support engineer of at least the level's handler grade, or to a TAM. */
export async function assignTicket(deps: TicketsDeps, principal: Principal, ticketId: string, assigneeId: string) {
  const now = deps.clock.now();
  return inTicketTransaction(deps, async (tx) => {
    const { ticket, account } = await loadTicket(deps, tx, principal, ticketId, now, { forUpdate: true });
    authorize(principal, 'ticket.assign', { category: ticket.category });
    if (ticket.status === 'closed') throw new DomainError('INVALID_STATE', { status: ticket.status });
    const user = await loadAssignableStaff(tx, assigneeId);
    const level = levelOf(deps, ticket);
    if (user.role === 'support_engineer' && level && !gradeCanHandle(deps.catalog, level, user.grade)) {
      throw validationFailed([
        {
          path: 'body.assigneeId',
          message: `the ${level.id} level is handled by ${level.handler} or above; ${user.id} is ${user.grade ?? 'ungraded'}`,
        },
      ]);
    }
    let row = await save(tx, ticket, { assigneeId: user.id, updatedAt: now });
    await event(tx, row, 'assigned', principal.id, { assigneeId: user.id, previous: ticket.assigneeId }, now, true);
    if (row.status === 'open') row = await moveTo(deps, tx, account, row, 'in_progress', principal.id, now, 'assigned');
    await deps.outbox.enqueue(
      tx,
      deps.notifier.staff({
        userIds: [user.id],
        tenantId: row.tenantId,
        kind: 'ticket.assigned',
        dedupeKey: `ticket:${row.id}:assigned:${user.id}:${now.toISOString()}`,
        ...staffTicketNotice('staff.assigned.title', row),
        data: { ticketId: row.id, responseDueAt: row.responseDueAt.toISOString() },
      }),
      now,
    );
    return ticketView(row, { staff: true, clock: slaClockOf(deps, row, now) });
  });
}

/**
 * R-TKT-3/4: staff re-grade; the deadline = creation time + the new target on the level's clock; if that is
 * already past with no response the ticket is breached at the re-grade, and a first reply that came after the new
 * deadline makes it breached too (escalated either way, at the re-grade). An SLA adjuster (an event-protection window
 * at the ticket's opening) applies to the new severity as at intake: a severity to handle it as (Tianyi 重保), or a
 * shorter target. Logged with its reason.
 */
export async function regradeTicket(
  deps: TicketsDeps,
  principal: Principal,
  ticketId: string,
  input: { severity: string; reason: string },
) {
  const now = deps.clock.now();
  return inTicketTransaction(deps, async (tx) => {
    const { ticket, account } = await loadTicket(deps, tx, principal, ticketId, now, { forUpdate: true });
    authorize(principal, 'ticket.regrade', { category: ticket.category });
    if (ticket.category !== 'technical')
      throw new DomainError('INVALID_STATE', { category: ticket.category }, 'Only technical tickets have a severity.');
    if (ticket.status === 'closed') throw new DomainError('INVALID_STATE', { status: ticket.status });
    if (deps.catalog.severityIndex(input.severity) === undefined)
      throw validationFailed([
        { path: 'body.severity', message: `one of ${deps.catalog.def.severities.map((s) => s.id).join(', ')}` },
      ]);
    const level = levelOf(deps, ticket);
    const target = level?.technical?.targets[input.severity];
    if (!level?.technical || !target) {
      const allowedSeverities = level?.technical
        ? deps.catalog.def.severities.map((s) => s.id).filter((s) => s in level.technical!.targets)
        : [];
      throw new DomainError(
        'NOT_ENTITLED',
        { entitlement: `severity:${input.severity}`, level: ticket.level, allowedSeverities },
        `The ${ticket.level} level does not offer ${input.severity}.`,
      );
    }
    if (input.severity === ticket.severity)
      throw new DomainError('INVALID_STATE', { severity: ticket.severity }, 'The ticket already has this severity.');
    // The event protection in force when the ticket was opened applies to the new severity as it did at intake.
    let adjustment: SlaAdjustment | null = null;
    for (const adjust of deps.adjusters) {
      adjustment = await adjust(tx, {
        catalog: deps.catalog,
        account,
        planAccountId: ticket.planAccountId,
        level,
        category: 'technical',
        severity: input.severity,
        at: ticket.openedAt,
      });
      if (adjustment) break;
    }
    const { severity, targetIso, targetMinutes } = applyAdjustment(
      level,
      'technical',
      { severity: input.severity, targetIso: target, targetMinutes: minutesOf(target) },
      adjustment,
    );
    const { calendar } = deps.calendars.forRegion(deps.catalog, account.region, ticket.timeZone, ticket.clock);
    const result = regradeSla({
      openedAtMs: ticket.openedAt.getTime(),
      newTargetMinutes: targetMinutes,
      calendar,
      respondedAtMs: ticket.respondedAt?.getTime() ?? null,
      nowMs: now.getTime(),
    });
    const due = new Date(result.responseDueAt);
    let breached = false;
    let breachedAt: Date | null = null;
    if (ticket.respondedAt) {
      breached = isBreached(due.getTime(), ticket.respondedAt.getTime(), now.getTime());
      breachedAt = breached ? due : null;
    } else if (result.breachedNow) {
      breached = true;
      breachedAt = now;
    }
    const row = await save(tx, ticket, {
      severity,
      targetIso,
      targetMinutes,
      slaAdjustment: adjustmentRecord(adjustment),
      responseDueAt: due,
      warningAt: new Date(warningAt({ openedAtMs: ticket.openedAt.getTime(), targetMinutes, calendar })),
      warnedAt: null,
      breached,
      breachedAt,
      updatedAt: now,
    });
    await event(
      tx,
      row,
      'regraded',
      principal.id,
      {
        from: ticket.severity,
        to: severity,
        ...(severity !== input.severity ? { requested: input.severity } : {}),
        reason: input.reason,
        responseDueAt: due.toISOString(),
        breached,
      },
      now,
    );
    // Made late by the re-grade (unanswered past the new deadline, or answered after it): escalated like any breach,
    // at the re-grade (the sweep only sees tickets not yet breached).
    if (breached && !ticket.breached) await recordBreach(deps, tx, row, account, now);
    return ticketView(row, { staff: true, clock: slaClockOf(deps, row, now) });
  });
}

/** R-TKT-5: 1–5 stars and a comment, once, after resolution, by the customer. */
export async function rateTicket(
  deps: TicketsDeps,
  principal: Principal,
  ticketId: string,
  input: { stars: number; comment?: string | undefined },
) {
  const now = deps.clock.now();
  return inTicketTransaction(deps, async (tx) => {
    const { ticket } = await loadTicket(deps, tx, principal, ticketId, now, { forUpdate: true });
    authorize(principal, 'ticket.rate', { category: ticket.category });
    // After resolution: resolved, or closed once resolved (a ticket closed unresolved, or reopened, has no resolvedAt).
    if ((ticket.status !== 'resolved' && ticket.status !== 'closed') || !ticket.resolvedAt) {
      throw new DomainError('INVALID_STATE', { status: ticket.status }, 'Tickets are rated after resolution.');
    }
    if (ticket.ratedAt)
      throw new DomainError('INVALID_STATE', { ratedAt: ticket.ratedAt.toISOString() }, 'The ticket is already rated.');
    const row = await save(tx, ticket, {
      ratingStars: input.stars,
      ratingComment: input.comment ?? null,
      ratedAt: now,
      updatedAt: now,
    });
    await event(tx, row, 'rated', principal.id, { stars: input.stars }, now);
    return ticketView(row, { staff: false, clock: slaClockOf(deps, row, now) });
  });
}

export { loadAccount };
