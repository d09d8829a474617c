/**
 * R-SUB-5: renewal reminders (catalog: 7 and 1 days before validTo), auto-renew at validTo (an order for the
 * level's price for one unit of the last term, paid at once from the balance when it covers it), and expiry without renewal: the account falls back
 * to the free default level (or to no plan). Each effect happens once, stamped at its own due instant.
 */
import { DateTime } from 'luxon';
import { inTransaction } from '../../../platform/deps.js';
import type { Sweep } from '../../../platform/scheduler.js';
import { loadAccount } from '../../accounts/index.js';
import { messageEffect } from '../../notifications/index.js';
import { quoteRenew } from '../domain/quote.js';
import { localDate } from '../domain/validity.js';
import { storeLines } from '../domain/views.js';
import { insertOrder } from '../store/order-store.js';
import {
  activeByValidTo,
  activeEndingBy,
  changeSubscription,
  closeHistory,
  findSubscription,
  nextOrderNumber,
  updateSubscription,
  type SubscriptionRow,
} from '../store/subscription-store.js';
import type { SubscriptionsDeps } from '../ports.js';
import { applyOrder } from '../use-cases/apply-order.js';
import { postEntry } from '../use-cases/balance.js';
import { balanceOf } from '../store/ledger-store.js';
import { formatMoney } from '../../../domain/money/money.js';
import { planExpired, renewalReminder } from '../domain/messages.js';
import type { CustomerNotice } from '../../notifications/index.js';
import { newId } from '../../../platform/ids.js';

const DAY = 86_400_000;

function pendingInstants(sub: SubscriptionRow, reminderDays: number[]): Date[] {
  const sent = new Set(sub.remindedDays as number[]);
  return [
    ...reminderDays.filter((d) => !sent.has(d)).map((d) => new Date(sub.validTo.getTime() - d * DAY)),
    sub.validTo,
  ];
}

export function renewalsSweep(deps: SubscriptionsDeps): Sweep {
  const reminderDays = deps.catalog.def.subscription.renewalReminderDays;
  const horizon = Math.max(0, ...reminderDays) * DAY;
  // Through the notification policy (mail and the level's channels) in the app; the message center alone without it.
  const effectsOf = (notice: CustomerNotice) =>
    deps.notifier
      ? deps.notifier.customer(notice)
      : [messageEffect({ ...notice, tenantId: notice.account.tenantId, accountId: notice.account.id })];

  async function remind(sub: SubscriptionRow, now: Date): Promise<number> {
    const sent = new Set(sub.remindedDays as number[]);
    const due = reminderDays.filter((d) => !sent.has(d) && sub.validTo.getTime() - d * DAY <= now.getTime());
    if (!due.length) return 0;
    await inTransaction(deps, async (tx) => {
      const account = await loadAccount(tx, sub.accountId);
      const days = Math.min(...due);
      const validTo = DateTime.fromJSDate(sub.validTo, { zone: account.timeZone }).toFormat('yyyy-MM-dd HH:mm:ss');
      const level = deps.catalog.level(sub.level);
      await deps.outbox.enqueue(
        tx,
        effectsOf({
          account,
          level,
          kind: 'plan.expiring',
          dedupeKey: `renewal:${sub.id}:${sub.validTo.toISOString()}:${days}`,
          ...renewalReminder(level.names, days, validTo, sub.autoRenew),
          data: {
            subscriptionId: sub.id,
            validTo: sub.validTo.toISOString(),
            daysBefore: days,
            autoRenew: sub.autoRenew,
          },
          mail: { link: '/plan' },
        }),
        now,
      );
      await updateSubscription(tx, sub.id, { remindedDays: [...sent, ...due] });
    });
    return 1;
  }

  async function endOfTerm(sub: SubscriptionRow): Promise<void> {
    const at = sub.validTo;
    await inTransaction(deps, async (tx) => {
      // The account first, as every payment locks it (then the subscription): the ledger is read under it.
      const account = await loadAccount(tx, sub.accountId, { forUpdate: true });
      const locked = await findSubscription(tx, sub.accountId, { forUpdate: true });
      if (!locked || locked.status !== 'active' || locked.validTo.getTime() !== at.getTime()) return; // handled meanwhile
      const level = deps.catalog.level(locked.level);
      const term = { unit: locked.termUnit as 'month' | 'year', count: 1 };
      const q = locked.autoRenew && level.purchasable ? quoteRenew(deps.catalog, level, term) : null;
      // Issue 11: an auto-renewal is paid from the balance like any customer payment; short of funds, the plan
      // expires and the notice says why.
      const balance = q ? await balanceOf(tx, account.tenantId, account.id) : 0n;
      const shortMinor = q && balance < q.amountMinor ? q.amountMinor - balance : null;
      if (q && shortMinor === null) {
        const datePart = DateTime.fromJSDate(at, { zone: deps.catalog.timeZone }).toFormat('yyyyMMdd');
        const order = await insertOrder(tx, {
          id: newId('ord', at.getTime()),
          number: await nextOrderNumber(tx, datePart),
          tenantId: account.tenantId,
          accountId: account.id,
          type: 'renew',
          status: 'paid',
          level: level.id,
          fromLevel: level.id,
          termUnit: term.unit,
          termCount: term.count,
          direction: 'charge',
          amountMinor: q.amountMinor,
          currency: deps.catalog.currency.code,
          breakdown: storeLines(q.lines),
          actionDate: localDate(at, deps.catalog.timeZone),
          autoRenew: true,
          placedBy: 'system:auto-renew',
          placedByStaff: true,
          subscriptionVersion: locked.version,
          createdAt: at,
          paidAt: at,
          paymentMethod: 'balance',
          balanceMinor: q.amountMinor,
          paidBy: 'system:auto-renew',
        });
        if (q.amountMinor > 0n)
          await postEntry(
            deps,
            tx,
            {
              tenantId: account.tenantId,
              accountId: account.id,
              amountMinor: -q.amountMinor,
              kind: 'order_payment',
              orderId: order.id,
              createdBy: 'system:auto-renew',
            },
            at,
          );
        await applyOrder(deps, tx, order, account, at);
        return;
      }
      const shortText =
        shortMinor === null ? null : `${formatMoney(shortMinor, deps.catalog.currency)} ${deps.catalog.currency.code}`;
      await changeSubscription(tx, locked.id, { status: 'expired', updatedAt: at });
      await closeHistory(tx, account.id, at, 'expiry');
      const fallback = deps.catalog.defaultLevel;
      await deps.outbox.enqueue(
        tx,
        effectsOf({
          account,
          // The plan it had: its channels tell of its end.
          level,
          kind: 'plan.expired',
          dedupeKey: `expiry:${locked.id}:${at.toISOString()}`,
          ...planExpired(fallback?.names ?? null, shortText),
          data: {
            subscriptionId: locked.id,
            level: locked.level,
            fallbackLevel: fallback?.id ?? null,
            ...(shortText ? { autoRenewFailed: 'insufficient_balance' } : {}),
          },
          mail: { link: '/plan' },
        }),
        at,
      );
    });
  }

  return {
    name: 'subscriptions.renewals',
    async run(now) {
      let handled = 0;
      const candidates = await activeEndingBy(deps.db, new Date(now.getTime() + horizon), 1000);
      for (const sub of candidates) {
        handled += await remind(sub, now);
        if (sub.validTo.getTime() <= now.getTime()) {
          await endOfTerm(sub);
          handled++;
        }
      }
      return handled;
    },
    async nextDue() {
      const rows = await activeByValidTo(deps.db, 500);
      let best: number | null = null;
      for (const sub of rows) {
        if (best !== null && sub.validTo.getTime() - horizon > best) break;
        for (const at of pendingInstants(sub, reminderDays))
          if (best === null || at.getTime() < best) best = at.getTime();
      }
      return best === null ? null : new Date(best);
    },
  };
}
