/**
 * What a paid (or settled) order does to the plan (R-SUB-2…6): the plan changes at payment. Runs inside the
 * paying transaction, with the subscription row locked.
 */
import type { Db } from '../../../platform/db.js';
import { DateTime } from 'luxon';
import type { Deps } from '../../../platform/deps.js';
import type { TNames } from '../../catalog/index.js';
import type { OrderEffectsDeps } from '../ports.js';
import { orderNotice } from '../domain/messages.js';
import { newId } from '../../../platform/ids.js';
import { insertAuditEvent } from '../../../platform/store/audit.js';
import { addTerm, type Term } from '../../../domain/proration/proration.js';
import { formatMoney } from '../../../domain/money/money.js';
import type { AccountRow } from '../../accounts/index.js';
import { countNoReasonRefund } from '../../accounts/index.js';
import { messageEffect } from '../../notifications/index.js';
import { quotaPeriodKey } from '../domain/effective-plan.js';
import { localDate, validToOf } from '../domain/validity.js';
import { postEntry } from './balance.js';
import { grantQuotaUnits } from '../store/quota-store.js';
import {
  changeSubscription,
  closeHistory,
  findSubscription,
  insertHistory,
  insertPeriod,
  insertSubscription,
  livePeriods,
  updatePeriod,
  type OrderRow,
} from '../store/subscription-store.js';

function termOf(order: OrderRow): Term {
  return { unit: order.termUnit as Term['unit'], count: order.termCount! };
}

async function openHistoryRow(
  tx: Db,
  account: AccountRow,
  level: string,
  at: Date,
  orderId: string | null,
): Promise<void> {
  await insertHistory(tx, {
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
  await insertPeriod(tx, {
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

/** R-SUB-4/6: a refund is credited to the balance ledger, once per order. */
async function credit(
  deps: Deps,
  tx: Db,
  account: AccountRow,
  amountMinor: bigint,
  kind: 'downgrade_refund' | 'unsubscribe_refund',
  orderId: string,
  now: Date,
): Promise<void> {
  if (amountMinor === 0n) return;
  await postEntry(deps, tx, { tenantId: account.tenantId, accountId: account.id, amountMinor, kind, orderId }, now);
}

/** The order's notice (R-NTF-1): message center, and mail (and the level's other channels) through the notifier. */
async function notify(deps: OrderEffectsDeps, tx: Db, account: AccountRow, order: OrderRow, now: Date): Promise<void> {
  const catalog = deps.catalog;
  const amount = `${formatMoney(order.amountMinor, catalog.currency)} ${catalog.currency.code}`;
  const sub = await findSubscription(tx, account.id);
  const live = sub && sub.status === 'active' ? sub : null;
  const what: TNames = order.level
    ? (catalog.findLevel(order.level)?.names ?? { 'zh-CN': order.level, 'en-US': order.level })
    : (catalog.def.addOns.find((a) => a.id === order.addOnType)?.names ?? {
        'zh-CN': order.addOnType ?? '',
        'en-US': order.addOnType ?? '',
      });
  const text = orderNotice({
    type: order.type,
    number: order.number,
    what,
    amount,
    isRefund: order.direction === 'refund',
    isAutoRenew: order.placedBy === 'system:auto-renew',
    validTo:
      live && order.type !== 'unsubscribe'
        ? DateTime.fromJSDate(live.validTo, { zone: account.timeZone }).toFormat('yyyy-MM-dd HH:mm:ss')
        : null,
  });
  const notice = {
    account,
    level: catalog.findLevel(live?.level ?? order.level ?? '') ?? null,
    kind: `order.${order.type}`,
    dedupeKey: `order:${order.id}:${order.status}`,
    ...text,
    data: { orderId: order.id, type: order.type, level: order.level },
    mail: { link: '/plan' },
  };
  await deps.outbox.enqueue(
    tx,
    deps.notifier
      ? deps.notifier.customer(notice)
      : [messageEffect({ ...notice, tenantId: account.tenantId, accountId: account.id })],
    now,
  );
  await insertAuditEvent(tx, {
    tenantId: account.tenantId,
    actor: order.placedBy,
    action: `order.${order.status}`,
    objectId: order.id,
    data: { type: order.type, amountMinor: order.amountMinor.toString() },
    at: now,
  });
}

export async function applyOrder(
  deps: OrderEffectsDeps,
  tx: Db,
  order: OrderRow,
  account: AccountRow,
  now: Date,
): Promise<void> {
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
        await changeSubscription(tx, sub.id, values);
      } else {
        subscriptionId = newId('sub', now.getTime());
        await insertSubscription(tx, {
          id: subscriptionId,
          tenantId: account.tenantId,
          accountId: account.id,
          ...values,
          createdAt: now,
        });
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
        await updatePeriod(tx, p.id, { level: level.id, basisMinor: basis, paidMinor: paid < 0n ? 0n : paid });
      }
      await changeSubscription(tx, sub!.id, { level: level.id, updatedAt: now });
      await closeHistory(tx, account.id, now, order.type);
      await openHistoryRow(tx, account, level.id, now, order.id);
      if (order.direction === 'refund')
        await credit(deps, tx, account, order.amountMinor, 'downgrade_refund', order.id, now);
      break;
    }
    case 'renew': {
      const term = termOf(order);
      const periods = await livePeriods(tx, account.tenantId, sub!.id);
      const startDate = periods.reduce((max, p) => (p.endDate > max ? p.endDate : max), localDate(sub!.validTo, zone));
      const endDate = addTerm(startDate, term);
      await insertPaidPeriod(tx, account, sub!.id, order, { startDate, endDate }, term, now);
      await changeSubscription(tx, sub!.id, {
        validTo: validToOf(endDate, rule, sub!.validFrom, zone),
        termUnit: term.unit,
        termCount: term.count,
        remindedDays: [],
        updatedAt: now,
      });
      break;
    }
    case 'unsubscribe': {
      const D = order.actionDate;
      const periods = await livePeriods(tx, account.tenantId, sub!.id);
      for (const p of periods)
        if (p.endDate > D) await updatePeriod(tx, p.id, { cutDate: p.startDate > D ? p.startDate : D });
      await changeSubscription(tx, sub!.id, { status: 'unsubscribed', validTo: now, updatedAt: now });
      await closeHistory(tx, account.id, now, 'unsubscribe');
      await credit(deps, tx, account, order.amountMinor, 'unsubscribe_refund', order.id, now);
      if (
        order.reason === 'no_reason_refund' ||
        (order.breakdown as { kind: string }[]).some((l) => l.kind === 'no_reason_refund')
      ) {
        await countNoReasonRefund(tx, account.id, now);
      }
      break;
    }
    case 'add_on': {
      const addOn = catalog.def.addOns.find((a) => a.id === order.addOnType)!;
      const quota = catalog.level(order.level!).quotas.find((q) => q.addOn === addOn.id)!;
      const periodKey = quotaPeriodKey(quota.period, now, quota.timeZone ?? zone);
      const units = addOn.units * order.addOnCount!;
      await grantQuotaUnits(
        tx,
        { tenantId: account.tenantId, accountId: account.id, quota: addOn.quota, periodKey },
        units,
        now,
      );
      break;
    }
  }
  await notify(deps, tx, account, order, now);
}
