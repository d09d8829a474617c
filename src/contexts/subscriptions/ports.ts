/** What the subscriptions context is given besides Deps: the quota rows other contexts add to GET /plan. */
import type { Deps } from '../../platform/deps.js';
import type { AfterCredit } from './use-cases/balance.js';
import type { QuotaContributor } from './use-cases/get-plan.js';

export interface SubscriptionsDeps extends Deps {
  /** Quota rows other capabilities add to GET /plan (the service-request allowances, R-SR-2). */
  readonly planQuotas: readonly QuotaContributor[];
  /** Issue 11: runs after every credit of the balance, in its transaction (billing collects overdue bills). */
  readonly afterCredit?: AfterCredit;
}
