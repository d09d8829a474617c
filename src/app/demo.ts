/** `--demo` on a new database: one customer account per level, each with an owner API key (printed once). */
import { ADMIN_PRINCIPAL } from '../platform/http/principal.js';
import { createAccount } from '../contexts/accounts/use-cases/create-account.js';
import { createAccountApiKey } from '../contexts/accounts/use-cases/manage-users.js';
import { payOrder, placeOrder } from '../contexts/subscriptions/use-cases/orders.js';
import type { Tierdesk } from './build-app.js';

export async function seedDemoData(app: Tierdesk): Promise<{ level: string; accountId: string; token: string }[]> {
  const { deps, catalog } = app;
  const region = catalog.def.regions.find((r) => r.holidayCalendar === 'CN') ?? catalog.def.regions[0]!;
  const locale = catalog.def.locales[0]!;
  const term = catalog.def.subscription.terms.find((t) => t.unit === 'year') ?? catalog.def.subscription.terms[0]!;
  const out: { level: string; accountId: string; token: string }[] = [];
  for (const level of catalog.levels) {
    const account = await createAccount(deps, ADMIN_PRINCIPAL, {
      name: `Demo ${level.names['en-US']}`,
      email: `demo-${level.id.replace(/_/g, '-')}@example.com`,
      region: region.id,
      timeZone: 'Asia/Shanghai',
      locale,
    });
    if (level.purchasable && !level.isDefault) {
      const order = await placeOrder(deps, ADMIN_PRINCIPAL, account.id, {
        action: 'purchase',
        level: level.id,
        term: { unit: term.unit, count: term.min },
        agreementAccepted: true,
      });
      await payOrder(deps, ADMIN_PRINCIPAL, order.id);
    }
    const key = await createAccountApiKey(deps, ADMIN_PRINCIPAL, account.id, { name: 'demo' });
    out.push({ level: level.id, accountId: account.id, token: key.token });
  }
  return out;
}
