/**
 * Service requests through the real CLI (`tierdesk serve --catalog ctyun --test-clock`): an enterprise customer
 * joins; staff deliver the proactive joining availability check (seed 004 §1.5.6 "加入…主动提供", shown in "我的服务
 * 单" §3.6); the customer applies for a level-1 重保 (§1.5.11 "至少提前 14 天…最长不超过 3 天": applied 2026-05-11
 * → 05-25 or later, SPEC R-SR-3's example); in the approved window every ticket is handled as urgent (R-TKT-3);
 * staff deliver, the customer downloads and rates (R-SR-4); Tianyi does not lock (R-SUB-7), so unsubscribing works.
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

describe('R-SR scenario: ctyun enterprise through the real CLI', () => {
  let dataDir: string;
  let server: CliServer;
  let c: Party;
  let engineer: Party;
  let joining: any;
  let protection: any;
  const ticket = (accountId: string) => ({
    accountId,
    category: 'technical',
    severity: 'general',
    subject: '控制台访问慢',
    description: '请协助排查',
  });

  beforeAll(async () => {
    dataDir = await migratedDataDir(); // a fresh, already migrated database (the intl scenario starts on an empty directory)
    server = await startCli({ catalog: 'ctyun', dataDir });
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
    if (dataDir) removeDir(dataDir);
  });

  it('seed 004 §1.5.6 enterprise joins; staff create the proactive joining availability check and the customer sees it in "my service requests"', async () => {
    await server.setClock('2026-05-11T10:00:00+08:00'); // Monday
    engineer = await staffOf(server, 'support_engineer');
    c = await customerOf(server, { name: '云上商城', region: 'cn-huadong1', locale: 'zh-CN' });
    expect(await purchase(c.api, c.id, 'enterprise', { unit: 'year', count: 1 }, server.admin)).toMatchObject({
      status: 'paid',
    });
    refused(
      await apply(c, {
        type: 'availability_check',
        start: '2026-05-12',
        days: 1,
        scenario: 'joining',
        origin: 'proactive',
      }),
      403,
      'FORBIDDEN',
    );
    joining = ok(
      await engineer.api.post('/api/v1/service-requests', {
        accountId: c.id,
        type: 'availability_check',
        start: '2026-05-11',
        days: 1,
        scenario: 'joining',
        origin: 'proactive',
        deliveryMethod: 'email',
        contact: { name: '杨工' },
      }),
      201,
    );
    expect(joining).toMatchObject({ origin: 'proactive', scenario: 'joining', lockedOrder: false });
    const mine = ok(await c.api.get('/api/v1/service-requests'));
    expect(mine).toMatchObject({ page: 1, pageSize: 10, total: 1 });
    expect(mine.items[0]).toMatchObject({
      id: joining.id,
      type: 'availability_check',
      origin: 'proactive',
      status: 'submitted',
    });
  });

  it('R-SR-3 level-1 重保: applied 2026-05-11, 05-24 is too soon, 4 days too long, 05-25 for 3 days is accepted', async () => {
    const l1 = (start: string, days: number) =>
      apply(c, {
        type: 'event_protection',
        protectionLevel: 1,
        start,
        days,
        scenario: 'important_activity',
        notes: '618 大促',
      });
    expect(refused(await l1('2026-05-24', 3), 422, 'LEAD_TIME_TOO_SHORT')).toMatchObject({
      earliestStart: '2026-05-25',
    });
    expect(refused(await l1('2026-05-25', 4), 422, 'DURATION_NOT_ALLOWED')).toMatchObject({ maxDays: 3 });
    protection = ok(await l1('2026-05-25', 3), 201);
    expect(protection).toMatchObject({
      protectionLevel: 1,
      start: '2026-05-25',
      end: '2026-05-27',
      lockedOrder: false,
    });
    // The catalog's placeholder cap: 1 level-1 a year.
    expect(refused(await l1('2026-08-25', 1), 409, 'QUOTA_EXCEEDED')).toMatchObject({
      quota: 'service:event_protection:level_1',
      limit: 1,
    });
  });

  it('R-SR-4 the engineer delivers the joining check; the customer downloads the 建议书 and rates it', async () => {
    const file = {
      filename: '可用性优化建议书.md',
      contentType: 'text/markdown',
      content: '# 可用性优化建议书\n\n1. 云主机跨可用区部署。\n',
    };
    await deliver(server, engineer, joining.id, file);
    await downloadAndEvaluate(c, joining.id, file, { responseSpeed: 5, deliverableQuality: 4, feedback: '很专业' });
  });

  it('R-TKT-3 seed 004 §1.5.11 "一级重保…故障响应及处理标准按最高级别处理": in the window a general ticket is urgent (10 min), after it general (30 min)', async () => {
    ok(await engineer.api.post(`/api/v1/service-requests/${protection.id}/accept`, {}));
    await server.setClock('2026-05-25T00:30:00+08:00');
    // Tianyi customers' keys have no ticket API (R-TKT-6): staff open it from the hotline.
    expect(ok(await server.admin.post('/api/v1/tickets', ticket(c.id)), 201)).toMatchObject({
      severity: 'urgent',
      sla: { target: 'PT10M', adjustment: { reason: 'event_protection' } },
    });
    await server.setClock('2026-05-28T10:00:00+08:00');
    expect(ok(await server.admin.post('/api/v1/tickets', ticket(c.id)), 201)).toMatchObject({
      severity: 'general',
      sla: { target: 'PT30M' },
    });
    const file = {
      filename: '重保总结.md',
      contentType: 'text/markdown',
      content: '# 重保总结\n\n三天保障，零故障。\n',
    };
    ok(
      await engineer.api.post(`/api/v1/service-requests/${protection.id}/deliverables`, {
        filename: file.filename,
        contentType: file.contentType,
        contentBase64: Buffer.from(file.content).toString('base64'),
      }),
      201,
    );
    expect(ok(await engineer.api.post(`/api/v1/service-requests/${protection.id}/complete`, {})).status).toBe(
      'completed',
    );
    await downloadAndEvaluate(c, protection.id, file, { responseSpeed: 5, deliverableQuality: 5 });
  });

  it('R-SUB-7 Tianyi does not lock: the customer unsubscribes and falls back to 标准服务', async () => {
    expect(ok(await c.api.get(`/api/v1/accounts/${c.id}/plan`)).locked).toBe(false);
    ok(
      await c.api.post(`/api/v1/accounts/${c.id}/orders`, {
        action: 'unsubscribe',
        reason: 'wrong_region',
        agreementAccepted: true,
      }),
      201,
    );
    expect(ok(await c.api.get(`/api/v1/accounts/${c.id}/plan`)).level).toBe('standard');
    expect(
      refused(await apply(c, { type: 'icp_filing', start: '2026-05-28', days: 1 }), 403, 'NOT_ENTITLED'),
    ).toMatchObject({ reason: 'not_in_level' });
  });

  it('the server stops cleanly on SIGTERM', async () => {
    expect(await server.stop()).toBe(0);
  });
});
