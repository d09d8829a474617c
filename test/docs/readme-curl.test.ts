/**
 * Issue 12: README's "A first session with curl" runs as it stands — the block between `<!-- curl-session -->` and
 * `<!-- /curl-session -->`, in bash with `set -euo pipefail`, against a server listening on 127.0.0.1 with a key of a
 * level that has the ticket API. The customer must read the staff reply at the end. Also README's words on the
 * Idempotency-Key scope: per user (two keys of one user replay), not across users.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, buyPlan, createCustomer, startTestApp, type TestApp } from '../support/harness.js';
import type { TicketInput } from '../support/api-types.js';

const run = promisify(execFile);

function curlSession(): string {
  const readme = readFileSync('README.md', 'utf8');
  const m = /<!-- curl-session -->\s*```sh\n([\s\S]*?)```\s*<!-- \/curl-session -->/.exec(readme);
  if (!m) throw new Error('README.md has no curl-session block');
  return m[1]!;
}

describe('README curl session', () => {
  let t: TestApp;
  let url: string;
  let customer: { id: string; token: string };
  beforeAll(async () => {
    t = await startTestApp({ testClock: false });
    customer = await createCustomer(t);
    await buyPlan(t, customer.id, 'business');
    url = await t.app.http.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => t?.close());

  it('runs verbatim: plan → ticket → staff reply → the customer reads it', async () => {
    const script = curlSession();
    expect(script).toContain('curl');
    const { stdout } = await run('bash', ['-c', `set -euo pipefail\n${script}`], {
      env: { ...process.env, TIERDESK: url, KEY: customer.token, ACCOUNT: customer.id, ADMIN: ADMIN_TOKEN },
      timeout: 60_000,
    });
    const lines = stdout.trim().split('\n');
    const plan = JSON.parse(lines[0]!);
    expect(plan.level?.id ?? plan.level).toBe('business');
    const ticket = JSON.parse(lines[lines.length - 1]!);
    expect(ticket.accountId).toBe(customer.id);
    expect(JSON.stringify(ticket)).toContain('We are looking at the host that runs it.');
    expect(ticket.sla.respondedAt ?? ticket.respondedAt).toBeTruthy();
  });

  it('Idempotency-Key is scoped to the user: a second key of the same user replays, another user does not', async () => {
    const second = await t.as(customer.token).post(`/api/v1/accounts/${customer.id}/api-keys`, { name: 'itsm' });
    expect(second.status).toBe(201);
    const body: TicketInput = { category: 'technical', severity: 'system_impaired', subject: 's', description: 'd' };
    const headers = { 'idempotency-key': 'readme-scope-1' };
    const first = await t.as(customer.token).post('/api/v1/tickets', body, headers);
    const replay = await t.as(second.body.token).post('/api/v1/tickets', body, headers);
    expect([first.status, replay.status, replay.body.id]).toEqual([201, 201, first.body.id]);
    const other = await createCustomer(t, { email: 'other@example.com' });
    await buyPlan(t, other.id, 'business');
    const theirs = await t.as(other.token).post('/api/v1/tickets', body, headers);
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(first.body.id);
  });
});
