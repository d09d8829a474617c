/**
 * Issue 17, docs/SCALING.md: the Citus plan distributes every tenant table by `tenant_id`. Read from the migrated
 * database itself (pg_catalog, so raw SQL migrations count too):
 * - every table in `public` has a `tenant_id` column, or is one of the GLOBAL_TABLES (reference tables replicated to
 *   every node, or coordinator tables looked up before the tenant is known), each with its reason;
 * - every primary key and unique index of a tenant table includes `tenant_id` (Citus requires it of a distributed
 *   table), except the keys listed in KEYS_WITHOUT_TENANT — the ones made before this plan, which SCALING.md's first
 *   step turns into (tenant_id, …). Nothing may be added to that list: a new key names the tenant.
 * Both lists must stay exact: an entry whose table or key is gone, or which now includes tenant_id, fails too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db.js';
import { createTestDatabase, DB_KINDS, type TestDatabase } from '../support/databases.js';

/** Not distributed by tenant (docs/SCALING.md "Tables that are not distributed"). */
export const GLOBAL_TABLES: Readonly<Record<string, 'reference' | 'coordinator'>> = {
  // Reference tables: small, provider-wide, read in joins on every node.
  settings: 'reference',
  data_migrations: 'reference',
  holidays: 'reference',
  holiday_years: 'reference',
  incidents: 'reference',
  incident_updates: 'reference',
  billing_runs: 'reference',
  report_plans: 'reference',
  // Coordinator tables: sign-in looks them up by email, token or subject before any tenant is known.
  password_credentials: 'coordinator',
  password_links: 'coordinator',
  sessions: 'coordinator',
  sign_in_throttle: 'coordinator',
  oidc_identities: 'coordinator',
  // Issue 17: rate-limit counters per key, user, account or client address, counted at the edge before the handler
  // (an address has no tenant); unlogged, never joined.
  rate_limit_windows: 'coordinator',
};

/** Keys made before the plan; SCALING.md step 1 adds tenant_id in front of each. Never add to this list. */
export const KEYS_WITHOUT_TENANT: ReadonlySet<string> = new Set([
  'accounts_pkey',
  // Payments (issue 11) landed beside this check; SCALING.md step 1 widens them with the rest.
  'balance_entries_bill_idx',
  'balance_entries_order_kind_idx',
  'orders_provider_payment_idx',
  'payment_callbacks_pkey',
  'vouchers_pkey',
  'advisor_events_pkey',
  'advisor_findings_identity_idx',
  'advisor_findings_pkey',
  'advisor_group_members_group_id_resource_id_pk',
  'advisor_groups_account_name_idx',
  'advisor_groups_pkey',
  'advisor_resource_changes_pkey',
  'advisor_resources_id_idx',
  'advisor_resources_pkey',
  'advisor_rule_settings_account_id_rule_id_pk',
  'advisor_run_findings_run_id_finding_id_pk',
  'advisor_runs_pkey',
  'advisor_runs_schedule_idx',
  'advisor_sample_days_account_id_day_pk',
  'advisor_settings_pkey',
  'api_keys_pkey',
  'audit_events_pkey',
  'balance_entries_pkey',
  'bill_lines_bill_id_line_no_pk',
  'bills_account_month_idx',
  'bills_pkey',
  'call_tasks_pkey',
  'call_tasks_source_idx',
  'contacts_pkey',
  'email_deliveries_pkey',
  'idempotency_keys_principal_key_pk',
  'incident_notifications_incident_id_account_id_pk',
  'linked_accounts_pkey',
  'messages_pkey',
  'messages_source_idx',
  'notification_preferences_user_idx',
  'orders_number_idx',
  'orders_pkey',
  'outbox_dedupe_idx',
  'outbox_pkey',
  'plan_history_pkey',
  'quota_usage_key_idx',
  // Landed with the reports context (issue 16) while this check was landing; step 1 widens them like the rest.
  'report_schedule_account_id_month_pk',
  'reports_account_month_version_idx',
  'reports_pkey',
  'service_request_deliverables_pkey',
  'service_request_events_pkey',
  'service_requests_pkey',
  'sms_deliveries_pkey',
  'sub_account_invitations_open_idx',
  'sub_account_invitations_pkey',
  'subscription_periods_pkey',
  'subscriptions_account_idx',
  'subscriptions_pkey',
  'ticket_attachments_pkey',
  'ticket_events_pkey',
  'ticket_replies_pkey',
  'tickets_number_idx',
  'tickets_pkey',
  'usage_records_pkey',
  'users_pkey',
  'webhook_deliveries_pkey',
  'webhooks_pkey',
]);

export interface SchemaTable {
  readonly name: string;
  readonly columns: readonly string[];
  /** Primary keys and unique indexes. */
  readonly keys: readonly { readonly name: string; readonly columns: readonly string[] }[];
}

/** Every problem of `tables` against the plan, as sentences (empty: the schema fits the plan). */
export function tenancyProblems(
  tables: readonly SchemaTable[],
  globals: Readonly<Record<string, string>>,
  allowed: ReadonlySet<string>,
): string[] {
  const problems: string[] = [];
  const names = new Set(tables.map((t) => t.name));
  const keyNames = new Set<string>();
  for (const t of tables) {
    const isTenant = t.columns.includes('tenant_id');
    if (t.name in globals) {
      if (isTenant) problems.push(`${t.name} has tenant_id but is listed as a ${globals[t.name]} table`);
      continue;
    }
    if (!isTenant) {
      problems.push(
        `${t.name} has no tenant_id column (a tenant table needs it; a provider-wide one is a reference table)`,
      );
      continue;
    }
    for (const k of t.keys) {
      keyNames.add(k.name);
      const hasTenant = k.columns.includes('tenant_id');
      if (!hasTenant && !allowed.has(k.name))
        problems.push(`${t.name}: key ${k.name} (${k.columns.join(', ')}) does not include tenant_id`);
      if (hasTenant && allowed.has(k.name))
        problems.push(`${t.name}: key ${k.name} includes tenant_id now; take it off KEYS_WITHOUT_TENANT`);
    }
  }
  for (const g of Object.keys(globals)) if (!names.has(g)) problems.push(`GLOBAL_TABLES lists ${g}, which is gone`);
  for (const k of allowed) if (!keyNames.has(k)) problems.push(`KEYS_WITHOUT_TENANT lists ${k}, which is gone`);
  return problems;
}

async function readSchema(database: Database): Promise<SchemaTable[]> {
  const columns = await database.rows<{ table: string; column: string }>(sql`
    SELECT c.relname AS table, a.attname AS column
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    WHERE c.relkind IN ('r', 'p')`);
  const keys = await database.rows<{ table: string; index: string; columns: string[] }>(sql`
    SELECT c.relname AS table, i.relname AS index, array_agg(a.attname::text ORDER BY k.ord) AS columns
    FROM pg_index x
    JOIN pg_class c ON c.oid = x.indrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
    JOIN pg_class i ON i.oid = x.indexrelid
    CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord)
    LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
    WHERE x.indisunique OR x.indisprimary
    GROUP BY c.relname, i.relname`);
  const byName = new Map<string, { columns: string[]; keys: { name: string; columns: string[] }[] }>();
  for (const c of columns) {
    const t = byName.get(c.table) ?? { columns: [], keys: [] };
    t.columns.push(c.column);
    byName.set(c.table, t);
  }
  for (const k of keys)
    byName.get(k.table)!.keys.push({ name: k.index, columns: k.columns.map((c) => c ?? '(expression)') });
  return [...byName].map(([name, t]) => ({ name, ...t })).sort((a, b) => a.name.localeCompare(b.name));
}

describe('the tenancy check itself', () => {
  const ok: SchemaTable = {
    name: 'things',
    columns: ['tenant_id', 'id'],
    keys: [{ name: 'things_pkey', columns: ['tenant_id', 'id'] }],
  };
  it('issue 17 a new table without tenant_id, or a tenant table whose key lacks it, is a problem; listed exceptions are not', () => {
    expect(tenancyProblems([ok], {}, new Set())).toEqual([]);
    expect(tenancyProblems([ok, { name: 'widgets', columns: ['id'], keys: [] }], {}, new Set())).toEqual([
      'widgets has no tenant_id column (a tenant table needs it; a provider-wide one is a reference table)',
    ]);
    const idOnly: SchemaTable = {
      name: 'gadgets',
      columns: ['tenant_id', 'id'],
      keys: [{ name: 'gadgets_pkey', columns: ['id'] }],
    };
    expect(tenancyProblems([idOnly], {}, new Set())).toEqual([
      'gadgets: key gadgets_pkey (id) does not include tenant_id',
    ]);
    expect(tenancyProblems([idOnly], {}, new Set(['gadgets_pkey']))).toEqual([]);
    expect(tenancyProblems([ok], { widgets: 'reference' }, new Set(['gone_pkey']))).toEqual([
      'GLOBAL_TABLES lists widgets, which is gone',
      'KEYS_WITHOUT_TENANT lists gone_pkey, which is gone',
    ]);
    expect(tenancyProblems([ok], { things: 'reference' }, new Set())).toEqual([
      'things has tenant_id but is listed as a reference table',
    ]);
  });

  it('issue 17 docs/SCALING.md names every table that is not distributed', () => {
    const doc = readFileSync(join(fileURLToPath(new URL('../..', import.meta.url)), 'docs', 'SCALING.md'), 'utf8');
    for (const [table, kind] of Object.entries(GLOBAL_TABLES))
      expect(doc, table).toMatch(new RegExp(`\`${table}\`[^\\n]*${kind}`));
  });
});

describe.each(DB_KINDS)('the migrated schema fits the Citus plan (%s)', (kind) => {
  let db: TestDatabase;
  let database: Database;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    database = await db.open();
  });
  afterAll(async () => {
    await database?.close();
    await db?.drop();
  });

  it('issue 17 every table has tenant_id or is a listed reference/coordinator table; every key of a tenant table includes tenant_id (or is listed as made before the plan)', async () => {
    const tables = await readSchema(database);
    expect(tables.length).toBeGreaterThan(40);
    expect(tenancyProblems(tables, GLOBAL_TABLES, KEYS_WITHOUT_TENANT)).toEqual([]);
  });
});
