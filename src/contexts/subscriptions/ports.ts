/**
 * What the subscriptions context's use cases are given besides Deps (the module builds it from its ports): the quota
 * rows other contexts add to GET /plan, the notifier, the hook after a credit. One type for the whole context.
 */
import type { Deps } from '../../platform/deps.js';
import type { Notifier } from '../notifications/index.js';
import type { AfterCredit } from './use-cases/balance.js';
import type { QuotaContributor } from './use-cases/get-plan.js';

export interface SubscriptionsDeps extends Deps {
  /** Quota rows other capabilities add to GET /plan (the service-request allowances, R-SR-2). */
  readonly planQuotas: readonly QuotaContributor[];
  /** Issue 11: runs after every credit of the balance, in its transaction (billing collects overdue bills). */
  readonly afterCredit?: AfterCredit;
  /** Order, renewal and expiry notices on every channel of the level (R-NTF-1); without it: the message center. */
  readonly notifier?: Notifier;
}

/** What applying a settled order needs: Deps and, in the app, the notifier (the demo places orders with Deps alone). */
export type OrderEffectsDeps = Deps & Pick<SubscriptionsDeps, 'notifier'>;
