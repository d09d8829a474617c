/**
 * R-OA through the HTTP API on every database kind: ingest (roles, the integration key's limits, every validation
 * path, all or nothing, idempotency, full syncs, a 10,000-sample batch), authorization, rules and thresholds, runs
 * (refusals in their order: NOT_FOUND, FORBIDDEN, NOT_ENTITLED, not authorized, a run in progress), findings
 * (identity across runs, filters, the run's own list, CSV and XLSX), resource groups, the schedule on the test clock
 * with the results mailed, and cost and capacity only from business level (R-OA-1).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { DB_KINDS } from '../support/databases.js';
import { buyPlan, createCustomer, startTestApp, type TestApp } from '../support/harness.js';
import { createCustomerUser, createStaff, expectError, type Actor } from '../support/actors.js';
import { startSmtp, type SmtpSink } from '../support/smtp.js';
import { createIntegration, hourly, patch, resource } from '../support/advisor.js';

const NOW = '2026-01-01T00:00:00.000Z';

/** An inventory with one risk of most kinds. */
function inventory(accountId: string, at = NOW) {
  return [
    resource(
      accountId,
      {
        id: `${accountId}-web-1`,
        type: 'ecs',
        name: 'web-1',
        attributes: { tier: 'web', securityGroups: ['sg'], flavor: 's6.large.2' },
      },
      at,
    ),
    resource(
      accountId,
      { id: `${accountId}-web-2`, type: 'ecs', name: 'web-2', attributes: { tier: 'web', securityGroups: ['sg'] } },
      at,
    ),
    resource(
      accountId,
      {
        id: `${accountId}-sg`,
        type: 'security_group',
        attributes: { rules: [{ direction: 'ingress', protocol: 'tcp', port: 22, source: '0.0.0.0/0' }] },
      },
      at,
    ),
    resource(accountId, { id: `${accountId}-eip`, type: 'eip', attributes: { boundTo: null } }, at),
    resource(accountId, { id: `${accountId}-db`, type: 'rds', attributes: { ha: true } }, at),
  ];
}

describe.each(DB_KINDS)('advisor over HTTP on %s', (kind) => {
  let t: TestApp;
  let smtp: SmtpSink;
  let integ: Actor;
  let biz: { id: string; token: string };
  let other: { id: string; token: string };
  const base = (id: string) => `/api/v1/accounts/${id}/advisor` as const;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp({ kind, config: { smtpUrl: smtp.url, publicUrl: 'https://desk.example' } });
    integ = await createIntegration(t);
    biz = await createCustomer(t, { email: 'ops@biz.example', locale: 'en-US' });
    await buyPlan(t, biz.id, 'business');
    other = await createCustomer(t, { email: 'other@example.com' });
  });
  afterAll(async () => Promise.all([t?.close(), smtp?.close()]));

  describe('ingest: POST /resources and /metrics', () => {
    it('401 without a token; 403 for customers and staff; the admin and an integration key may send', async () => {
      const body = { resources: inventory(biz.id).slice(0, 1) };
      const engineer = await createStaff(t, 'support_engineer', 'engineer');
      const operator = await createStaff(t, 'billing_operator');
      expectError(await t.as('nope').post('/api/v1/resources', body), 401, 'UNAUTHENTICATED');
      expect(expectError(await t.as(biz.token).post('/api/v1/resources', body), 403, 'FORBIDDEN')).toEqual({
        action: 'advisor.ingest',
        requiredRole: ['provider_admin', 'integration'],
      });
      expectError(await t.as(engineer.token).post('/api/v1/resources', body), 403, 'FORBIDDEN');
      expectError(await t.as(operator.token).post('/api/v1/metrics', { samples: [] }), 400, 'VALIDATION_FAILED');
      expectError(
        await t
          .as(operator.token)
          .post('/api/v1/metrics', { samples: hourly(`${biz.id}-web-1`, 'cpu_util', NOW, 1, 1) }),
        403,
        'FORBIDDEN',
      );
      expect((await t.api.post('/api/v1/resources', body)).status).toBe(200);
      expect((await t.as(integ.token).post('/api/v1/resources', body)).body).toMatchObject({
        created: 0,
        unchanged: 1,
      });
    });

    it('an integration key may do nothing else (FORBIDDEN, reason integration_key)', async () => {
      for (const res of [
        await t.as(integ.token).get('/api/v1/accounts'),
        await t.as(integ.token).get(`${base(biz.id)}/rules`),
        await t.as(integ.token).post(`${base(biz.id)}/runs`),
        await t.as(integ.token).post('/api/v1/usage', { records: [] }),
      ])
        expect(expectError(res, 403, 'FORBIDDEN').reason).toBe('integration_key');
    });

    it('bad records are refused all or nothing, each named by index and field', async () => {
      const good = inventory(biz.id)[0]!;
      const res = await t.as(integ.token).post('/api/v1/resources', {
        resources: [
          { ...good, id: 'x-new-1' },
          { ...good, id: 'x-bad-account', accountId: 'acc_nope' },
          { ...good, id: 'x-bad-ha', type: 'rds', attributes: { ha: 'yes' } },
          { ...good, id: 'x-dup', name: 'one' },
          { ...good, id: 'x-dup', name: 'two' },
          {
            ...good,
            id: 'x-bad-rule',
            type: 'security_group',
            attributes: { rules: [{ direction: 'up', protocol: 'tcp', source: '0.0.0.0/0' }] },
          },
        ],
      });
      expect(expectError(res, 400, 'VALIDATION_FAILED').issues.map((i: { path: string }) => i.path)).toEqual([
        'body.resources.1.accountId',
        'body.resources.2.attributes.ha',
        'body.resources.4.id',
        'body.resources.5.attributes.rules.0.direction',
      ]);
      const listed = await t.as(biz.token).get(`/api/v1/accounts/${biz.id}/resources?pageSize=100`);
      expect(listed.body.items.map((r: { id: string }) => r.id)).not.toContain('x-new-1');
      const shape = await t
        .as(integ.token)
        .post('/api/v1/resources', { resources: [{ ...good, observedAt: 'yesterday', type: 'ECS!' }] });
      expect(
        expectError(shape, 400, 'VALIDATION_FAILED')
          .issues.map((i: { path: string }) => i.path)
          .sort(),
      ).toEqual(['body.resources.0.observedAt', 'body.resources.0.type']);
      const moved = await t
        .as(integ.token)
        .post('/api/v1/resources', { resources: [{ ...good, accountId: other.id }] });
      expect(expectError(moved, 400, 'VALIDATION_FAILED').issues).toEqual([
        { path: 'body.resources.0.accountId', message: `resource ${good.id} belongs to another account` },
      ]);
    });

    it('upserts by id: changes are counted, an older observation changes nothing, a full sync marks the rest gone', async () => {
      const acc = await createCustomer(t);
      const inv = inventory(acc.id);
      expect((await t.as(integ.token).post('/api/v1/resources', { resources: inv })).body).toEqual({
        received: 5,
        created: 5,
        updated: 0,
        unchanged: 0,
        gone: 0,
      });
      const renamed = { ...inv[0]!, name: 'web-1-renamed', observedAt: '2025-12-31T23:00:00.000Z' };
      expect((await t.as(integ.token).post('/api/v1/resources', { resources: [renamed] })).body).toMatchObject({
        updated: 0,
        unchanged: 1,
      });
      const newer = { ...renamed, observedAt: '2026-01-01T00:00:00.000Z' };
      expect((await t.as(integ.token).post('/api/v1/resources', { resources: [newer] })).body).toMatchObject({
        updated: 1,
      });
      const sync = await t.as(integ.token).post('/api/v1/resources', { fullSync: true, resources: [newer, inv[1]!] });
      expect(sync.body).toEqual({ received: 2, created: 0, updated: 0, unchanged: 2, gone: 3 });
      const present = await t.as(acc.token).get(`/api/v1/accounts/${acc.id}/resources`);
      expect(present.body.total).toBe(2);
      expect(present.body.items.find((r: { id: string }) => r.id === newer.id)!.name).toBe('web-1-renamed');
      const all = await t.as(acc.token).get(`/api/v1/accounts/${acc.id}/resources?includeGone=true&type=eip`);
      expect(all.body.items.map((r: { goneAt: string | null }) => r.goneAt)).toEqual([NOW]);
      const back = await t.as(integ.token).post('/api/v1/resources', { resources: [inv[3]!] });
      expect(back.body).toMatchObject({ updated: 1, gone: 0 });
      expectError(await t.as(other.token).get(`/api/v1/accounts/${acc.id}/resources`), 404, 'NOT_FOUND');
    });

    it('samples: 10,000 in one request; repeats change nothing; bad samples refused all or nothing', async () => {
      const id = `${biz.id}-web-1`;
      await t.as(integ.token).post('/api/v1/resources', { resources: inventory(biz.id) });
      const many = [
        ...hourly(id, 'cpu_util', NOW, 5000, (i) => (i % 100) + 0.5).map((s) => ({ ...s, at: s.at })),
        ...hourly(id, 'mem_util', NOW, 5000, 40),
      ].filter((s) => Date.parse(s.at) >= Date.parse('2025-12-01T00:00:00Z'));
      // A month of hourly samples is ~744 per metric: send 10,000 samples on the minute instead.
      const batch = Array.from({ length: 10_000 }, (_, i) => ({
        resourceId: id,
        metric: i % 2 ? 'disk_util' : 'bandwidth_util',
        at: new Date(Date.parse(NOW) - Math.floor(i / 2) * 60_000).toISOString(),
        value: (i % 1000) / 10,
      }));
      expect(many.length).toBeGreaterThan(1000);
      const first = await t.as(integ.token).post('/api/v1/metrics', { samples: batch });
      expect(first.body).toEqual({ received: 10_000, created: 10_000, unchanged: 0 });
      const again = await t.as(integ.token).post('/api/v1/metrics', { samples: batch.slice(0, 100) });
      expect(again.body).toEqual({ received: 100, created: 0, unchanged: 100 });
      const bad = await t.as(integ.token).post('/api/v1/metrics', {
        samples: [
          { resourceId: id, metric: 'cpu_util', at: '2025-12-31T10:00:00Z', value: 50 },
          { resourceId: 'nope', metric: 'cpu_util', at: '2025-12-31T10:00:00Z', value: 50 },
          { resourceId: id, metric: 'cpu_util', at: '2025-11-30T10:00:00Z', value: 50 },
          { resourceId: id, metric: 'cpu_util', at: '2025-12-31T11:00:00Z', value: 101 },
        ],
      });
      expect(expectError(bad, 400, 'VALIDATION_FAILED').issues.map((i: { path: string }) => i.path)).toEqual([
        'body.samples.1.resourceId',
        'body.samples.2.at',
        'body.samples.3.value',
      ]);
      const [stored] = await t.app.database.rows<{ n: string }>(
        sql`SELECT count(*) AS n FROM advisor_samples s JOIN advisor_resources r ON r.key = s.resource_key WHERE r.id = ${id} AND s.metric = 'cpu_util'`,
      );
      expect(Number(stored!.n)).toBe(0);
      const shape = await t.as(integ.token).unchecked.post('/api/v1/metrics', {
        samples: [{ resourceId: id, metric: 'cpu', at: '2025-12-31 10:00', value: '5' }],
      });
      expect(
        expectError(shape, 400, 'VALIDATION_FAILED')
          .issues.map((i: { path: string }) => i.path)
          .sort(),
      ).toEqual(['body.samples.0.at', 'body.samples.0.value']);
      const tooMany = Array.from({ length: 50_001 }, () => batch[0]!);
      expectError(await t.as(integ.token).post('/api/v1/metrics', { samples: tooMany }), 400, 'VALIDATION_FAILED');
    });
  });

  describe('authorization, rules and runs', () => {
    it('runs: NOT_FOUND for another tenant, FORBIDDEN for billing staff, then refused until the owner authorizes', async () => {
      const acc = await createCustomer(t);
      const member = await createCustomerUser(t, acc.id);
      const operator = await createStaff(t, 'billing_operator');
      expectError(await t.as(other.token).post(`${base(acc.id)}/runs`), 404, 'NOT_FOUND');
      expectError(await t.as(operator.token).post(`${base(acc.id)}/runs`), 403, 'FORBIDDEN');
      expect(expectError(await t.as(acc.token).post(`${base(acc.id)}/runs`), 403, 'FORBIDDEN')).toEqual({
        reason: 'advisor_not_authorized',
      });
      // Only the owner authorizes (not a member, not staff).
      expect(expectError(await t.as(member.token).post(`${base(acc.id)}/authorization`), 403, 'FORBIDDEN')).toEqual({
        action: 'advisor.configure',
        requiredRole: ['customer_owner'],
      });
      expectError(await t.api.post(`${base(acc.id)}/authorization`), 403, 'FORBIDDEN');
      expectError(await t.as(other.token).post(`${base(acc.id)}/authorization`), 404, 'NOT_FOUND');
      const auth = await t.as(acc.token).post(`${base(acc.id)}/authorization`);
      expect(auth.body).toMatchObject({ authorized: true, authorizedAt: NOW, retention: 'P1M' });
      expect((await t.as(acc.token).post(`${base(acc.id)}/authorization`)).body.authorizedAt).toBe(NOW);
      const run = await t.as(member.token).post(`${base(acc.id)}/runs`);
      expect(run.status).toBe(201);
      expect(run.body).toMatchObject({
        status: 'completed',
        trigger: 'manual',
        level: 'basic',
        unavailableDimensions: ['cost'],
      });
      expect((await t.as(acc.token).delete(`${base(acc.id)}/authorization`)).body.authorized).toBe(false);
      expect(expectError(await t.as(acc.token).post(`${base(acc.id)}/runs`), 403, 'FORBIDDEN').reason).toBe(
        'advisor_not_authorized',
      );
    });

    it('R-OA-1: a basic account gets no cost or capacity findings; business does', async () => {
      const basic = await createCustomer(t);
      await t.as(integ.token).post('/api/v1/resources', { resources: inventory(basic.id) });
      await t
        .as(integ.token)
        .post('/api/v1/metrics', { samples: hourly(`${basic.id}-web-1`, 'cpu_util', NOW, 48, 99) });
      await t.as(basic.token).post(`${base(basic.id)}/authorization`);
      const rules = (await t.as(basic.token).get(`${base(basic.id)}/rules?locale=en-US`)).body;
      expect(rules.total).toBe(16);
      const cpu = rules.items.find((r: { id: string }) => r.id === 'ecs-cpu-high');
      expect(cpu).toMatchObject({
        available: false,
        missingEntitlement: 'feature:optimization_advisor_cost_capacity',
        capacity: true,
        name: 'Sustained high ECS CPU utilisation',
      });
      expect(
        rules.items
          .filter((r: { available: boolean }) => !r.available)
          .map((r: { dimension: string }) => r.dimension)
          .sort(),
      ).toEqual(['cost', 'cost', 'cost', 'performance', 'performance', 'performance']);
      const run = (await t.as(basic.token).post(`${base(basic.id)}/runs`)).body;
      expect(run.summary.cost).toEqual({ high: 0, medium: 0, low: 0 });
      const found = (await t.as(basic.token).get(`${base(basic.id)}/findings?pageSize=50`)).body.items.map(
        (f: { ruleId: string }) => f.ruleId,
      );
      expect(found).toContain('sg-admin-ports-open');
      expect(found).not.toContain('ecs-cpu-high');
      expect(found).not.toContain('eip-unbound');
      expect(
        expectError(
          await patch(t, basic.token, `${base(basic.id)}/rules/ecs-idle`, { enabled: false }),
          403,
          'NOT_ENTITLED',
        ),
      ).toMatchObject({
        entitlement: 'feature:optimization_advisor_cost_capacity',
        ruleId: 'ecs-idle',
      });
    });

    it('findings keep their identity across runs; switched-off rules and fixed resources resolve; thresholds take effect next run', async () => {
      await t.as(biz.token).post(`${base(biz.id)}/authorization`);
      await t.as(integ.token).post('/api/v1/metrics', { samples: hourly(`${biz.id}-web-2`, 'cpu_util', NOW, 48, 85) });
      const first = (await t.as(biz.token).post(`${base(biz.id)}/runs`)).body;
      const open1 = (await t.as(biz.token).get(`${base(biz.id)}/findings?pageSize=50`)).body.items;
      const byRule = (items: { ruleId: string }[]) => items.map((f) => f.ruleId).sort();
      expect(byRule(open1)).toEqual(
        ['eip-unbound', 'ecs-cpu-high', 'no-contacts', 'sg-admin-ports-open', 'tier-single-zone'].sort(),
      );
      const cpu = open1.find((f: { ruleId: string }) => f.ruleId === 'ecs-cpu-high');
      expect(cpu).toMatchObject({
        dimension: 'performance',
        severity: 'high',
        resourceId: `${biz.id}-web-2`,
        resourceName: 'web-2',
        title: 'Sustained high CPU on web-2',
        evidence: { samples: 48, matching: 48, percent: 80, averagePercent: 85 },
        status: 'open',
        firstSeenAt: NOW,
      });
      expect(first).toMatchObject({ findings: 5, opened: 5, resolved: 0 });

      // The owner raises the CPU threshold above 85 and switches off the EIP check; the EIP gets bound.
      const member = await createCustomerUser(t, biz.id);
      expectError(
        await patch(t, member.token, `${base(biz.id)}/rules/ecs-cpu-high`, { thresholds: { percent: 90 } }),
        403,
        'FORBIDDEN',
      );
      expectError(await patch(t, biz.token, `${base(biz.id)}/rules/nope`, { enabled: false }), 404, 'NOT_FOUND');
      expectError(
        await patch(t, other.token, `${base(biz.id)}/rules/ecs-cpu-high`, { enabled: false }),
        404,
        'NOT_FOUND',
      );
      expect(
        expectError(
          await patch(t, biz.token, `${base(biz.id)}/rules/ecs-cpu-high`, { thresholds: { percent: 101 } }),
          400,
          'VALIDATION_FAILED',
        ).issues[0]!.path,
      ).toBe('body.thresholds.percent');
      expect(
        expectError(
          await patch(t, biz.token, `${base(biz.id)}/rules/sg-admin-ports-open`, { thresholds: { percent: 50 } }),
          400,
          'VALIDATION_FAILED',
        ).issues[0]!.path,
      ).toBe('body.thresholds.percent');
      expectError(await patch(t, biz.token, `${base(biz.id)}/rules/ecs-cpu-high`, {}), 400, 'VALIDATION_FAILED');
      const raised = await patch(t, biz.token, `${base(biz.id)}/rules/ecs-cpu-high`, { thresholds: { percent: 90 } });
      expect(raised.body.thresholds).toEqual({ percent: 90, windowDays: 7, minSharePercent: 50 });
      expect(
        (await patch(t, biz.token, `${base(biz.id)}/rules/tier-single-zone`, { enabled: false })).body.enabled,
      ).toBe(false);
      const inv = inventory(biz.id);
      await t.as(integ.token).post('/api/v1/resources', {
        resources: [{ ...inv[3]!, attributes: { boundTo: `${biz.id}-web-1` }, observedAt: NOW }],
      });

      const second = (await t.as(biz.token).post(`${base(biz.id)}/runs`)).body;
      expect(second).toMatchObject({ findings: 2, opened: 0, resolved: 3 });
      const open2 = (await t.as(biz.token).get(`${base(biz.id)}/findings`)).body.items;
      expect(byRule(open2)).toEqual(['no-contacts', 'sg-admin-ports-open']);
      const sg1 = open1.find((f: { ruleId: string }) => f.ruleId === 'sg-admin-ports-open')!;
      const sg2 = open2.find((f: { ruleId: string }) => f.ruleId === 'sg-admin-ports-open')!;
      expect(sg2.id).toBe(sg1.id);
      const resolved = (await t.as(biz.token).get(`${base(biz.id)}/findings?status=resolved`)).body.items;
      expect(byRule(resolved)).toEqual(['eip-unbound', 'ecs-cpu-high', 'tier-single-zone'].sort());
      expect(resolved.every((f) => f.resolvedAt === NOW)).toBe(true);
      // The first run's own list still shows what it found, with its evidence.
      const ofFirst = (await t.as(biz.token).get(`${base(biz.id)}/findings?runId=${first.id}&dimension=performance`))
        .body;
      expect(ofFirst.items.map((f: { ruleId: string }) => f.ruleId)).toEqual(['ecs-cpu-high']);
      expectError(await t.as(biz.token).get(`${base(biz.id)}/findings?runId=oar_nope`), 404, 'NOT_FOUND');
      expectError(await t.as(biz.token).get(`${base(biz.id)}/runs/oar_nope`), 404, 'NOT_FOUND');
      expectError(await t.as(other.token).get(`${base(biz.id)}/runs/${first.id}`), 404, 'NOT_FOUND');
      const runs = (await t.as(biz.token).get(`${base(biz.id)}/runs`)).body;
      expect(runs.items.map((r: { id: string }) => r.id)).toEqual([second.id, first.id]);
      expect((await t.as(biz.token).get(`${base(biz.id)}/runs/${first.id}`)).body.summary.performance.high).toBe(1);
      // In Chinese on request.
      const zh = (await t.as(biz.token).get(`${base(biz.id)}/findings?locale=zh-CN&dimension=security`)).body.items[0]!;
      expect(zh.title).toContain('开放端口 22');
    });

    it('a run in progress refuses another (INVALID_STATE); the resume sweep finishes an interrupted run', async () => {
      const acc = await createCustomer(t);
      await buyPlan(t, acc.id, 'business');
      await t.as(integ.token).post('/api/v1/resources', { resources: inventory(acc.id) });
      await t.as(acc.token).post(`${base(acc.id)}/authorization`);
      // A run a stopped process left half-way: its row is running at its first batch.
      await t.app.database
        .rows(sql`INSERT INTO advisor_runs (id, tenant_id, account_id, trigger, status, phase, at, rules, started_at, updated_at)
        VALUES ('oar_left', ${acc.id}, ${acc.id}, 'manual', 'running', 'resources', ${NOW}::timestamptz,
          ${JSON.stringify(t.app.catalog.def.advisor!.rules.map((r) => ({ id: r.id, enabled: true, available: true, thresholds: Object.fromEntries(Object.entries(r.thresholds).map(([k, d]) => [k, d.default])) })))}::jsonb,
          ${NOW}::timestamptz, ${NOW}::timestamptz)`);
      expect(expectError(await t.as(acc.token).post(`${base(acc.id)}/runs`), 409, 'INVALID_STATE')).toEqual({
        runId: 'oar_left',
      });
      expect((await t.app.scheduler.runDue(t.app.clock.now())) > 0).toBe(true);
      const left = (await t.as(acc.token).get(`${base(acc.id)}/runs/oar_left`)).body;
      expect(left).toMatchObject({ status: 'completed', resourcesDone: 5, findings: 4 });
      expect((await t.as(acc.token).post(`${base(acc.id)}/runs`)).status).toBe(201);
    });

    it('exports the findings as CSV and XLSX', async () => {
      const csv = await t.as(biz.token).get(`${base(biz.id)}/findings?format=csv&status=all`);
      expect(csv.status).toBe(200);
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(String(csv.headers['content-disposition'])).toMatch(/^attachment; filename\*=UTF-8''advisor-findings-/);
      const lines = String(csv.body)
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
      expect(lines[0]).toBe(
        'Dimension,Severity,Status,Title,Resource,Resource type,Resource name,Detail,Recommendation,Evidence,Rule,First seen,Last seen,Resolved,Finding id',
      );
      expect(lines.length).toBe(1 + 5);
      const xlsx = await t.app.http.inject({
        method: 'GET',
        url: `${base(biz.id)}/findings?format=xlsx&locale=zh-CN`,
        headers: { authorization: `Bearer ${biz.token}` },
      });
      expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const { default: ExcelJS } = await import('exceljs');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const sheet = book.getWorksheet('风险检查结果')!;
      expect(sheet.getRow(1).getCell(1).value).toBe('维度');
      expect(sheet.rowCount).toBe(1 + 2);
      expect(sheet.getRow(2).getCell(1).value).toBe('安全');
    });
  });

  describe('resource groups, capacity, events and the overview', () => {
    it('groups filter findings, resources and capacity; bad members, names and ids are refused', async () => {
      const web = [`${biz.id}-web-1`, `${biz.id}-web-2`];
      expect(
        expectError(
          await t.as(biz.token).post(`${base(biz.id)}/groups`, { name: 'Shop', resourceIds: [web[0]!, 'nope'] }),
          400,
          'VALIDATION_FAILED',
        ).issues,
      ).toEqual([{ path: 'body.resourceIds.1', message: 'no such resource in this account' }]);
      const g = await t.as(biz.token).post(`${base(biz.id)}/groups`, { name: 'Shop', resourceIds: web });
      expect(g.status).toBe(201);
      expectError(await t.as(biz.token).post(`${base(biz.id)}/groups`, { name: 'Shop' }), 409, 'INVALID_STATE');
      const member = await createCustomerUser(t, biz.id);
      expectError(await t.as(member.token).post(`${base(biz.id)}/groups`, { name: 'Other' }), 403, 'FORBIDDEN');
      expect(
        (await t.as(member.token).get(`${base(biz.id)}/groups`)).body.items.map((x: { name: string }) => x.name),
      ).toEqual(['Shop']);
      const sec = await t
        .as(biz.token)
        .post(`${base(biz.id)}/groups`, { name: 'Security', resourceIds: [`${biz.id}-sg`] });
      const inShop = (await t.as(biz.token).get(`${base(biz.id)}/findings?groupId=${g.body.id}&status=all`)).body.items
        .map((f: { ruleId: string }) => f.ruleId)
        .sort();
      expect(inShop).toEqual(['ecs-cpu-high', 'tier-single-zone']);
      const inSec = (await t.as(biz.token).get(`${base(biz.id)}/findings?groupId=${sec.body.id}`)).body.items.map(
        (f: { ruleId: string }) => f.ruleId,
      );
      expect(inSec).toEqual(['sg-admin-ports-open']);
      expect((await t.as(biz.token).get(`/api/v1/accounts/${biz.id}/resources?groupId=${g.body.id}`)).body.total).toBe(
        2,
      );
      const cap = (await t.as(biz.token).get(`${base(biz.id)}/capacity?groupId=${g.body.id}&days=7`)).body;
      const cpu = cap.metrics.find((m: { metric: string }) => m.metric === 'cpu_util')!;
      expect(cpu.resources).toEqual([
        { resourceId: web[1], name: 'web-2', type: 'ecs', samples: 48, average: 85, peak: 85 },
      ]);
      expectError(await t.as(biz.token).get(`${base(biz.id)}/findings?groupId=grp_nope`), 404, 'NOT_FOUND');
      expectError(await patch(t, biz.token, `${base(biz.id)}/groups/grp_nope`, { name: 'x' }), 404, 'NOT_FOUND');
      expectError(
        await patch(t, biz.token, `${base(biz.id)}/groups/${g.body.id}`, { name: 'Security' }),
        409,
        'INVALID_STATE',
      );
      expect(
        (await patch(t, biz.token, `${base(biz.id)}/groups/${g.body.id}`, { name: 'Web shop', resourceIds: [web[0]] }))
          .body,
      ).toMatchObject({ name: 'Web shop', resourceIds: [web[0]] });
      expect((await t.as(biz.token).delete(`${base(biz.id)}/groups/${sec.body.id}`)).body).toEqual({
        id: sec.body.id,
        deleted: true,
      });
      expectError(await t.as(biz.token).delete(`${base(biz.id)}/groups/${sec.body.id}`), 404, 'NOT_FOUND');
      expectError(await t.as(other.token).get(`${base(biz.id)}/groups`), 404, 'NOT_FOUND');
    });

    it('events: the service-baseline check looks 30 days ahead; an end before the start is refused', async () => {
      expect(
        expectError(
          await t
            .as(biz.token)
            .put(`${base(biz.id)}/events`, { events: [{ name: 'Sale', start: '2026-01-20', end: '2026-01-19' }] }),
          400,
          'VALIDATION_FAILED',
        ).issues[0]!.path,
      ).toBe('body.events.0.end');
      // Dates that do not exist or that the calendar engines do not handle are refused per field, never a 500.
      for (const [start, end, path] of [
        ['2026-02-30', '2026-03-01', 'body.events.0.start'],
        ['2026-01-20', '0189-89-94', 'body.events.0.end'],
        ['7637-91-31', '7836-74-11', 'body.events.0.start'],
      ] as const) {
        const refused = await t.as(biz.token).put(`${base(biz.id)}/events`, { events: [{ name: 'Sale', start, end }] });
        expect(expectError(refused, 400, 'VALIDATION_FAILED').issues.map((i: { path: string }) => i.path)).toContain(
          path,
        );
      }
      const set = await t
        .as(biz.token)
        .put(`${base(biz.id)}/events`, { events: [{ name: 'Sale', start: '2026-01-20', end: '2026-01-21' }] });
      expect(set.body.items).toMatchObject([{ name: 'Sale', start: '2026-01-20', end: '2026-01-21' }]);
      await t.as(biz.token).post(`${base(biz.id)}/runs`);
      const baseline = (await t.as(biz.token).get(`${base(biz.id)}/findings?dimension=service_baseline`)).body.items;
      expect(baseline.map((f: { ruleId: string }) => f.ruleId).sort()).toEqual([
        'event-without-protection',
        'no-contacts',
      ]);
      expect(baseline.find((f: { ruleId: string }) => f.ruleId === 'event-without-protection')!.evidence).toMatchObject(
        {
          event: 'Sale',
          start: '2026-01-20',
          days: 19,
        },
      );
    });

    it('the overview: entitlement, authorization, schedule, open risks by dimension, the latest run', async () => {
      const ov = (await t.as(biz.token).get(base(biz.id))).body;
      expect(ov).toMatchObject({
        level: 'business',
        included: true,
        costCapacity: true,
        unavailableDimensions: [],
        authorization: { authorized: true },
        schedule: { enabled: false, nextRunAt: null },
        resources: 5,
      });
      expect(ov.risks.security.high).toBe(1);
      expect(ov.lastRun!.trigger).toBe('manual');
      const staff = await createStaff(t, 'tam');
      expect((await t.as(staff.token).get(`${base(biz.id)}/findings`)).status).toBe(200);
    });
  });

  describe('the schedule (R-OA-2 自动巡检)', () => {
    it('refused before authorization and for bad times; weekly at a local time, results mailed, once per run', async () => {
      const acc = await createCustomer(t, {
        email: 'owner@weekly.example',
        locale: 'zh-CN',
        timeZone: 'Asia/Shanghai',
      });
      await buyPlan(t, acc.id, 'business');
      await t.as(integ.token).post('/api/v1/resources', { resources: inventory(acc.id) });
      const weekly = { enabled: true, every: 'week', at: '09:30', weekday: 1, email: 'sre@weekly.example' } as const;
      expect(expectError(await t.as(acc.token).put(`${base(acc.id)}/schedule`, weekly), 403, 'FORBIDDEN').reason).toBe(
        'advisor_not_authorized',
      );
      await t.as(acc.token).post(`${base(acc.id)}/authorization`);
      const bad = await t.as(acc.token).put(`${base(acc.id)}/schedule`, { ...weekly, at: '24:00', weekday: 8 });
      expect(
        expectError(bad, 400, 'VALIDATION_FAILED')
          .issues.map((i: { path: string }) => i.path)
          .sort(),
      ).toEqual(['body.at', 'body.weekday']);
      const member = await createCustomerUser(t, acc.id);
      expectError(await t.as(member.token).put(`${base(acc.id)}/schedule`, weekly), 403, 'FORBIDDEN');
      const set = await t.as(acc.token).put(`${base(acc.id)}/schedule`, weekly);
      // Thursday 2026-01-01 08:00 in Shanghai: the next Monday 09:30 local.
      expect(set.body).toEqual({
        enabled: true,
        every: 'week',
        at: '09:30',
        weekday: 1,
        email: 'sre@weekly.example',
        timeZone: 'Asia/Shanghai',
        nextRunAt: '2026-01-05T01:30:00.000Z',
      });
      await t.setClock('2026-01-12T12:00:00Z');
      const runs = (await t.as(acc.token).get(`${base(acc.id)}/runs`)).body.items;
      expect(runs.map((r: { trigger: string; at: string }) => [r.trigger, r.at])).toEqual([
        ['schedule', '2026-01-12T01:30:00.000Z'],
        ['schedule', '2026-01-05T01:30:00.000Z'],
      ]);
      expect((await t.as(acc.token).get(base(acc.id))).body.schedule.nextRunAt).toBe('2026-01-19T01:30:00.000Z');
      const mails = smtp.to('sre@weekly.example');
      expect(mails).toHaveLength(2);
      expect(mails[0]!.subject).toBe('优化顾问检查结果：4 项风险（高风险 1 项）');
      expect(mails[0]!.text).toContain('安全：高 1，中 0，低 0');
      expect(mails[0]!.text).toContain(`https://desk.example/advisor/history/${runs[1]!.id}?account=${acc.id}`);
      expect(mails[1]!.text).toContain('新增 0 项');
      // Off: no more runs.
      expect(
        (await t.as(acc.token).put(`${base(acc.id)}/schedule`, { ...weekly, enabled: false })).body.nextRunAt,
      ).toBeNull();
      await t.setClock('2026-01-20T00:00:00Z');
      expect((await t.as(acc.token).get(`${base(acc.id)}/runs`)).body.total).toBe(2);
    });
  });
});

describe('a catalog without the advisor (ctyun)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ catalog: 'ctyun' });
  });
  afterAll(async () => t?.close());
  it('runs and schedules are NOT_ENTITLED; the rules list is empty; ingest still works for reports', async () => {
    const c = await createCustomer(t);
    await t.as(c.token).post(`/api/v1/accounts/${c.id}/advisor/authorization`);
    expect(
      expectError(await t.as(c.token).post(`/api/v1/accounts/${c.id}/advisor/runs`), 403, 'NOT_ENTITLED').entitlement,
    ).toBe('feature:optimization_advisor');
    expectError(
      await t
        .as(c.token)
        .put(`/api/v1/accounts/${c.id}/advisor/schedule`, { enabled: true, every: 'day', at: '08:00' }),
      403,
      'NOT_ENTITLED',
    );
    expect((await t.as(c.token).get(`/api/v1/accounts/${c.id}/advisor/rules`)).body.total).toBe(0);
    const integ = await createIntegration(t);
    const res = await t
      .as(integ.token)
      .post('/api/v1/resources', { resources: [resource(c.id, { id: 'vm-1', type: 'ecs' }, NOW)] });
    expect(res.body.created).toBe(1);
  });
});
