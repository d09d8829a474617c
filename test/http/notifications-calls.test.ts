/**
 * Tianyi's manual notices (seed 004 §1.4 割接、故障通知: 专席人工 for business, 专属服务经理人工 for enterprise) as staff call
 * tasks: one call per entitled account and notice, in the staff inbox oldest first, the enterprise one for the
 * account's manager, the business one in the desk's queue; done or not reached, with a note, every try kept.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../support/databases.js';
import { buyPlan, createCustomer, startTestApp, type TestApp } from '../support/harness.js';
import { expectError } from '../support/actors.js';
import { advance, newStaff, ok } from '../support/tickets.js';

const names = (s: string) => ({ 'zh-CN': s, 'en-US': s });

describe.each(DB_KINDS)('staff call tasks, ctyun (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ kind, catalog: 'ctyun' });
    await t.setClock('2026-03-02T10:00:00+08:00');
  });
  afterAll(async () => t?.close());

  it('R-NTF-1 a platform change notice becomes one call per entitled account: the desk calls business, the manager calls enterprise; light and standard get none', async () => {
    const manager = await newStaff(t, 'tam');
    const desk = await newStaff(t, 'support_engineer', 'principal_engineer');
    const biz = await createCustomer(t, { name: 'Biz Ltd' });
    await buyPlan(t, biz.id, 'business');
    const ent = await createCustomer(t, { name: 'Ent Ltd' });
    ok(await t.api.post(`/api/v1/accounts/${ent.id}/approval`, { tamUserId: manager.userId }));
    await buyPlan(t, ent.id, 'enterprise');
    const light = await createCustomer(t, { name: 'Light Ltd' });
    await buyPlan(t, light.id, 'light');
    await createCustomer(t, { name: 'Standard Ltd' });

    const published = ok(
      await t.api.post('/api/v1/incidents', {
        kind: 'platform_change',
        level: 2,
        title: names('Core network cutover'),
        summary: names('02:00–04:00'),
        guidance: names('Expect brief interruptions'),
      }),
      201,
    );
    await advance(t, 60_000);
    await advance(t, 60_000); // the fan-out sweep again: still one call each

    const all = ok(await t.as(desk.token).get('/api/v1/call-tasks?pageSize=100')).items.filter(
      (c: any) => c.data.incidentId === published.id,
    );
    const byAccount = new Map(all.map((c: any) => [c.accountId, c]));
    expect(all).toHaveLength(2);
    expect(byAccount.get(biz.id)).toMatchObject({
      accountName: 'Biz Ltd',
      kind: 'incident.published',
      channel: 'vip_agent_call',
      assigneeId: null,
      status: 'open',
      attempts: [],
      title: { 'zh-CN': expect.stringContaining('Core network cutover') },
    });
    expect(byAccount.get(ent.id)).toMatchObject({ channel: 'dedicated_manager', assigneeId: manager.userId });
    expect(byAccount.has(light.id)).toBe(false);

    // "Mine": the manager sees their account's call and the desk's queue; the desk engineer the queue only.
    const mine = async (token: string) =>
      ok(await t.as(token).get('/api/v1/call-tasks?mine=true&pageSize=100'))
        .items.filter((c: any) => c.data.incidentId === published.id)
        .map((c: any) => c.accountId)
        .sort();
    expect(await mine(manager.token)).toEqual([biz.id, ent.id].sort());
    expect(await mine(desk.token)).toEqual([biz.id]);

    // Not reached: it stays open with the note; done: it leaves the open list; a second outcome is refused.
    const task = byAccount.get(biz.id) as { id: string };
    const tried = ok(
      await t
        .as(desk.token)
        .post(`/api/v1/call-tasks/${task.id}/outcome`, { outcome: 'not_reached', note: 'no answer on +86 10 0000' }),
    );
    expect(tried).toMatchObject({ status: 'not_reached', note: 'no answer on +86 10 0000', doneAt: null });
    expect(await mine(desk.token)).toEqual([biz.id]);
    await advance(t, 30 * 60_000);
    const done = ok(
      await t.as(desk.token).post(`/api/v1/call-tasks/${task.id}/outcome`, { outcome: 'done', note: 'told Ms Wang' }),
    );
    expect(done.status).toBe('done');
    expect(done.attempts.map((a: any) => [a.outcome, a.note, a.by])).toEqual([
      ['not_reached', 'no answer on +86 10 0000', desk.userId],
      ['done', 'told Ms Wang', desk.userId],
    ]);
    expect(done.doneAt).toBe(done.attempts[1]!.at);
    expect(await mine(desk.token)).toEqual([]);
    const closed = ok(await t.as(desk.token).get('/api/v1/call-tasks?status=done&pageSize=100')).items;
    expect(closed.map((c: any) => c.id)).toContain(task.id);
    expectError(
      await t.as(desk.token).post(`/api/v1/call-tasks/${task.id}/outcome`, { outcome: 'done' }),
      409,
      'INVALID_STATE',
    );
    expectError(
      await t.as(desk.token).post('/api/v1/call-tasks/call_nope/outcome', { outcome: 'done' }),
      404,
      'NOT_FOUND',
    );
    expectError(
      await t.as(desk.token).unchecked.post(`/api/v1/call-tasks/${task.id}/outcome`, { outcome: 'maybe' }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('R-NTF-1 call tasks are for staff: a customer is refused', async () => {
    const c = await createCustomer(t, { name: 'Curious' });
    expectError(await t.as(c.token).get('/api/v1/call-tasks'), 403, 'FORBIDDEN');
    expectError(await t.as(c.token).post('/api/v1/call-tasks/call_x/outcome', { outcome: 'done' }), 403, 'FORBIDDEN');
  });
});
