/**
 * R-SR-2 conditions read from the subscription: the anchor of the continuous chain of terms and the unit of the
 * paid term that contains today. Not the unit of the last term bought: a yearly term renewed early by one month
 * is still a yearly purchase until it ends (and a monthly term renewed early by a year becomes one when the year
 * starts).
 */
import type { Db } from '../../../platform/db.js';
import { localDateAt } from '../../../domain/calendar/index.js';
import type { Catalog } from '../../../domain/catalog/catalog.js';
import { termUnitOn, type EffectivePlan } from '../../subscriptions/index.js';
import type { SubscriptionFacts } from '../domain/allowance.js';

export async function subscriptionFacts(
  db: Db,
  catalog: Catalog,
  plan: EffectivePlan,
  now: Date,
): Promise<SubscriptionFacts | null> {
  const sub = plan.subscription;
  if (!sub) return null;
  const today = localDateAt(now.getTime(), catalog.timeZone);
  const unit = (await termUnitOn(db, sub.id, today)) ?? sub.termUnit;
  return { anchorFrom: sub.anchorFrom, termUnit: unit === 'year' ? 'year' : 'month' };
}
