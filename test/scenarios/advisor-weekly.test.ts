/**
 * R-OA-1/2 through the real command line (`tierdesk serve --test-clock`, huaweicloud-intl): the cloud side's
 * integration key sends the inventory and a week of samples; runs are refused until the owner authorizes; a weekly
 * schedule at 09:00 Shanghai time runs on the test clock and mails each result to a real SMTP server in the account's
 * locale; a risk that was fixed is resolved by the next run; the schedule survives a restart; and after six weeks the
 * history (runs, findings, samples) older than a month is gone while the newer stays.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ok, removeDir, startCli, type CliServer, type Client } from './cli-server.js';
import { migratedDataDir } from './migrated-data-dir.js';
import { startSmtp, type SmtpSink } from '../support/smtp.js';

const HOUR = 3_600_000;
const hourly = (resourceId: string, metric: string, endIso: string, hours: number, value: number) =>
  Array.from({ length: hours }, (_, i) => ({
    resourceId,
    metric,
    at: new Date(Date.parse(endIso) - i * HOUR).toISOString(),
    value,
  }));

describe('R-OA scenario: weekly checks through the real CLI (huaweicloud-intl)', () => {
  let dataDir: string;
  let smtp: SmtpSink;
  let server: CliServer;
  const servers: CliServer[] = [];
  let owner: Client;
  let integration: Client;
  let ownerToken = '';
  let integrationToken = '';
  let accountId: string;
  const start = async () => {
    server = await startCli({
      catalog: 'huaweicloud-intl',
      dataDir,
      env: { TIERDESK_SMTP_URL: smtp.url, TIERDESK_PUBLIC_URL: 'https://desk.example' },
    });
    servers.push(server);
  };
  const advisor = (path = '') => `/api/v1/accounts/${accountId}/advisor${path}`;
  const inventory = (observedAt: string, eipBoundTo: string | null) =>
    [
      { id: 'web-1', type: 'ecs', name: 'web-1', attributes: { securityGroups: ['sg-1'], flavor: 'c7.large.2' } },
      {
        id: 'sg-1',
        type: 'security_group',
        attributes: { rules: [{ direction: 'ingress', protocol: 'tcp', port: 22, source: '0.0.0.0/0' }] },
      },
      { id: 'eip-1', type: 'eip', attributes: { boundTo: eipBoundTo } },
      { id: 'db-1', type: 'rds', attributes: { ha: false } },
    ].map((r) => ({ ...r, accountId, region: 'ap-southeast-1', zone: 'ap-southeast-1a', observedAt }));
  const sre = () => smtp.to('sre@shop.example');

  beforeAll(async () => {
    await ensureBuilt();
    smtp = await startSmtp();
    dataDir = await migratedDataDir();
    await start();
  }, 300_000);
  afterAll(async () => {
    for (const s of servers) await s.stop();
    await smtp?.close();
    if (dataDir) removeDir(dataDir);
  });

  it('an integration key sends the inventory and samples; runs wait for the owner’s authorization', async () => {
    accountId = ok(
      await server.admin.post('/api/v1/accounts', {
        name: '商店',
        email: 'ops@shop.example',
        region: 'ap-southeast-1',
        timeZone: 'Asia/Shanghai',
        locale: 'zh-CN',
      }),
      201,
    ).id;
    const order = ok(
      await server.admin.post(`/api/v1/accounts/${accountId}/orders`, {
        action: 'purchase',
        level: 'business',
        term: { unit: 'year', count: 1 },
        agreementAccepted: true,
      }),
      201,
    );
    ok(await server.admin.post(`/api/v1/orders/${order.id}/pay`));
    ownerToken = ok(await server.admin.post(`/api/v1/accounts/${accountId}/api-keys`, {}), 201).token;
    owner = server.as(ownerToken);
    const user = ok(
      await server.admin.post('/api/v1/users', {
        name: 'Cloud',
        email: 'cloud@provider.example',
        role: 'integration',
        password: 'integration-secret-123',
      }),
      201,
    );
    integrationToken = ok(await server.admin.post(`/api/v1/users/${user.id}/api-keys`, {}), 201).token;
    integration = server.as(integrationToken);

    expect(
      ok(
        await integration.post('/api/v1/resources', {
          fullSync: true,
          resources: inventory('2026-01-01T00:00:00Z', null),
        }),
      ),
    ).toMatchObject({ created: 4 });
    expect(
      ok(
        await integration.post('/api/v1/metrics', {
          samples: hourly('web-1', 'cpu_util', '2026-01-01T00:00:00Z', 48, 92),
        }),
      ),
    ).toEqual({ received: 48, created: 48, unchanged: 0 });
    expect((await integration.get(advisor())).status).toBe(403);

    const refused = await owner.post(advisor('/runs'));
    expect([refused.status, refused.body.error.code, refused.body.error.details]).toEqual([
      403,
      'FORBIDDEN',
      { reason: 'advisor_not_authorized' },
    ]);
    expect(ok(await owner.post(advisor('/authorization'))).authorized).toBe(true);
  });

  it('a weekly schedule on Monday 09:00 Shanghai runs on the test clock and mails the results in Chinese', async () => {
    const schedule = ok(
      await owner.put(advisor('/schedule'), {
        enabled: true,
        every: 'week',
        at: '09:00',
        weekday: 1,
        email: 'sre@shop.example',
      }),
    );
    expect(schedule.nextRunAt).toBe('2026-01-05T01:00:00.000Z');
    await server.setClock('2026-01-06T00:00:00Z');
    const runs = ok(await owner.get(advisor('/runs'))).items;
    expect(runs.map((r: { trigger: string; at: string; status: string }) => [r.trigger, r.at, r.status])).toEqual([
      ['schedule', '2026-01-05T01:00:00.000Z', 'completed'],
    ]);
    const open = ok(await owner.get(advisor('/findings?pageSize=50')))
      .items.map((f: { ruleId: string }) => f.ruleId)
      .sort();
    expect(open).toEqual(['ecs-cpu-high', 'eip-unbound', 'no-contacts', 'rds-single-node', 'sg-admin-ports-open']);
    expect(sre()).toHaveLength(1);
    expect(sre()[0]!.subject).toBe('优化顾问检查结果：5 项风险（高风险 3 项）');
    expect(sre()[0]!.text).toContain('商店：本次检查发现 5 项风险（新增 5 项，已解决 0 项）。');
    expect(sre()[0]!.text).toContain(
      `查看详情：https://desk.example/advisor/history/${runs[0].id}?account=${accountId}`,
    );
  });

  it('fixed risks are resolved by the next scheduled run, which says so', async () => {
    await server.setClock('2026-01-11T23:00:00Z');
    ok(await integration.post('/api/v1/resources', { resources: inventory('2026-01-08T00:00:00Z', 'web-1') }));
    ok(
      await integration.post('/api/v1/metrics', {
        samples: hourly('web-1', 'cpu_util', '2026-01-11T23:00:00Z', 96, 20),
      }),
    );
    await server.setClock('2026-01-12T02:00:00Z');
    const resolved = ok(await owner.get(advisor('/findings?status=resolved')))
      .items.map((f: { ruleId: string }) => f.ruleId)
      .sort();
    expect(resolved).toEqual(['ecs-cpu-high', 'eip-unbound']);
    expect(sre()).toHaveLength(2);
    expect(sre()[1]!.text).toContain('新增 0 项，已解决 2 项');
  });

  it('the schedule and the clock survive a restart on the same data directory', async () => {
    expect(await server.stop()).toBe(0);
    await start();
    // The restarted server listens elsewhere: the same keys, new clients.
    owner = server.as(ownerToken);
    integration = server.as(integrationToken);
    expect(await server.now()).toBe('2026-01-12T02:00:00.000Z');
    expect(ok(await owner.get(advisor())).schedule.nextRunAt).toBe('2026-01-19T01:00:00.000Z');
  });

  it('after six weeks the history older than a month is gone, the newer month stays', async () => {
    // The cloud side keeps syncing (the database is gone from it on 1 February).
    await server.setClock('2026-02-01T00:00:00Z');
    const sync = ok(
      await integration.post('/api/v1/resources', {
        fullSync: true,
        resources: inventory('2026-02-01T00:00:00Z', 'web-1').filter((r) => r.id !== 'db-1'),
      }),
    );
    expect(sync.gone).toBe(1);
    ok(
      await integration.post('/api/v1/metrics', {
        samples: hourly('web-1', 'cpu_util', '2026-02-01T00:00:00Z', 24, 30),
      }),
    );
    await server.setClock('2026-02-16T00:00:00Z');

    // Runs on 5, 12, 19, 26 January and 2, 9 February, each mailed once; those before 16 January are deleted.
    expect(sre()).toHaveLength(6);
    const runs = ok(await owner.get(advisor('/runs'))).items.map((r: { at: string }) => r.at);
    expect(runs).toEqual([
      '2026-02-09T01:00:00.000Z',
      '2026-02-02T01:00:00.000Z',
      '2026-01-26T01:00:00.000Z',
      '2026-01-19T01:00:00.000Z',
    ]);
    // The CPU finding was last seen on 5 January: gone with its history; the database's, resolved on 2 February, stays.
    const all = ok(await owner.get(advisor('/findings?status=all&pageSize=50')))
      .items.map((f: { ruleId: string; status: string }) => `${f.ruleId}:${f.status}`)
      .sort();
    expect(all).toEqual(['no-contacts:open', 'rds-single-node:resolved', 'sg-admin-ports-open:open']);
    // Samples: only February's remain (January's are older than a month).
    const capacity = ok(await owner.get(advisor('/capacity?days=30')));
    const cpu = capacity.metrics.find((m: { metric: string }) => m.metric === 'cpu_util');
    expect(cpu.resources).toEqual([
      { resourceId: 'web-1', name: 'web-1', type: 'ecs', samples: 24, average: 30, peak: 30 },
    ]);
    // A sample older than the month is refused at the door.
    const old = await integration.post('/api/v1/metrics', {
      samples: hourly('web-1', 'cpu_util', '2026-01-10T00:00:00Z', 1, 5),
    });
    expect(old.status).toBe(400);
  });
});
