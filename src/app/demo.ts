/**
 * `--demo` on a new database: one customer account per level, each with an owner API key and a console login,
 * and staff logins (admin, a support engineer, a TAM, a billing operator). Passwords are random, printed once.
 * Each plan is paid as staff record an external payment; each account gets a balance (a staff top-up) that pays
 * for a year of the dearest level, so the owner can buy, upgrade and renew from the console.
 */
import { randomBytes } from 'node:crypto';
import { ADMIN_PRINCIPAL } from '../platform/http/principal.js';
import { createAccount, createAccountApiKey, createStaffUser } from '../contexts/accounts/index.js';
import { payOrder, placeOrder, topUpBalance } from '../contexts/subscriptions/index.js';
import { formatMoney } from '../domain/money/money.js';
import type { Tierdesk } from './build-app.js';

export interface DemoLogin {
  readonly who: string;
  readonly email: string;
  readonly password: string;
}

export interface DemoData {
  readonly accounts: {
    level: string;
    accountId: string;
    token: string;
    /** R-TKT-6: whether the key may call the ticket API (the account's effective level includes it in its region). */
    ticketApi: boolean;
    login: DemoLogin;
  }[];
  readonly staff: DemoLogin[];
}

/** 16 characters, shown once (≥ 12, R-UI-1). */
const demoPassword = () => randomBytes(12).toString('base64url');

export async function seedDemoData(app: Tierdesk): Promise<DemoData> {
  const { deps, catalog } = app;
  const region = catalog.def.regions.find((r) => r.holidayCalendar === 'CN') ?? catalog.def.regions[0]!;
  const locale = catalog.def.locales[0]!;
  const term = catalog.def.subscription.terms.find((t) => t.unit === 'year') ?? catalog.def.subscription.terms[0]!;
  const accounts: DemoData['accounts'] = [];
  const dearest = catalog.levels
    .filter((l) => l.purchasable)
    .map((l) => catalog.termPriceMinor(l, { unit: 'year', count: 1 }))
    .reduce((a, b) => (b > a ? b : a), 0n);
  for (const level of catalog.levels) {
    const email = `demo-${level.id.replace(/_/g, '-')}@example.com`;
    const account = await createAccount(deps, ADMIN_PRINCIPAL, {
      name: `Demo ${level.names['en-US']}`,
      email,
      region: region.id,
      timeZone: 'Asia/Shanghai',
      locale,
    });
    const bought = level.purchasable && !level.isDefault;
    if (bought) {
      const order = await placeOrder(deps, ADMIN_PRINCIPAL, account.id, {
        action: 'purchase',
        level: level.id,
        term: { unit: term.unit, count: term.min },
        agreementAccepted: true,
      });
      await payOrder(deps, ADMIN_PRINCIPAL, order.id, { method: 'external', reference: 'demo' });
    }
    if (dearest > 0n)
      await topUpBalance(deps, ADMIN_PRINCIPAL, account.id, {
        amount: { amount: formatMoney(dearest, catalog.currency), currency: catalog.currency.code },
        reason: 'demo',
      });
    const key = await createAccountApiKey(deps, ADMIN_PRINCIPAL, account.id, { name: 'demo' });
    const password = demoPassword();
    await app.identity.setPassword(account.ownerUserId, password);
    // A level the demo does not buy (approval needed) leaves the account on the default level.
    const effective = bought ? level : (catalog.levels.find((l) => l.isDefault) ?? null);
    accounts.push({
      level: level.id,
      accountId: account.id,
      token: key.token,
      ticketApi: !!effective?.ticketApi && !catalog.exclusionsFor(effective, region.id).has('ticket_api'),
      login: { who: `owner of ${level.id}`, email, password },
    });
  }
  const grade = catalog.def.handlers[0]!.id;
  const staff: DemoLogin[] = [];
  const staffDeps = { ...deps, credentials: app.identity.credentials };
  for (const s of [
    { role: 'provider_admin', name: 'Demo admin', email: 'admin@demo.example' },
    { role: 'support_engineer', name: 'Demo support engineer', email: 'engineer@demo.example', grade },
    { role: 'tam', name: 'Demo TAM', email: 'tam@demo.example' },
    { role: 'billing_operator', name: 'Demo billing operator', email: 'billing@demo.example' },
  ] as const) {
    const password = demoPassword();
    await createStaffUser(staffDeps, ADMIN_PRINCIPAL, { ...s, password });
    staff.push({
      who: s.role === 'support_engineer' ? `support_engineer (${grade})` : s.role,
      email: s.email,
      password,
    });
  }
  return { accounts, staff };
}
