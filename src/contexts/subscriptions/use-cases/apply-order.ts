/**
 * What a paid (or settled) order does to the plan (R-SUB-2…6): the plan changes at payment. Runs inside the
 * paying transaction, with the subscription row locked.
 */
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import type { Deps } from '../../../platform/deps.js';
import { newId } from '../../../platform/ids.js';
import { auditEvents } from '../../../platform/store/tables.js';
import { addTerm, type Term } from '../../../domain/proration/proration.js';
import { formatMoney } from '../../../domain/money/money.js';
import type { AccountRow } from '../../accounts/domain/account.js';
import { accounts } from '../../accounts/store/tables.js';
import { messageEffect } from '../../notifications/domain/message.js';
import { quotaPeriodKey } from '../domain/effective-plan.js';
import { localDate, validToOf } from '../domain/validity.js';
import { findSubscription, livePeriods, openHistory, type OrderRow } from '../store/subscription-store.js';
import { balanceEntries, planHistory, quotaUsage, subscriptionPeriods, subscriptions } from '../store/tables.js';

function termOf(order: OrderRow): Term {
  return { unit: order.termUnit as Term['unit'], count: order.termCount! };
}

async function closeHistory(tx: Db, accountId: string, at: Date, reason: string): Promise<void> {
  const open = await openHistory(tx, accountId);
  if (open) await tx.update(planHistory).set({ toAt: at, endReason: reason }).where(eq(planHistory.id, open.id));
}

async function openHistoryRow(
  tx: Db,
  account: AccountRow,
  level: string,
  at: Date,
  orderId: string | null,
): Promise<void> {
  await tx.insert(planHistory).values({
    id: newId('phs', at.getTime()),
    tenantId: account.tenantId,
    accountId: account.id,
    level,
    fromAt: at,
    orderId,
  });
}

/** A term paid by `order`: its basis and what was paid are the order's amount (R-SUB-8). */
async function insertPaidPeriod(
  tx: Db,
  account: AccountRow,
  subscriptionId: string,
  order: OrderRow,
  dates: { startDate: string; endDate: string },
  term: Term,
  now: Date,
): Promise<void> {
  await tx.insert(subscriptionPeriods).values({
    id: newId('prd', now.getTime()),
    tenantId: account.tenantId,
    subscriptionId,
    accountId: account.id,
    level: order.level!,
    ...dates,
    termUnit: term.unit,
    termCount: term.count,
    basisMinor: order.amountMinor,
    paidMinor: order.amountMinor,
    orderId: order.id,
    paidAt: now,
    createdAt: now,
  });
}

async function credit(
  tx: Db,
  account: AccountRow,
  amountMinor: bigint,
  kind: string,
  orderId: string,
  now: Date,
): Promise<void> {
  if (amountMinor === 0n) return;
  await tx.insert(balanceEntries).values({
    id: newId('bal', now.getTime()),
    tenantId: account.tenantId,
    accountId: account.id,
    amountMinor,
    kind,
    orderId,
    createdAt: now,
  });
}

const TITLES: Record<string, { 'zh-CN': string; 'en-US': string }> = {
  new: { 'zh-CN': '支持计划已开通', 'en-US': 'Support plan activated' },
  upgrade: { 'zh-CN': '支持计划已升级', 'en-US': 'Support plan upgraded' },
  downgrade: { 'zh-CN': '支持计划已降级', 'en-US': 'Support plan downgraded' },
  renew: { 'zh-CN': '支持计划已续费', 'en-US': 'Support plan renewed' },
  unsubscribe: { 'zh-CN': '支持计划已退订', 'en-US': 'Support plan unsubscribed' },
  add_on: { 'zh-CN': '增购包已生效', 'en-US': 'Add-on active' },
};

async function notify(deps: Deps, tx: Db, account: AccountRow, order: OrderRow, now: Date): Promise<void> {
  const amount = `${formatMoney(order.amountMinor, deps.catalog.currency)} ${deps.catalog.currency.code}`;
  const title = TITLES[order.type] ?? TITLES.new!;
  await deps.outbox.enqueue(
    tx,
    [
      messageEffect({
        tenantId: account.tenantId,
        accountId: account.id,
        kind: `order.${order.type}`,
        dedupeKey: `order:${order.id}:${order.status}`,
        title,
        body: {
          'zh-CN': `订单 ${order.number}（${order.level ?? order.addOnType ?? ''}）${order.direction === 'refund' ? '退款' : '金额'} ${amount}。`,
          'en-US': `Order ${order.number} (${order.level ?? order.addOnType ?? ''}): ${order.direction === 'refund' ? 'refund' : 'amount'} ${amount}.`,
        },
        data: { orderId: order.id, type: order.type, level: order.level },
      }),
    ],
    now,
  );
  await tx.insert(auditEvents).values({
    tenantId: account.tenantId,
    actor: order.placedBy,
    action: `order.${order.status}`,
    objectId: order.id,
    data: { type: order.type, amountMinor: order.amountMinor.toString() },
    at: now,
  });
}

export async function applyOrder(deps: Deps, tx: Db, order: OrderRow, account: AccountRow, now: Date): Promise<void> {
  const catalog = deps.catalog;
  const zone = catalog.timeZone;
  const rule = catalog.def.subscription.validity;
  const sub = await findSubscription(tx, account.id, { forUpdate: true });

  switch (order.type) {
    case 'new': {
      const term = termOf(order);
      const startDate = localDate(now, zone);
      const endDate = addTerm(startDate, term);
      const validTo = validToOf(endDate, rule, now, zone);
      const values = {
        level: order.level!,
        status: 'active',
        validFrom: now,
        validTo,
        anchorFrom: now,
        termUnit: term.unit,
        termCount: term.count,
        autoRenew: order.autoRenew,
        remindedDays: [],
        updatedAt: now,
      };
      let subscriptionId: string;
      if (sub) {
        subscriptionId = sub.id;
        await tx
          .update(subscriptions)
          .set({ ...values, version: sql`${subscriptions.version} + 1` })
          .where(eq(subscriptions.id, sub.id));
      } else {
        subscriptionId = newId('sub', now.getTime());
        await tx
          .insert(subscriptions)
          .values({ id: subscriptionId, tenantId: account.tenantId, accountId: account.id, ...values, createdAt: now });
      }
      await insertPaidPeriod(tx, account, subscriptionId, order, { startDate, endDate }, term, now);
      await closeHistory(tx, account.id, now, 'purchase');
      await openHistoryRow(tx, account, order.level!, now, order.id);
      break;
    }
    case 'upgrade':
    case 'downgrade': {
      const level = catalog.level(order.level!);
      const D = order.actionDate;
      const periods = (await livePeriods(tx, account.tenantId, sub!.id)).filter((p) => p.endDate > D);
      const signed = order.direction === 'charge' ? order.amountMinor : -order.amountMinor;
      const current = periods.find((p) => p.startDate <= D) ?? periods[0];
      for (const p of periods) {
        const basis = catalog.termPriceMinor(level, { unit: p.termUnit as Term['unit'], count: p.termCount });
        const paid = p.id === current?.id ? p.paidMinor + signed : p.paidMinor;
        await tx
          .update(subscriptionPeriods)
          .set({ level: level.id, basisMinor: basis, paidMinor: paid < 0n ? 0n : paid })
          .where(eq(subscriptionPeriods.id, p.id));
      }
      await tx
        .update(subscriptions)
        .set({ level: level.id, updatedAt: now, version: sql`${subscriptions.version} + 1` })
        .where(eq(subscriptions.id, sub!.id));
      await closeHistory(tx, account.id, now, order.type);
      await openHistoryRow(tx, account, level.id, now, order.id);
      if (order.direction === 'refund') await credit(tx, account, order.amountMinor, 'downgrade_refund', order.id, now);
      break;
    }
    case 'renew': {
      const term = termOf(order);
      const periods = await livePeriods(tx, account.tenantId, sub!.id);
      const startDate = periods.reduce((max, p) => (p.endDate > max ? p.endDate : max), localDate(sub!.validTo, zone));
      const endDate = addTerm(startDate, term);
      await insertPaidPeriod(tx, account, sub!.id, order, { startDate, endDate }, term, now);
      await tx
        .update(subscriptions)
        .set({
          validTo: validToOf(endDate, rule, sub!.validFrom, zone),
          termUnit: term.unit,
          termCount: term.count,
          remindedDays: [],
          updatedAt: now,
          version: sql`${subscriptions.version} + 1`,
        })
        .where(eq(subscriptions.id, sub!.id));
      break;
    }
    case 'unsubscribe': {
      const D = order.actionDate;
      const periods = await livePeriods(tx, account.tenantId, sub!.id);
      for (const p of periods)
        if (p.endDate > D)
          await tx
            .update(subscriptionPeriods)
            .set({ cutDate: p.startDate > D ? p.startDate : D })
            .where(eq(subscriptionPeriods.id, p.id));
      await tx
        .update(subscriptions)
        .set({ status: 'unsubscribed', validTo: now, updatedAt: now, version: sql`${subscriptions.version} + 1` })
        .where(eq(subscriptions.id, sub!.id));
      await closeHistory(tx, account.id, now, 'unsubscribe');
      await credit(tx, account, order.amountMinor, 'unsubscribe_refund', order.id, now);
      if (
        order.reason === 'no_reason_refund' ||
        (order.breakdown as { kind: string }[]).some((l) => l.kind === 'no_reason_refund')
      ) {
        await tx
          .update(accounts)
          .set({ noReasonRefundsUsed: sql`${accounts.noReasonRefundsUsed} + 1`, updatedAt: now })
          .where(eq(accounts.id, account.id));
      }
      break;
    }
    case 'add_on': {
      const addOn = catalog.def.addOns.find((a) => a.id === order.addOnType)!;
      const quota = catalog.level(order.level!).quotas.find((q) => q.addOn === addOn.id)!;
      const periodKey = quotaPeriodKey(quota.period, now, quota.timeZone ?? zone);
      const units = addOn.units * order.addOnCount!;
      await tx
        .insert(quotaUsage)
        .values({
          tenantId: account.tenantId,
          accountId: account.id,
          quota: addOn.quota,
          periodKey,
          used: 0,
          granted: units,
          updatedAt: now,
        })
        .onConflictDoUpdate({
          target: [quotaUsage.accountId, quotaUsage.quota, quotaUsage.periodKey],
          set: { granted: sql`${quotaUsage.granted} + ${units}`, updatedAt: now },
        });
      break;
    }
  }
  await notify(deps, tx, account, order, now);
}

/** Live periods covering a date (used by R-SUB-7 locks). */
export async function periodsCovering(tx: Db, subscriptionId: string, date: string) {
  return tx
    .select()
    .from(subscriptionPeriods)
    .where(
      and(
        eq(subscriptionPeriods.subscriptionId, subscriptionId),
        isNull(subscriptionPeriods.cutDate),
        gt(subscriptionPeriods.endDate, date),
      ),
    );
}
