/**
 * R-NTF-1 SMS/phone for the levels that include it: POSTed to the provider's gateway (a real local HTTP server),
 * logged per attempt, skipped without a gateway or a number.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { buildConfig, ConfigError } from '../../../src/platform/config.js';
import { createLogger } from '../../../src/platform/logger.js';
import { accountNotificationEffects } from '../../../src/contexts/notifications/use-cases/notify.js';
import { createSmsSender } from '../../../src/contexts/notifications/use-cases/send-sms.js';
import { smsDeliveries } from '../../../src/contexts/notifications/store/tables.js';
import { DB_KINDS } from '../../support/databases.js';
import { startStack, type AccountLike, type Stack } from './stack.js';
import { startReceiver, type Receiver } from './receivers.js';

const title = { 'zh-CN': '工单已超时', 'en-US': 'Ticket breached' };
const body = { 'zh-CN': '工单 T-1 超出响应时限。', 'en-US': 'Ticket T-1 passed its response target.' };

it('TIERDESK_SMS_WEBHOOK_URL is read once into the config, http(s) only', () => {
  expect(buildConfig({}, {}).smsWebhookUrl).toBeNull();
  expect(buildConfig({}, { TIERDESK_SMS_WEBHOOK_URL: 'https://sms.example.com/send' }).smsWebhookUrl).toBe(
    'https://sms.example.com/send',
  );
  expect(() => buildConfig({}, { TIERDESK_SMS_WEBHOOK_URL: 'ftp://sms.example.com' })).toThrow(ConfigError);
});

describe.each(DB_KINDS)('sms on %s', (kind) => {
  let s: Stack;
  let rx: Receiver;

  beforeAll(async () => {
    rx = await startReceiver();
    s = await startStack(kind, { config: { smsWebhookUrl: rx.url('/sms') } });
  });
  afterAll(async () => {
    await s?.close();
    await rx?.close();
  });

  const later = (ms = 1000) => new Date(s.clock.now().getTime() + ms);
  const fx = (account: AccountLike & { phone?: string | null }, region: string, key: string) =>
    accountNotificationEffects({
      catalog: s.catalog,
      account: { ...account, region },
      level: s.catalog.level('enterprise'),
      kind: 'ticket.sla_breached',
      dedupeKey: key,
      title,
      body,
    });
  const logOf = (accountId: string) =>
    s.db
      .select()
      .from(smsDeliveries)
      .where(eq(smsDeliveries.accountId, accountId))
      .orderBy(smsDeliveries.createdAt, smsDeliveries.id);

  it('R-NTF-1 enterprise in cn-north-4: the phone notice goes to the gateway in the account locale, once', async () => {
    const { account } = await s.customer({ locale: 'zh-CN' });
    const t0 = later();
    await s.outbox.enqueue(s.db, fx({ ...account, phone: '+86 138 0000 0000' }, 'cn-north-4', `sla:${account.id}`), t0);
    await s.dispatchAt(t0);
    const got = rx.at('/sms');
    expect(got).toHaveLength(1);
    expect(JSON.parse(got[0]!.body)).toEqual({
      to: '+86 138 0000 0000',
      text: '工单已超时\n工单 T-1 超出响应时限。',
      locale: 'zh-CN',
      channels: ['phone'],
      kind: 'ticket.sla_breached',
      accountId: account.id,
    });
    const log = await logOf(account.id);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ status: 'sent', to: '+86 138 0000 0000', error: null });
    expect(log[0]!.messageId).toMatch(/^gw-/);
  });

  it('R-NTF-1/R-CAT-5 enterprise in eu-west-0 gets no phone notice', async () => {
    const { account } = await s.customer({ locale: 'en-US' });
    const effects = fx({ ...account, phone: '+33 1 00 00 00 00' }, 'eu-west-0', `sla:${account.id}`);
    expect(effects.map((e) => e.topic)).not.toContain('sms.send');
  });

  it('R-NTF-1 a gateway failure is logged and thrown (the outbox retries); no number or no gateway is skipped', async () => {
    const { account } = await s.customer({ locale: 'en-US' });
    const send = createSmsSender({ db: s.db, smsWebhookUrl: rx.url('/sms-down'), log: createLogger('silent') });
    rx.script('/sms-down', [502]);
    const [sms] = fx({ ...account, phone: '+1 555 0100' }, 'cn-north-4', `sla:${account.id}:a`).filter(
      (e) => e.topic === 'sms.send',
    );
    const t0 = later();
    const at = (s: number) => new Date(t0.getTime() + s * 1000);
    const meta = { id: 900_001n, attempts: 1, now: t0, tenantId: account.tenantId };
    await expect(send(sms!.payload, meta)).rejects.toThrow(/HTTP 502/);
    await send(sms!.payload, { ...meta, attempts: 2, now: at(30) });
    await send(sms!.payload, { ...meta, attempts: 3, now: at(90) }); // replayed after success: nothing more
    expect(rx.at('/sms-down')).toHaveLength(2);
    expect((await logOf(account.id)).map((l) => l.status)).toEqual(['failed', 'sent']);

    const [noPhone] = fx(account, 'cn-north-4', `sla:${account.id}:b`).filter((e) => e.topic === 'sms.send');
    await send(noPhone!.payload, { ...meta, id: 900_002n, now: at(100) });
    const offline = createSmsSender({ db: s.db, smsWebhookUrl: null, log: createLogger('silent') });
    await offline(sms!.payload, { ...meta, id: 900_003n, now: at(110) });
    const log = await logOf(account.id);
    expect(log.slice(2).map((l) => [l.status, l.error])).toEqual([
      ['skipped', 'no phone number on file'],
      ['skipped', 'no SMS gateway configured (TIERDESK_SMS_WEBHOOK_URL)'],
    ]);
    expect(rx.at('/sms-down')).toHaveLength(2);
  });

  it('R-NTF-1 a notice without a number goes to every phone number of the account, read when sent; one failing number is retried alone', async () => {
    const { account } = await s.customer({ locale: 'en-US' });
    const numbers = ['+8613800000001', '+8613800000002'];
    const send = createSmsSender({
      db: s.db,
      smsWebhookUrl: rx.url('/sms-multi'),
      log: createLogger('silent'),
      phones: async (_db, a) => (a.accountId === account.id ? numbers : []),
    });
    rx.script('/sms-multi', [200, 502]);
    const [sms] = fx(account, 'cn-north-4', `sla:${account.id}:multi`).filter((e) => e.topic === 'sms.send');
    expect(sms!.payload).toMatchObject({ to: null });
    const t0 = later();
    const meta = { id: 900_010n, attempts: 1, now: t0, tenantId: account.tenantId };
    await expect(send(sms!.payload, meta)).rejects.toThrow(/HTTP 502/);
    await send(sms!.payload, { ...meta, attempts: 2, now: new Date(t0.getTime() + 30_000) });
    await send(sms!.payload, { ...meta, attempts: 3, now: new Date(t0.getTime() + 90_000) });
    expect(rx.at('/sms-multi').map((r) => JSON.parse(r.body).to)).toEqual([numbers[0], numbers[1], numbers[1]]);
    expect((await logOf(account.id)).map((l) => [l.to, l.status])).toEqual([
      [numbers[0], 'sent'],
      [numbers[1], 'failed'],
      [numbers[1], 'sent'],
    ]);
  });
});
