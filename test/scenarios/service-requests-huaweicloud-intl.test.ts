/**
 * Service requests through the real CLI (`tierdesk serve --catalog huaweicloud-intl --test-clock`): an enterprise
 * customer approved with its TAM buys a year; applies for event protection (seed 000 §1.5.12: 3 natural days,
 * "建议客户提前10个工作日" only a warning) and an availability check (§1.5.13: 3 working days ahead, hard); the
 * applications lock the order (R-SUB-7); during the approved protection window urgent tickets get 15 minutes
 * (R-TKT-3); staff deliver, the customer downloads and rates (R-SR-4); the server stops cleanly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDataDir, ok, removeDir, startCli, type CliServer } from './cli-server.js';
import {
  apply,
  customerOf,
  deliver,
  downloadAndEvaluate,
  purchase,
  refused,
  staffOf,
  type Party,
} from './service-request-steps.js';

describe('R-SR scenario: huaweicloud-intl enterprise through the real CLI', () => {
  let dataDir: string;
  let server: CliServer;
  let c: Party;
  let tam: Party;
  let engineer: Party;
  let protection: any;
  let check: any;
  const report = {
    filename: 'event-protection-summary.md',
    contentType: 'text/markdown',
    content: '# Protection summary\n\n3 days on duty, no incident.\n',
  };
  const ticket = (accountId: string) => ({
    accountId,
    category: 'technical',
    severity: 'production_down',
    subject: 'Checkout is down',
    description: 'HTTP 502',
  });

  beforeAll(async () => {
    dataDir = await freshDataDir();
    server = await startCli({ catalog: 'huaweicloud-intl', dataDir });
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
    if (dataDir) removeDir(dataDir);
  });

  it('R-SUB-5a the enterprise customer is approved with a TAM and buys a year', async () => {
    // An empty --data directory: the real first start, the test clock at its start (API.md).
    expect(await server.now()).toBe('2026-01-01T00:00:00.000Z');
    await server.setClock('2026-03-02T10:00:00+08:00'); // Monday
    tam = await staffOf(server, 'tam');
    engineer = await staffOf(server, 'support_engineer');
    c = await customerOf(server, { name: 'Shop Ltd', region: 'cn-north-4', locale: 'en-US' });
    expect(
      refused(
        await c.api.post(`/api/v1/accounts/${c.id}/orders`, {
          action: 'purchase',
          level: 'enterprise',
          term: { unit: 'year', count: 1 },
          agreementAccepted: true,
        }),
        403,
        'FORBIDDEN',
      ),
    ).toMatchObject({ reason: 'approval_required' });
    ok(await server.admin.post(`/api/v1/accounts/${c.id}/approval`, { tamUserId: tam.id }));
    expect(await purchase(c.api, c.id, 'enterprise', { unit: 'year', count: 1 }, server.admin)).toMatchObject({
      status: 'paid',
    });
  });

  it('seed 000 §1.5.12 event protection: 3 natural days a week ahead are accepted with the 10-working-day advice as a warning; the order is locked (R-SUB-7)', async () => {
    expect((await c.api.post(`/api/v1/accounts/${c.id}/quotes`, { action: 'unsubscribe' })).status).toBe(200); // not locked yet
    protection = ok(
      await apply(c, {
        type: 'event_protection',
        start: '2026-03-09',
        days: 3,
        scenario: 'product_launch',
        notes: 'Spring launch',
      }),
      201,
    );
    expect(protection).toMatchObject({
      status: 'submitted',
      start: '2026-03-09',
      end: '2026-03-11',
      lockedOrder: true,
    });
    expect(protection.warnings).toEqual([
      expect.objectContaining({
        code: 'LEAD_TIME_ADVISED',
        details: expect.objectContaining({ earliestStart: '2026-03-16' }),
      }),
    ]);
    refused(
      await apply(c, { type: 'event_protection', start: '2026-04-01', days: 1, scenario: 'promotion' }),
      409,
      'QUOTA_EXCEEDED',
    );
    refused(await c.api.post(`/api/v1/accounts/${c.id}/quotes`, { action: 'unsubscribe' }), 409, 'ORDER_LOCKED');
    refused(
      await c.api.post(`/api/v1/accounts/${c.id}/orders`, {
        action: 'unsubscribe',
        reason: 'testing_finished',
        agreementAccepted: true,
      }),
      409,
      'ORDER_LOCKED',
    );
    refused(
      await c.api.post(`/api/v1/accounts/${c.id}/orders`, {
        action: 'downgrade',
        level: 'business',
        agreementAccepted: true,
      }),
      409,
      'ORDER_LOCKED',
    );
    expect(ok(await c.api.get(`/api/v1/accounts/${c.id}/plan`)).locked).toBe(true);
  });

  it('R-TKT-3 the TAM accepts; inside the window a production_down ticket gets 15 minutes, after it 30', async () => {
    expect(ok(await c.api.post(`/api/v1/tickets`, ticket(c.id)), 201).sla.target).toBe('PT30M'); // submitted, not approved
    expect(
      ok(await tam.api.post(`/api/v1/service-requests/${protection.id}/accept`, { assigneeId: tam.id })),
    ).toMatchObject({ status: 'processing', assigneeId: tam.id });
    await server.setClock('2026-03-09T08:00:00+08:00');
    expect(ok(await c.api.post(`/api/v1/tickets`, ticket(c.id)), 201).sla).toMatchObject({
      target: 'PT15M',
      adjustment: { reason: 'event_protection' },
    });
    await server.setClock('2026-03-11T23:30:00+08:00'); // the last day of the window
    expect(ok(await c.api.post(`/api/v1/tickets`, ticket(c.id)), 201).sla.target).toBe('PT15M');
    await server.setClock('2026-03-12T10:00:00+08:00'); // Thursday, the window is over
    expect(ok(await c.api.post(`/api/v1/tickets`, ticket(c.id)), 201).sla.target).toBe('PT30M');
  });

  it('R-SR-4 the TAM delivers the protection summary; the customer downloads it and rates the service', async () => {
    refused(
      await c.api.post(`/api/v1/service-requests/${protection.id}/evaluation`, {
        responseSpeed: 5,
        deliverableQuality: 5,
      }),
      409,
      'INVALID_STATE',
    );
    refused(await c.api.post(`/api/v1/service-requests/${protection.id}/withdraw`, {}), 409, 'INVALID_STATE');
    const d = await tam.api.post(`/api/v1/service-requests/${protection.id}/deliverables`, {
      filename: report.filename,
      contentType: report.contentType,
      contentBase64: Buffer.from(report.content).toString('base64'),
    });
    expect(d.status).toBe(201);
    expect(ok(await tam.api.post(`/api/v1/service-requests/${protection.id}/complete`, {})).status).toBe('completed');
    await downloadAndEvaluate(c, protection.id, report, {
      responseSpeed: 5,
      deliverableQuality: 4,
      feedback: 'Smooth launch.',
    });
  });

  it('seed 000 §1.5.13 availability check "需提前3个工作日": applied Thursday, Monday is too soon, Tuesday works; once a year', async () => {
    expect(
      refused(await apply(c, { type: 'availability_check', start: '2026-03-16', days: 1 }), 422, 'LEAD_TIME_TOO_SHORT'),
    ).toMatchObject({ earliestStart: '2026-03-17' });
    check = ok(await apply(c, { type: 'availability_check', start: '2026-03-17', days: 1 }), 201);
    expect(check).toMatchObject({ lockedOrder: true, warnings: [] });
    refused(await apply(c, { type: 'availability_check', start: '2026-06-17', days: 1 }), 409, 'QUOTA_EXCEEDED');
    await server.setClock('2026-03-17T09:00:00+08:00');
    const file = {
      filename: 'availability-check.md',
      contentType: 'text/markdown',
      content: '# Availability check\n\nSingle-AZ RDS: move to a primary/standby pair.\n',
    };
    await deliver(server, engineer, check.id, file);
    await downloadAndEvaluate(c, check.id, file, { responseSpeed: 4, deliverableQuality: 5 });
    const plan = ok(await c.api.get(`/api/v1/accounts/${c.id}/plan`));
    expect(plan.locked).toBe(true);
    const quotas = Object.fromEntries((plan.quotas as { quota: string }[]).map((q) => [q.quota, q]));
    expect(quotas['service:event_protection']).toMatchObject({
      limit: 3,
      used: 3,
      remaining: 0,
      period: 'Y1@2026-03-02',
    });
    expect(quotas['service:availability_check']).toMatchObject({ limit: 1, used: 1, remaining: 0 });
    expect(quotas['service:resource_monitoring']).toMatchObject({ limit: 1, used: 0, remaining: 1 });
    const mine = ok(await c.api.get(`/api/v1/service-requests?accountId=${c.id}`));
    expect(mine.items.map((x: { id: string; status: string }) => [x.id, x.status])).toEqual([
      [check.id, 'completed'],
      [protection.id, 'completed'],
    ]);
  });

  it('the server stops cleanly on SIGTERM', async () => {
    expect(await server.stop()).toBe(0);
  });
});
