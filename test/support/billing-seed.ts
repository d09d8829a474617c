/**
 * Many accounts at once for billing store tests, the resumable-run test and `npm run bench -- billing`: rows written with
 * INSERT … SELECT generate_series (what the API would create one by one): accounts acc_<prefix><n>, each holding
 * `level` from `since`, a renewal paid in the month, and one usage record a day of the month.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../src/platform/db.js';

export interface SeedOptions {
  readonly prefix: string;
  readonly accounts: number;
  readonly level: string;
  /** When the level was bought (ISO). */
  readonly since: string;
  /** The month whose days get one record each (YYYY-MM), and its renewal. */
  readonly month: string;
  readonly days: number;
  /** The renewal's amount in minor units (the level's monthly fee). */
  readonly renewalMinor: bigint;
  readonly currency: string;
}

/** The usage amount of account n on day d, in minor units (0 … 4,999.99). */
export const seededUsageMinor = (n: number, d: number) => (BigInt(n) * 7919n + BigInt(d) * 104729n) % 500000n;
export const seededAccountId = (prefix: string, n: number) => `acc_${prefix}${String(n).padStart(8, '0')}`;

export async function seedBillingAccounts(db: Db, o: SeedOptions): Promise<void> {
  const ids = sql.raw(`generate_series(1, ${o.accounts}) AS a`);
  const acc = sql`'acc_' || ${o.prefix} || lpad(a::text, 8, '0')`;
  const paidAt = `${o.month}-02T02:00:00Z`;
  await db.execute(sql`INSERT INTO accounts (id, tenant_id, name, email, region, time_zone, locale, created_at, updated_at)
    SELECT ${acc}, ${acc}, 'Seeded ' || a, 'seeded' || a || '@example.com', 'ap-southeast-3', 'Asia/Shanghai', 'en-US', ${o.since}::timestamptz, ${o.since}::timestamptz FROM ${ids}`);
  await db.execute(sql`INSERT INTO subscriptions (id, tenant_id, account_id, level, status, valid_from, valid_to, anchor_from, term_unit, term_count, auto_renew, created_at, updated_at)
    SELECT 'sub_' || ${o.prefix} || a, ${acc}, ${acc}, ${o.level}, 'active', ${o.since}::timestamptz, ${o.since}::timestamptz + interval '3 years', ${o.since}::timestamptz, 'month', 1, true, ${o.since}::timestamptz, ${o.since}::timestamptz FROM ${ids}`);
  await db.execute(sql`INSERT INTO plan_history (id, tenant_id, account_id, level, from_at, order_id)
    SELECT 'phs_' || ${o.prefix} || a, ${acc}, ${acc}, ${o.level}, ${o.since}::timestamptz, 'ord_n' || ${o.prefix} || a FROM ${ids}`);
  await db.execute(sql`INSERT INTO orders (id, number, tenant_id, account_id, type, status, level, from_level, term_unit, term_count, direction, amount_minor, currency, breakdown, action_date, auto_renew, placed_by, placed_by_staff, created_at, paid_at)
    SELECT 'ord_r' || ${o.prefix} || a, 'R' || ${o.prefix} || lpad(a::text, 8, '0'), ${acc}, ${acc}, 'renew', 'paid', ${o.level}, ${o.level}, 'month', 1, 'charge', ${o.renewalMinor.toString()}::bigint, ${o.currency}, '[]'::jsonb, ${`${o.month}-02`}::date, true, 'system:auto-renew', true, ${paidAt}::timestamptz, ${paidAt}::timestamptz FROM ${ids}`);
  for (let d = 1; d <= o.days; d++) {
    const day = `${o.month}-${String(d).padStart(2, '0')}`;
    await db.execute(sql`INSERT INTO usage_records (record_id, tenant_id, account_id, service, category, amount_minor, currency, from_date, to_date, received_at, content_hash)
      SELECT 'u' || ${o.prefix} || a || '-' || ${d}::int, ${acc}, ${acc}, 'ecs', 'cloud', ((a::bigint * 7919 + ${d}::bigint * 104729) % 500000), ${o.currency}, ${day}::date, ${day}::date, now(), md5(a::text || '-' || ${d}::int)
      FROM ${ids}`);
  }
}
