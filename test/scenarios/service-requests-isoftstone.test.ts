/**
 * Service requests through the real CLI (`tierdesk serve --catalog isoftstone --test-clock`) around the 2026
 * National Day holiday: a VIP customer bought yearly applies for an availability check (seed 002 §5.4 "需提前3个
 * 工作日" — 10-01..07 are off, so the third working day after Mon 09-28 is 10-08), resource monitoring on the 调休
 * working Saturday and event protection (§5.8); the application locks the order (R-SUB-7: no downgrade, no
 * unsubscribe); inside the approved protection window urgent tickets get 10 minutes (R-TKT-3); staff deliver, the
 * customer downloads and rates (R-SR-4).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok, removeDir, startCli, type CliServer } from './cli-server.js';
import { migratedDataDir } from './migrated-data-dir.js';
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

describe('R-SR scenario: isoftstone VIP through the real CLI', () => {
  let dataDir: string;
  let server: CliServer;
  let c: Party;
  let tam: Party;
  let engineer: Party;
  let check: any;
  let protection: any;

  beforeAll(async () => {
    dataDir = await migratedDataDir(); // a fresh, already migrated database (the intl scenario starts on an empty directory)
    server = await startCli({ catalog: 'isoftstone', dataDir });
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
    if (dataDir) removeDir(dataDir);
  });

  it('seed 002 §5.4 VIP bought yearly: an availability check 3 working days ahead across National Day; the order is then locked (R-SUB-7)', async () => {
    await server.setClock('2026-09-28T10:00:00+08:00'); // Monday
    tam = await staffOf(server, 'tam');
    engineer = await staffOf(server, 'support_engineer');
    c = await customerOf(server, { name: '软通客户', region: 'cn-north-4', locale: 'zh-CN' });
    expect(await purchase(c.api, c.id, 'vip', { unit: 'year', count: 1 }, server.admin)).toMatchObject({
      status: 'paid',
    });
    expect(
      refused(await apply(c, { type: 'availability_check', start: '2026-10-01', days: 1 }), 422, 'LEAD_TIME_TOO_SHORT'),
    ).toMatchObject({ earliestStart: '2026-10-08' });
    expect(ok(await c.api.get(`/api/v1/accounts/${c.id}/plan`)).locked).toBe(false);
    check = ok(await apply(c, { type: 'availability_check', start: '2026-10-08', days: 1 }), 201);
    expect(check).toMatchObject({ start: '2026-10-08', lockedOrder: true });
    // seed 002 §5.5 resource monitoring on the make-up working Saturday 10-10.
    ok(await apply(c, { type: 'resource_monitoring', start: '2026-10-10', days: 1 }), 201);
    refused(await apply(c, { type: 'resource_monitoring', start: '2026-11-10', days: 1 }), 409, 'QUOTA_EXCEEDED');
    // "客户一旦申请该限额增值服务，将无法退订或降级当期支持计划订单".
    refused(
      await c.api.post(`/api/v1/accounts/${c.id}/quotes`, { action: 'downgrade', level: 'dedicated' }),
      409,
      'ORDER_LOCKED',
    );
    refused(
      await c.api.post(`/api/v1/accounts/${c.id}/orders`, {
        action: 'downgrade',
        level: 'dedicated',
        agreementAccepted: true,
      }),
      409,
      'ORDER_LOCKED',
    );
    refused(
      await c.api.post(`/api/v1/accounts/${c.id}/orders`, {
        action: 'unsubscribe',
        reason: 'hard_to_use',
        agreementAccepted: true,
      }),
      409,
      'ORDER_LOCKED',
    );
  });

  it('seed 002 §5.8 VIP "每年累计3个自然日，每次保障服务以整数天申请": 1.5 days refused, 2 days accepted (10 working days ahead: no warning)', async () => {
    expect(
      refused(
        await apply(c, { type: 'event_protection', start: '2026-10-19', days: 1.5, scenario: 'holiday_peak' }),
        422,
        'DURATION_NOT_ALLOWED',
      ),
    ).toMatchObject({ reason: 'whole_days' });
    protection = ok(
      await apply(c, { type: 'event_protection', start: '2026-10-19', days: 2, scenario: 'holiday_peak' }),
      201,
    );
    expect(protection).toMatchObject({ end: '2026-10-20', warnings: [] });
    expect(
      refused(
        await apply(c, { type: 'event_protection', start: '2026-12-01', days: 2, scenario: 'promotion' }),
        409,
        'QUOTA_EXCEEDED',
      ),
    ).toMatchObject({ limit: 3, used: 2 });
  });

  it('R-SR-4 after the holiday the engineer delivers the availability check; the customer downloads and rates it', async () => {
    await server.setClock('2026-10-08T09:30:00+08:00');
    const file = {
      filename: '可用性检查报告.md',
      contentType: 'text/markdown',
      content: '# 可用性检查\n\n建议：数据库主备跨可用区部署。\n',
    };
    await deliver(server, engineer, check.id, file);
    await downloadAndEvaluate(c, check.id, file, {
      responseSpeed: 5,
      deliverableQuality: 5,
      feedback: '节后第一天就交付了',
    });
  });

  it('R-TKT-3 seed 002 §5.8 "事件响应时长小于10分钟": the TAM accepts the protection; inside the window a production_down ticket gets 10 minutes', async () => {
    ok(await tam.api.post(`/api/v1/service-requests/${protection.id}/accept`, { assigneeId: tam.id }));
    // iSoftStone customers' keys have no ticket API (R-TKT-6): the hotline opens the ticket as staff.
    const ticket = {
      accountId: c.id,
      category: 'technical',
      severity: 'production_down',
      subject: '支付接口超时',
      description: '大促期间 502',
    };
    expect(ok(await server.admin.post('/api/v1/tickets', ticket), 201).sla.target).toBe('PT30M');
    await server.setClock('2026-10-19T20:00:00+08:00');
    expect(ok(await server.admin.post('/api/v1/tickets', ticket), 201).sla).toMatchObject({
      target: 'PT10M',
      adjustment: { reason: 'event_protection' },
    });
    await server.setClock('2026-10-21T09:00:00+08:00');
    expect(ok(await server.admin.post('/api/v1/tickets', ticket), 201).sla.target).toBe('PT30M');
    const file = {
      filename: '护航总结.md',
      contentType: 'text/markdown',
      content: '# 护航总结\n\n两天值守，峰值平稳。\n',
    };
    ok(
      await tam.api.post(`/api/v1/service-requests/${protection.id}/deliverables`, {
        filename: file.filename,
        contentType: file.contentType,
        contentBase64: Buffer.from(file.content).toString('base64'),
      }),
      201,
    );
    expect(ok(await tam.api.post(`/api/v1/service-requests/${protection.id}/complete`, {})).status).toBe('completed');
    await downloadAndEvaluate(c, protection.id, file, { responseSpeed: 4, deliverableQuality: 5 });
    // Still locked for the rest of the term.
    refused(
      await c.api.post(`/api/v1/accounts/${c.id}/orders`, {
        action: 'unsubscribe',
        reason: 'hard_to_use',
        agreementAccepted: true,
      }),
      409,
      'ORDER_LOCKED',
    );
  });

  it('the server stops cleanly on SIGTERM', async () => {
    expect(await server.stop()).toBe(0);
  });
});
