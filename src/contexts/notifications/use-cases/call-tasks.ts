/**
 * Staff call tasks (R-NTF-1; Tianyi 割接、故障通知 by 专席人工 / 专属经理人工, seed 004 §1.4): a notice on a `staff_call`
 * channel becomes a call to make to the account. Staff list theirs (and the desk's unassigned ones) oldest first,
 * and record each try: `done` ends it, `not_reached` keeps it open; every try keeps its note, who and when.
 */
import type { Db } from '../../../platform/db.js';
import type { Deps } from '../../../platform/deps.js';
import { DomainError, notFound } from '../../../platform/errors.js';
import { newId } from '../../../platform/ids.js';
import { isStaff, type Principal } from '../../../platform/http/principal.js';
import type { TPageQuery } from '../../../platform/pagination.js';
import { loadAccount } from '../../accounts/index.js';
import { ZCallTaskPayload } from '../domain/effects.js';
import {
  findCallTask,
  callTaskInsert,
  listCallTasks as listRows,
  updateCallTask,
  type CallTaskRow,
} from '../store/call-task-store.js';
import type { PhoneLookup } from './send-sms.js';

export const CALL_OUTCOMES = ['done', 'not_reached'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export interface CallAttempt {
  readonly outcome: CallOutcome;
  readonly note: string | null;
  readonly by: string;
  readonly at: string;
}

/** Outbox handler / inline effect of call-task.create: one task per notice and channel (the source key). */
export async function deliverCallTask(db: Db, raw: Record<string, unknown>, sourceKey: string, now: Date) {
  await callTaskWrite(db, raw, sourceKey, now);
}

/** The call task's INSERT, not yet run (inline: a CTE of the causing statement). */
export function callTaskWrite(db: Db, raw: Record<string, unknown>, sourceKey: string, now: Date) {
  const p = ZCallTaskPayload.parse(raw);
  return callTaskInsert(db, {
    id: newId('call', now.getTime()),
    tenantId: p.tenantId,
    accountId: p.accountId,
    kind: p.kind,
    channel: p.channel,
    assigneeId: p.assigneeId,
    title: p.title,
    body: p.body,
    data: p.data,
    status: 'open',
    note: null,
    attempts: [],
    sourceKey,
    createdAt: now,
    updatedAt: now,
  });
}

function requireStaff(principal: Principal): void {
  if (!isStaff(principal)) throw new DomainError('FORBIDDEN', { requiredRole: 'staff' }, 'Call tasks are for staff.');
}

async function viewOf(deps: Pick<Deps, 'db'>, phones: PhoneLookup | undefined, t: CallTaskRow) {
  const account = await loadAccount(deps.db, t.accountId).catch(() => null);
  return {
    id: t.id,
    accountId: t.accountId,
    accountName: account?.name ?? null,
    phones: phones ? await phones(deps.db, { tenantId: t.tenantId, accountId: t.accountId }) : [],
    kind: t.kind,
    channel: t.channel,
    assigneeId: t.assigneeId,
    title: t.title as Record<string, string>,
    body: t.body as Record<string, string>,
    data: t.data as Record<string, unknown>,
    status: t.status as 'open' | 'not_reached' | 'done',
    note: t.note,
    attempts: t.attempts as CallAttempt[],
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
    doneAt: t.doneAt?.toISOString() ?? null,
  };
}
export type CallTaskView = Awaited<ReturnType<typeof viewOf>>;

export interface CallTaskQuery extends TPageQuery {
  /** open (default: open and not reached), done, or all. */
  readonly status?: 'open' | 'done' | 'all' | undefined;
  /** Only the caller's and the desk's unassigned tasks. */
  readonly mine?: boolean | undefined;
  readonly accountId?: string | undefined;
}

export async function listCallTasks(
  deps: Pick<Deps, 'db'>,
  phones: PhoneLookup | undefined,
  principal: Principal,
  q: CallTaskQuery,
) {
  requireStaff(principal);
  const statuses =
    q.status === 'done' ? ['done'] : q.status === 'all' ? ['open', 'not_reached', 'done'] : ['open', 'not_reached'];
  const { rows, total } = await listRows(
    deps.db,
    { statuses, forUserId: q.mine ? principal.id : null, accountId: q.accountId },
    { offset: (q.page - 1) * q.pageSize, limit: q.pageSize },
  );
  const items: CallTaskView[] = [];
  for (const r of rows) items.push(await viewOf(deps, phones, r));
  return { items, page: q.page, pageSize: q.pageSize, total };
}

export async function recordCallOutcome(
  deps: Pick<Deps, 'db' | 'clock'>,
  phones: PhoneLookup | undefined,
  principal: Principal,
  id: string,
  input: { outcome: CallOutcome; note?: string | undefined },
) {
  requireStaff(principal);
  const now = deps.clock.now();
  const row = await deps.db.transaction(async (tx) => {
    const task = await findCallTask(tx, id, { forUpdate: true });
    if (!task) throw notFound('callTask', id);
    if (task.status === 'done')
      throw new DomainError('INVALID_STATE', { status: task.status }, 'The call was made already.');
    const attempt: CallAttempt = {
      outcome: input.outcome,
      note: input.note ?? null,
      by: principal.id,
      at: now.toISOString(),
    };
    return updateCallTask(tx, id, {
      status: input.outcome,
      note: input.note ?? null,
      attempts: [...(task.attempts as CallAttempt[]), attempt],
      updatedAt: now,
      ...(input.outcome === 'done' ? { doneAt: now } : {}),
    });
  });
  return viewOf(deps, phones, row);
}
