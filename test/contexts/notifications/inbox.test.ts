/**
 * The staff inbox (GET /api/v1/users/me/messages) next to the customer message center (R-NTF-1): staff messages
 * about an account never show in its message center, and only their recipient sees them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accountNotificationEffects,
  staffNotificationEffects,
} from '../../../src/contexts/notifications/use-cases/notify.js';
import { DB_KINDS } from '../../support/databases.js';
import { staff, startStack, type Stack } from './stack.js';

const title = { 'zh-CN': '工单即将超时', 'en-US': 'Ticket at 80% of its target' };
const body = { 'zh-CN': '请尽快响应。', 'en-US': 'Respond soon.' };

describe.each(DB_KINDS)('staff inbox on %s', (kind) => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack(kind);
  });
  afterAll(async () => s?.close());

  it('R-NTF-1 staff messages go to each recipient’s inbox only, never to the customer’s message center', async () => {
    const { account, owner } = await s.customer();
    const alice = staff('usr_alice');
    const bob = staff('usr_bob', 'tam');
    const carol = staff('usr_carol');
    const t0 = new Date(s.clock.now().getTime() + 1000);
    await s.outbox.enqueue(
      s.db,
      [
        ...accountNotificationEffects({
          catalog: s.catalog,
          account,
          level: s.catalog.level('basic'),
          kind: 'ticket.replied',
          dedupeKey: 'ticket:tkt_1:reply:1',
          title,
          body,
        }),
        ...staffNotificationEffects({
          tenantId: account.tenantId,
          accountId: account.id,
          userIds: [alice.id, bob.id],
          kind: 'sla.warning',
          dedupeKey: 'sla:tkt_1:warning',
          title,
          body,
          data: { ticketId: 'tkt_1' },
        }),
        ...staffNotificationEffects({
          tenantId: account.tenantId,
          userIds: [alice.id],
          kind: 'ticket.assigned',
          dedupeKey: 'ticket:tkt_2:assigned',
          title,
          body,
        }),
      ],
      t0,
    );
    await s.dispatchAt(t0);

    const center = await s.as(owner).get(`/api/v1/accounts/${account.id}/messages`);
    expect(center.status).toBe(200);
    expect(center.body.items.map((m: { kind: string }) => m.kind)).toEqual(['ticket.replied']);
    expect(center.body).toMatchObject({ total: 1, unread: 1 });
    // Staff reading the account's message center see the customer's messages, not the inbox ones.
    expect((await s.as(alice).get(`/api/v1/accounts/${account.id}/messages`)).body.total).toBe(1);

    const inbox = await s.as(alice).get('/api/v1/users/me/messages');
    expect(inbox.status).toBe(200);
    expect(inbox.body).toMatchObject({ total: 2, unread: 2, page: 1, pageSize: 10 });
    expect(inbox.body.items.map((m: { kind: string; accountId: string }) => [m.kind, m.accountId]).sort()).toEqual([
      ['sla.warning', account.id],
      ['ticket.assigned', account.id],
    ]);
    expect((await s.as(bob).get('/api/v1/users/me/messages')).body.items.map((m: { kind: string }) => m.kind)).toEqual([
      'sla.warning',
    ]);
    expect((await s.as(carol).get('/api/v1/users/me/messages')).body.total).toBe(0);
    expect((await s.as(alice).get('/api/v1/users/me/messages?kind=sla.warning')).body.total).toBe(1);

    const warning = inbox.body.items.find((m: { kind: string }) => m.kind === 'sla.warning')!;
    // The customer cannot reach a staff message through its own message center…
    expect(
      (await s.as(owner).post(`/api/v1/accounts/${account.id}/messages/${warning.id}/read`, { read: true })).status,
    ).toBe(404);
    // …nor can another staff user mark it.
    expect((await s.as(carol).post(`/api/v1/users/me/messages/${warning.id}/read`, { read: true })).status).toBe(404);
    const read = await s.as(alice).post(`/api/v1/users/me/messages/${warning.id}/read`, { read: true });
    expect(read.status).toBe(200);
    expect(read.body.read).toBe(true);
    expect((await s.as(alice).get('/api/v1/users/me/messages?unread=true')).body).toMatchObject({
      total: 1,
      unread: 1,
    });
    // Bob's copy is his own.
    expect((await s.as(bob).get('/api/v1/users/me/messages')).body.unread).toBe(1);
  });

  it('R-NTF-1 customers may not read a staff inbox', async () => {
    const { owner, member } = await s.customer();
    for (const p of [owner, member]) {
      const res = await s.as(p).get('/api/v1/users/me/messages');
      expect(res.status).toBe(403);
      expect(res.body.error?.code).toBe('FORBIDDEN');
    }
    expect((await s.as(owner).post('/api/v1/users/me/messages/msg_x/read', {})).status).toBe(403);
  });
});
