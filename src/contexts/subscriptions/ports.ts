/** What the subscriptions context is given besides Deps: the quota rows other contexts add to GET /plan. */
import type { Deps } from '../../platform/deps.js';
import type { QuotaContributor } from './use-cases/get-plan.js';

export interface SubscriptionsDeps extends Deps {
  /** Quota rows other capabilities add to GET /plan (the service-request allowances, R-SR-2). */
  readonly planQuotas: readonly QuotaContributor[];
}
