/**
 * The HTTP edge (issue 11, issue 12 "API edges"): client text PostgreSQL cannot hold, impossible dates and prototype
 * keys are 400 VALIDATION_FAILED per field (never a 500, nothing stored); every answer of the framework itself is the
 * catalog's error body; bodies are JSON (415 otherwise); an empty body is the empty object; our request ids are ours;
 * logs never carry SQL parameters.
 */
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createLogger, safeError } from '../../src/platform/logger.js';
import { ERROR_CATALOG } from '../../src/platform/errors.js';
import { DB_KINDS } from '../support/databases.js';
import { memoryLog } from '../support/memory-log.js';
import { errorOf } from '../support/replies.js';
import { ADMIN_TOKEN, buyPlan, createCustomer, startTestApp, type Reply, type TestApp } from '../support/harness.js';
import { expectError } from '../support/actors.js';
import { openTicket } from '../support/tickets.js';

const NUL = 'a\u0000b';
const LONE = 'x\ud800y';

function paths(res: Reply): string[] {
  return expectError(res, 400, 'VALIDATION_FAILED').issues.map((i: { path: string }) => i.path);
}

async function count(t: TestApp, table: string): Promise<number> {
  const rows = await t.app.deps.db.execute(sql.raw(`SELECT count(*)::int AS n FROM ${table}`));
  return Number((rows as unknown as { rows: { n: number }[] }).rows[0]!.n);
}

interface RawRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  payload?: string;
}

async function raw(t: TestApp, opts: RawRequest): Promise<Reply> {
  const res = await t.app.http.inject(opts);
  let body: unknown = res.body;
  try {
    body = JSON.parse(res.body);
  } catch {
    /* not JSON */
  }
  return { status: res.statusCode, body, headers: res.headers };
}

describe.each(DB_KINDS)('the HTTP edge on %s', (kind) => {
  let t: TestApp;
  let log: ReturnType<typeof memoryLog>;
  let customer: { id: string; token: string };
  let ticketId: string;
  beforeAll(async () => {
    log = memoryLog();
    t = await startTestApp({ kind, logger: log.logger });
    customer = await createCustomer(t);
    await buyPlan(t, customer.id, 'business');
    ticketId = (await openTicket(t.api, customer.id, 'general_guidance')).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('text PostgreSQL cannot hold: 400 per field, nothing stored', () => {
    it.each([
      ['a NUL byte', NUL],
      ['a lone surrogate', LONE],
    ])('issue 11 %s in body strings of tickets, accounts, replies, calendar days and key names', async (_n, bad) => {
      const tickets = await count(t, 'tickets');
      const res = await t.as(customer.token).post('/api/v1/tickets', {
        accountId: customer.id,
        category: 'technical',
        severity: 'general_guidance',
        subject: bad,
        description: `d ${bad}`,
      });
      expect(paths(res)).toEqual(['body.subject', 'body.description']);
      expect(await count(t, 'tickets')).toBe(tickets);

      const accounts = await count(t, 'accounts');
      expect(
        paths(
          await t.api.post('/api/v1/accounts', {
            name: bad,
            email: 'x@example.com',
            region: 'cn-north-4',
            timeZone: 'Asia/Shanghai',
            locale: 'zh-CN',
          }),
        ),
      ).toEqual(['body.name']);
      expect(await count(t, 'accounts')).toBe(accounts);

      const replies = await count(t, 'ticket_replies');
      expect(paths(await t.api.post(`/api/v1/tickets/${ticketId}/replies`, { body: bad }))).toEqual(['body.body']);
      expect(await count(t, 'ticket_replies')).toBe(replies);

      const days = await count(t, 'holidays');
      expect(paths(await t.api.put('/api/v1/calendars/CN/days/2026-06-01', { kind: 'holiday', name: bad }))).toEqual([
        'body.name',
      ]);
      expect(await count(t, 'holidays')).toBe(days);

      const keys = await count(t, 'api_keys');
      expect(paths(await t.api.post(`/api/v1/accounts/${customer.id}/api-keys`, { name: bad }))).toEqual(['body.name']);
      expect(await count(t, 'api_keys')).toBe(keys);
    });

    it('issue 11 in query parameters, path ids and property names', async () => {
      expect(paths(await t.api.get(`/api/v1/tickets?q=${encodeURIComponent(NUL)}`))).toEqual(['querystring.q']);
      // (A URL cannot carry a lone surrogate: its percent-escapes decode as UTF-8, and %ED%B0%80 decodes to U+FFFD.)
      expect(paths(await t.api.get(`/api/v1/tickets/${encodeURIComponent('tkt_\u0000')}`))).toEqual(['params.id']);
      expect(paths(await t.api.get(`/api/v1/accounts/${encodeURIComponent(NUL)}/plan`))).toEqual(['params.id']);
      const res = await t.api.unchecked.post('/api/v1/usage', { records: [{ [NUL]: 1 }] });
      expect(paths(res)).toEqual(['body.records.0.(key)']);
    });

    it('issue 11 values nested deeper than the edge allows are refused (no stack overflow anywhere)', async () => {
      const deep = `${'['.repeat(20_000)}"x"${']'.repeat(20_000)}`;
      const res = await raw(t, {
        method: 'POST',
        url: `/api/v1/tickets/${ticketId}/replies`,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        payload: `{"body":"x","extra":${deep}}`,
      });
      expect(paths(res)[0]).toMatch(/^body\.extra(\.0)+$/);
    });
  });

  describe('impossible dates and prototype keys: 400 per field', () => {
    it.each(['2026-04-31', '2027-02-29', '2026-13-01', '0001-01-01', '9999-12-31'])(
      'issue 11 service request start %s',
      async (start) => {
        const before = await count(t, 'service_requests');
        const res = await t
          .as(customer.token)
          .post('/api/v1/service-requests', { accountId: customer.id, type: 'availability_check', start, days: 1 });
        expect(paths(res)).toEqual(['body.start']);
        expect(await count(t, 'service_requests')).toBe(before);
        expect(paths(await t.api.post('/api/v1/service-requests/sr_x/reschedule', { start, reason: 'moved' }))).toEqual(
          ['body.start'],
        );
      },
    );

    it('issue 11 PUT /test-clock refuses 2026-02-30T00:00:00+08:00 (it would roll to March 2) and keeps the clock', async () => {
      const before = (await t.api.get('/api/v1/test-clock')).body.now;
      for (const now of [
        '2026-02-30T00:00:00+08:00',
        '2026-04-31T10:00:00Z',
        '2026-01-05T24:00:00Z',
        '2026-01-05T10:00:00+25:00',
      ])
        expect(paths(await t.api.put('/api/v1/test-clock', { now })), now).toEqual(['body.now']);
      expect((await t.api.get('/api/v1/test-clock')).body.now).toBe(before);
    });

    it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])(
      'issue 11 POST /tickets/{id}/severity with %s is VALIDATION_FAILED, the ticket unchanged',
      async (severity) => {
        const res = await t.api.post(`/api/v1/tickets/${ticketId}/severity`, { severity, reason: 'probe' });
        expect(paths(res)).toEqual(['body.severity']);
        expect((await t.api.get(`/api/v1/tickets/${ticketId}`)).body.severity).toBe('general_guidance');
        const opened = await t.as(customer.token).post('/api/v1/tickets', {
          accountId: customer.id,
          category: 'technical',
          severity,
          subject: 's',
          description: 'd',
        });
        expect(paths(opened)).toEqual(['body.severity']);
      },
    );
  });

  describe("the framework's own answers are the catalog's error body", () => {
    it('issue 11 a path parameter over 100 characters (was 414 FST_ERR_MAX_PARAM_LENGTH)', async () => {
      const res = await t.api.get(`/api/v1/tickets/${'t'.repeat(150)}`);
      expect(paths(res)).toEqual(['params']);
    });

    it('issue 11 %ff in a path (was FST_ERR_BAD_URL)', async () => {
      expect(paths(await t.api.get('/api/v1/tickets/%ff'))).toEqual(['url']);
    });

    it('issue 11 a body that is not JSON, a prototype-poisoning body, a body over the limit', async () => {
      const json = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
      expect(paths(await raw(t, { method: 'POST', url: '/api/v1/accounts', headers: json, payload: '{"a":' }))).toEqual(
        ['body'],
      );
      const poisoned = await raw(t, {
        method: 'POST',
        url: `/api/v1/tickets/${ticketId}/replies`,
        headers: json,
        payload: '{"body":"x","__proto__":{"admin":true}}',
      });
      expect(paths(poisoned)).toEqual(['body']);
      const small = await startTestApp({ kind, config: { attachmentMaxBytes: 1000 } });
      try {
        const big = await raw(small, {
          method: 'POST',
          url: '/api/v1/accounts',
          headers: json,
          payload: JSON.stringify({ name: 'x'.repeat(5000) }),
        });
        expect(paths(big)).toEqual(['body']);
      } finally {
        await small.close();
      }
    });

    it('issue 11 a request the HTTP parser refuses gets the catalog body too (real socket)', async () => {
      const address = await t.app.http.listen({ port: 0, host: '127.0.0.1' });
      try {
        const { port } = new URL(address);
        const answer = await new Promise<string>((resolve, reject) => {
          const socket = connect(Number(port), '127.0.0.1', () =>
            socket.write('GET /api/v1/catalog HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n'),
          );
          let data = '';
          socket.on('data', (d) => (data += d.toString('utf8')));
          socket.on('close', () => resolve(data));
          socket.on('error', reject);
        });
        expect(answer).toMatch(/^HTTP\/1\.1 400 /);
        const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
        expect(body.error.code).toBe('VALIDATION_FAILED');
        expect(Object.keys(body.error).sort()).toEqual(['code', 'details', 'message']);
      } finally {
        await t.app.http.server.close();
      }
    });
  });

  describe('JSON bodies and empty bodies (issue 12 API edges)', () => {
    it.each([
      ['text/plain', { 'content-type': 'text/plain' }, 'hello'],
      ['application/x-www-form-urlencoded', { 'content-type': 'application/x-www-form-urlencoded' }, 'name=x'],
      ['no Content-Type', {}, '{"name":"x"}'],
    ])('issue 12 a body sent as %s is 415 UNSUPPORTED_MEDIA_TYPE naming the header', async (_n, headers, payload) => {
      const before = await count(t, 'api_keys');
      const res = await raw(t, {
        method: 'POST',
        url: `/api/v1/accounts/${customer.id}/api-keys`,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...headers },
        payload,
      });
      expect(ERROR_CATALOG.UNSUPPORTED_MEDIA_TYPE.status).toBe(415);
      expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
      expect(errorOf(res)?.message).toContain('Content-Type: application/json');
      expect(await count(t, 'api_keys')).toBe(before);
    });

    it('issue 12 POST /accounts/{id}/api-keys with no body (and with an empty JSON body) creates a key', async () => {
      const none = await raw(t, {
        method: 'POST',
        url: `/api/v1/accounts/${customer.id}/api-keys`,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      expect(none.status, JSON.stringify(none.body)).toBe(201);
      expect((none.body as { token?: unknown }).token).toMatch(/^key_/);
      const empty = await raw(t, {
        method: 'POST',
        url: `/api/v1/accounts/${customer.id}/api-keys`,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        payload: '',
      });
      expect(empty.status, JSON.stringify(empty.body)).toBe(201);
    });

    it('issue 12 every POST of the OpenAPI document whose fields are all optional accepts an empty body', async () => {
      const doc = (await t.api.get('/api/v1/openapi.json')).body;
      const refused: string[] = [];
      let walked = 0;
      for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
        const op = ops.post;
        if (!op) continue;
        const schema = op.requestBody?.content?.['application/json']?.schema;
        if (schema && (schema.required ?? []).length) continue;
        walked++;
        const url = path.replace(/\{[^}]+\}/g, 'zz_none');
        for (const headers of [{}, { 'content-type': 'application/json' }] as Record<string, string>[]) {
          const res = await raw(t, {
            method: 'POST',
            url,
            headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...headers },
          });
          const issues: readonly { path: string }[] =
            (errorOf(res)?.details.issues as { path: string }[] | undefined) ?? [];
          if (res.status === 415 || res.status >= 500 || issues.some((i) => i.path.startsWith('body')))
            refused.push(`POST ${path} ${JSON.stringify(headers)}: ${res.status} ${JSON.stringify(res.body)}`);
        }
      }
      expect(walked).toBeGreaterThan(10);
      expect(refused).toEqual([]);
    });

    it('issue 12 an empty body where one is required names each required field', async () => {
      const res = await raw(t, {
        method: 'POST',
        url: '/api/v1/accounts',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      expect(paths(res).sort()).toEqual(['body.email', 'body.locale', 'body.name', 'body.region', 'body.timeZone']);
    });
  });

  describe('request ids and logs', () => {
    it("issue 11 a client's x-request-id is logged as clientRequestId; the request id is ours", async () => {
      const res = await raw(t, {
        method: 'GET',
        url: '/api/v1/catalog',
        headers: { 'x-request-id': 'forged-id-1' },
      });
      expect(res.status).toBe(200);
      expect(res.headers['x-request-id']).toMatch(/^req_[0-9a-z]+$/);
      const line = log.lines.find((l) => l.clientRequestId === 'forged-id-1');
      expect(line, 'no log line with clientRequestId').toBeDefined();
      expect(line!.reqId).toBe(res.headers['x-request-id']);
      expect(log.lines.some((l) => l.reqId === 'forged-id-1')).toBe(false);
    });

    it('issue 11 a failed query is logged with its SQL, never its parameters or the values PostgreSQL quotes', async () => {
      const secret = 'customer-secret-text-4711';
      const hash = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g';
      let failure: unknown;
      try {
        await t.app.deps.db.execute(sql`SELECT ${secret}::int AS n, ${hash} AS h`);
      } catch (err) {
        failure = err;
      }
      expect(failure).toBeInstanceOf(Error);
      const lines: string[] = [];
      const stream = new Writable({
        write(chunk: Buffer, _e, done) {
          lines.push(chunk.toString('utf8'));
          done();
        },
      });
      createLogger('info', stream).error({ err: failure }, 'unexpected error');
      const text = lines.join('');
      expect(text).toContain('Failed query: SELECT $1::int');
      expect(text).not.toContain(secret);
      expect(text).not.toContain('argon2');
      expect(JSON.stringify(safeError(failure))).not.toContain(secret);
      // The self-check: the raw error does carry them (so this test can fail).
      expect(`${(failure as Error).message} ${String((failure as Error).cause)}`).toContain(secret);
    });

    it('issue 11 the 500 log line of a request holds no SQL parameters (a trigger makes the insert fail)', async () => {
      const probeLog = memoryLog();
      const probe = await startTestApp({ kind, logger: probeLog.logger });
      try {
        const c = await createCustomer(probe);
        await buyPlan(probe, c.id, 'business');
        const ticket = await openTicket(probe.api, c.id, 'general_guidance');
        await probe.app.deps.db.execute(
          sql.raw(
            `CREATE FUNCTION zz_fail() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$ LANGUAGE plpgsql`,
          ),
        );
        await probe.app.deps.db.execute(
          sql.raw(`CREATE TRIGGER zz_fail BEFORE INSERT ON ticket_replies FOR EACH ROW EXECUTE FUNCTION zz_fail()`),
        );
        const secret = 'customer-text-in-a-500-0815';
        const res = await probe.api.post(`/api/v1/tickets/${ticket.id}/replies`, { body: secret });
        expectError(res, 500, 'INTERNAL_ERROR');
        const line = probeLog.lines.find((l) => l.errorId === res.body.error?.details.errorId);
        expect(line, 'no log line for the errorId').toBeDefined();
        expect(JSON.stringify(line)).toContain('P0001'); // the trigger's RAISE: the cause is logged by its code
        expect(probeLog.text()).not.toContain(secret);
      } finally {
        await probe.close();
      }
    });
  });
});
