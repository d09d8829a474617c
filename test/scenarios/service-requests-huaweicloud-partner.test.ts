/**
 * Service requests through the real CLI (`tierdesk serve --catalog huaweicloud-partner --test-clock`): a partner
 * on 尊享级 bought yearly applies for architecture consulting (seed 003 §5.4: working days, 3 working days ahead)
 * and key-event protection (§5.3: natural days, 5 working days ahead, a requirement); the TAM delivers and the
 * partner downloads and rates (R-SR-4); nothing locks the order at the partner plan (R-SUB-7), so the partner
 * unsubscribes and is then without a plan.
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

describe('R-SR scenario: huaweicloud-partner premium through the real CLI', () => {
  let dataDir: string;
  let server: CliServer;
  let c: Party;
  let tam: Party;
  let consulting: any;
  let protection: any;

  beforeAll(async () => {
    dataDir = await migratedDataDir(); // a fresh, already migrated database (the intl scenario starts on an empty directory)
    server = await startCli({ catalog: 'huaweicloud-partner', dataDir });
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
    if (dataDir) removeDir(dataDir);
  });

  it('seed 003 §5.4 consulting "须提前3个工作日", counted in working days: Thursday, Friday and Monday; §5.3 protection "须提前5个工作日"', async () => {
    await server.setClock('2026-03-02T10:00:00+08:00'); // Monday
    tam = await staffOf(server, 'tam');
    c = await customerOf(server, { name: 'Partner Co', region: 'cn-east-3', locale: 'zh-CN' });
    expect(await purchase(c.api, c.id, 'premium', { unit: 'year', count: 1 }, server.admin)).toMatchObject({
      status: 'paid',
    });
    expect(
      refused(
        await apply(c, { type: 'architecture_consulting', start: '2026-03-04', days: 2 }),
        422,
        'LEAD_TIME_TOO_SHORT',
      ),
    ).toMatchObject({ earliestStart: '2026-03-05' });
    consulting = ok(
      await apply(c, { type: 'architecture_consulting', start: '2026-03-05', days: 3, scope: 'Landing zone review' }),
      201,
    );
    expect(consulting).toMatchObject({ start: '2026-03-05', end: '2026-03-09', lockedOrder: false }); // Thu, Fri, Mon
    expect(
      refused(
        await apply(c, { type: 'event_protection', start: '2026-03-06', days: 2, scenario: 'marketing_event' }),
        422,
        'LEAD_TIME_TOO_SHORT',
      ),
    ).toMatchObject({ earliestStart: '2026-03-09' });
    protection = ok(
      await apply(c, { type: 'event_protection', start: '2026-03-14', days: 2, scenario: 'marketing_event' }),
      201,
    );
    expect(protection).toMatchObject({ start: '2026-03-14', end: '2026-03-15', lockedOrder: false });
    const quotas = Object.fromEntries(
      (ok(await c.api.get(`/api/v1/accounts/${c.id}/plan`)).quotas as { quota: string }[]).map((q) => [q.quota, q]),
    );
    expect(quotas['service:architecture_consulting']).toMatchObject({ limit: 8, used: 3, remaining: 5 });
    expect(quotas['service:event_protection']).toMatchObject({ limit: 8, used: 2, remaining: 6 });
  });

  it('R-SR-4 the TAM delivers the consulting minutes; the partner downloads and rates them', async () => {
    await server.setClock('2026-03-05T09:00:00+08:00');
    const file = {
      filename: 'consulting-minutes.md',
      contentType: 'text/markdown',
      content: '# Architecture consulting\n\nUse CCE Turbo for the event cluster.\n',
    };
    await deliver(server, tam, consulting.id, file);
    await downloadAndEvaluate(c, consulting.id, file, {
      responseSpeed: 5,
      deliverableQuality: 4,
      feedback: 'Clear advice.',
    });
  });

  it('R-SR-4 the partner withdraws the protection before processing; the days come back', async () => {
    expect(ok(await c.api.post(`/api/v1/service-requests/${protection.id}/withdraw`, {})).status).toBe('withdrawn');
    const quotas = Object.fromEntries(
      (ok(await c.api.get(`/api/v1/accounts/${c.id}/plan`)).quotas as { quota: string }[]).map((q) => [q.quota, q]),
    );
    expect(quotas['service:event_protection']).toMatchObject({ used: 0, remaining: 8 });
  });

  it('R-SUB-7 the partner plan does not lock: the partner unsubscribes with a refund and has no plan for new requests', async () => {
    expect(ok(await c.api.get(`/api/v1/accounts/${c.id}/plan`)).locked).toBe(false);
    const quote = ok(await c.api.post(`/api/v1/accounts/${c.id}/quotes`, { action: 'unsubscribe' }));
    expect(quote.direction).toBe('refund');
    const unsub = ok(
      await c.api.post(`/api/v1/accounts/${c.id}/orders`, {
        action: 'unsubscribe',
        reason: 'testing_finished',
        agreementAccepted: true,
      }),
      201,
    );
    expect(unsub.type).toBe('unsubscribe');
    expect(ok(await c.api.get(`/api/v1/accounts/${c.id}/plan`))).toMatchObject({ status: 'unsubscribed', level: null });
    expect(
      refused(await apply(c, { type: 'architecture_consulting', start: '2026-03-16', days: 1 }), 403, 'NOT_ENTITLED'),
    ).toMatchObject({ entitlement: 'service:architecture_consulting' });
  });

  it('the server stops cleanly on SIGTERM', async () => {
    expect(await server.stop()).toBe(0);
  });
});
