/**
 * The monthly schedule (R-RPT-1), in three resumable steps, each bounded:
 * 1. plan: after a month ends, walk every account in id order (batches, a persisted cursor) and write one schedule
 *    row per eligible account — its due date and send instant from the calendar engine — keyed (account, month), so
 *    a plan killed half-way resumes after its last batch and a replay writes nothing twice;
 * 2. send: at each row's send instant, make the report (version 1) and write its delivery effect in the same
 *    transaction, the row locked and moved scheduled → generated (once, whatever runs it);
 * 3. deliver (an outbox handler): print the PDF and write one mail per recipient with it attached, each with its
 *    own dedupe key, and mark the row sent; a failure marks it failed with the reason and the outbox retries.
 */
import { DomainError } from '../../../platform/errors.js';
import type { OutboxEffect, OutboxHandler } from '../../../platform/outbox.js';
import { reportDue, workingDayCalendar } from '../domain/due.js';
import { isEligible, monthBounds, recipientsOf, sendInstant } from '../domain/schedule.js';
import { renderIn } from '../../../domain/messages/message-table.js';
import { REPORT_MESSAGES, reportLocale } from '../domain/messages.js';
import type { ReportAccount, ReportsDeps } from '../ports.js';
import type { PdfRenderer } from '../render/pdf.js';
import {
  dueSchedules,
  findPlan,
  findReport,
  findSchedule,
  insertReports,
  insertSchedules,
  lockSchedules,
  markGenerated,
  nextVersions,
  savePlan,
  updateSchedule,
  type ReportRow,
  type ScheduleRow,
} from '../store/report-store.js';
import { prepareReports, renderReport, type PreparedReport, type ReportsRuntime } from './generate-report.js';

export const DELIVER_TOPIC = 'report.deliver';
export const PLAN_BATCH = 200;
export const SEND_BATCH = 50;

export function rule(deps: ReportsDeps) {
  const r = deps.catalog.def.reports;
  if (!r) throw new Error('this catalog has no monthly report');
  return r;
}

/** The due date and send instant of an account's month (its region's holiday table, its time zone). */
export function dueOf(deps: ReportsDeps, account: Pick<ReportAccount, 'region' | 'timeZone'>, month: string) {
  const country = deps.catalog.region(account.region)?.holidayCalendar ?? null;
  const cal = workingDayCalendar(account.timeZone, country ? deps.ports.holidays(country) : null);
  const due = reportDue(rule(deps).due, month, cal);
  return { ...due, sendAt: sendInstant(due.sendOn, account.timeZone) };
}

/** Plans `month` from its cursor to the end (or `maxBatches` batches: tests and the bench stop it half-way). */
export async function planMonth(
  deps: ReportsDeps,
  month: string,
  now: Date,
  opts: { maxBatches?: number } = {},
): Promise<{ done: boolean; scheduled: number; accounts: number }> {
  const r = rule(deps);
  const { fromAt, toAt } = monthBounds(month, deps.catalog.timeZone);
  const plan = (await findPlan(deps.db, month)) ?? {
    month,
    cursor: null,
    accountsSeen: 0,
    scheduled: 0,
    startedAt: now,
    completedAt: null,
  };
  if (plan.completedAt) return { done: true, scheduled: plan.scheduled, accounts: plan.accountsSeen };
  let { cursor, accountsSeen, scheduled } = plan;
  const dues = new Map<string, ReturnType<typeof dueOf>>();
  for (let batch = 0; opts.maxBatches === undefined || batch < opts.maxBatches; batch++) {
    const ids = await deps.ports.accountIdsAfter(deps.db, cursor, toAt, PLAN_BATCH);
    const rows: Parameters<typeof insertSchedules>[1] = [];
    // The batch's accounts and levels in a few queries; the due date once per region and time zone.
    const accounts = await deps.ports.accounts(deps.db, ids);
    const ends = await deps.ports.levelsAt(deps.db, ids, new Date(toAt.getTime() - 1));
    const starts = r.startsMonthAfterJoining ? await deps.ports.levelsAt(deps.db, ids, fromAt) : ends;
    for (const id of ids) {
      const account = accounts.get(id);
      const end = ends.get(id);
      const start = starts.get(id);
      if (!account || !end || !start) continue;
      if (!isEligible(r, start.features, end.features)) continue;
      const dueKey = `${account.region}|${account.timeZone}`;
      let due = dues.get(dueKey);
      if (!due) dues.set(dueKey, (due = dueOf(deps, account, month)));
      rows.push({
        accountId: id,
        month,
        tenantId: account.tenantId,
        dueDate: due.dueDate,
        sendAt: due.sendAt,
        status: 'scheduled',
        recipients: recipientsOf(r, account),
        updatedAt: now,
      });
    }
    const last = ids[ids.length - 1] ?? cursor;
    const complete = ids.length < PLAN_BATCH;
    await deps.db.transaction(async (tx) => {
      scheduled += await insertSchedules(tx, rows);
      accountsSeen += ids.length;
      await savePlan(tx, {
        month,
        cursor: last,
        accountsSeen,
        scheduled,
        startedAt: plan.startedAt,
        completedAt: complete ? now : null,
      });
    });
    cursor = last;
    if (complete) return { done: true, scheduled, accounts: accountsSeen };
  }
  return { done: false, scheduled, accounts: accountsSeen };
}

/** Reports written per transaction: one commit for many (a commit is most of a small write's cost). */
export const WRITE_CHUNK = 25;

/**
 * Makes the report of every schedule row due at `now` (at most `limit`): the batch's facts are read first, in a few
 * set-based queries for all its accounts (accounts, levels, tickets, requests, resources, usage), then its reports
 * are written a chunk at a time, each chunk in one transaction with its rows locked and still `scheduled` (a
 * concurrent sender, or a replay after a kill, skips them) — a kill loses at most the chunk in flight, which the next
 * tick makes again.
 */
export async function sendDue(deps: ReportsDeps, runtime: ReportsRuntime, now: Date, limit = SEND_BATCH) {
  const due = await dueSchedules(deps.db, now, limit);
  if (!due.length) return 0;
  const accounts = await deps.ports.accounts(deps.db, [...new Set(due.map((r) => r.accountId))]);
  const byMonth = new Map<string, ScheduleRow[]>();
  for (const row of due) {
    if (!accounts.has(row.accountId)) {
      await updateSchedule(
        deps.db,
        row.accountId,
        row.month,
        { status: 'failed', error: 'account not found', updatedAt: now },
        ['scheduled'],
      );
      continue;
    }
    const rows = byMonth.get(row.month);
    if (rows) rows.push(row);
    else byMonth.set(row.month, [row]);
  }
  const prepared = new Map<string, PreparedReport>();
  for (const [month, rows] of byMonth) {
    const { toAt } = monthBounds(month, deps.catalog.timeZone);
    const ids = rows.map((r) => r.accountId);
    const levels = await deps.ports.levelsAt(deps.db, ids, new Date(toAt.getTime() - 1));
    const items = rows.map((r) => ({
      account: accounts.get(r.accountId)!,
      levelId: levels.get(r.accountId)?.levelId ?? null,
    }));
    for (const p of await prepareReports(deps, items, month)) prepared.set(`${p.account.id}|${month}`, p);
  }
  // In due order, a chunk to a transaction.
  const ordered = due.flatMap((r) => prepared.get(`${r.accountId}|${r.month}`) ?? []);
  let made = 0;
  for (let i = 0; i < ordered.length; i += WRITE_CHUNK) {
    const chunk = ordered.slice(i, i + WRITE_CHUNK);
    made += await deps.db.transaction(async (tx) => {
      const keys = chunk.map((p) => ({ accountId: p.account.id, month: p.month }));
      const locked = await lockSchedules(tx, keys);
      const open = chunk.filter((p) => locked.get(`${p.account.id}|${p.month}`)?.status === 'scheduled');
      if (!open.length) return 0;
      const versions = await nextVersions(
        tx,
        open.map((p) => ({ accountId: p.account.id, month: p.month })),
      );
      const rows: ReportRow[] = [];
      for (const p of open) {
        const row = locked.get(`${p.account.id}|${p.month}`)!;
        // Stamped with the row's own send instant (a late tick makes it as of when it was due).
        rows.push(
          await renderReport(deps, runtime, p, versions.get(`${p.account.id}|${p.month}`)!, {
            trigger: 'schedule',
            by: null,
            now: row.sendAt,
          }),
        );
      }
      await insertReports(tx, rows);
      await markGenerated(
        tx,
        rows.map((r) => ({ accountId: r.accountId, month: r.month, reportId: r.id })),
        now,
      );
      await deps.outbox.enqueue(
        tx,
        rows.map((r) => deliverEffect(r.tenantId, r.id, r.accountId, r.month, r.version)),
        now,
      );
      return rows.length;
    });
  }
  return made;
}

export function deliverEffect(
  tenantId: string,
  reportId: string,
  accountId: string,
  month: string,
  version: number,
): OutboxEffect {
  return {
    topic: DELIVER_TOPIC,
    dedupeKey: `report-deliver:${accountId}:${month}:v${version}`,
    tenantId,
    payload: { reportId },
  };
}

/** The outbox handler of report.deliver: the PDF, the mails, the row's state. */
export function deliverHandler(deps: ReportsDeps, pdf: PdfRenderer): OutboxHandler {
  return async (payload, meta) => {
    const reportId = String(payload.reportId);
    const report = await findReport(deps.db, reportId);
    if (!report) return;
    const schedule = await findSchedule(deps.db, report.accountId, report.month);
    const account = await deps.ports.account(deps.db, report.accountId);
    if (!account) return;
    const recipients = (schedule?.recipients as string[] | undefined)?.length
      ? (schedule!.recipients as string[])
      : recipientsOf(rule(deps), account);
    let file: Buffer | null = null;
    try {
      if (deps.config.reportMailPdf) file = await pdf.render(report.html);
    } catch (err) {
      const message =
        err instanceof DomainError
          ? `${err.code}: ${JSON.stringify(err.details)}`
          : String((err as Error).message ?? err);
      await updateSchedule(deps.db, report.accountId, report.month, {
        status: 'failed',
        error: message.slice(0, 2000),
        updatedAt: meta.now,
      });
      deps.log.warn({ reportId, attempt: meta.attempts, err: message }, 'report PDF failed');
      throw err;
    }
    const locale = reportLocale(report.locale);
    const provider = deps.catalog.def.names[locale];
    const attachments = file
      ? [
          {
            filename: `report-${report.month}-v${report.version}.pdf`,
            contentType: 'application/pdf',
            contentBase64: file.toString('base64'),
          },
        ]
      : [];
    const mails = recipients.map((to) =>
      deps.ports.mail({
        tenantId: report.tenantId,
        accountId: report.accountId,
        kind: 'report.monthly',
        locale,
        to,
        subject: renderIn(REPORT_MESSAGES, 'mail.subject', locale, { provider, month: report.month }),
        text: renderIn(REPORT_MESSAGES, file ? 'mail.body' : 'mail.body_link_only', locale, {
          name: account.name,
          month: report.month,
        }),
        dedupeKey: `report-mail:${report.id}:${to.toLowerCase()}`,
        attachments,
      }),
    );
    await deps.db.transaction(async (tx) => {
      await deps.outbox.enqueue(tx, mails, meta.now);
      if (schedule?.reportId === report.id)
        await updateSchedule(tx, report.accountId, report.month, {
          status: 'sent',
          sentAt: meta.now,
          error: null,
          recipients,
          updatedAt: meta.now,
        });
    });
  };
}
