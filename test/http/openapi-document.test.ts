/**
 * R-UI-2: the served OpenAPI document is good enough to generate the console's client from (issue 13): every route
 * has an operationId named after its use case and a summary, schemas are named components instead of inlined
 * copies, catalog ids are enums of the loaded catalog, downloads are binary, 429 says Retry-After, the webhook
 * events are in `webhooks`, `servers` is set, and `redocly lint` (redocly.yaml) finds no error.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_EVENTS } from '../../src/contexts/notifications/domain/webhook.js';
import { webhookEventSchema } from '../../src/contexts/notifications/http/webhook-events.js';
import { customerTicketNotice } from '../../src/contexts/tickets/use-cases/notices.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { deref } from '../support/openapi.js';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const run = promisify(execFile);

async function documentOf(t: TestApp): Promise<any> {
  const res = await t.app.http.inject({ method: 'GET', url: '/api/v1/openapi.json' });
  expect(res.statusCode).toBe(200);
  return JSON.parse(res.body);
}

function operations(doc: any): { name: string; op: any }[] {
  const out: { name: string; op: any }[] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, any>))
    for (const m of METHODS) if (item[m]) out.push({ name: `${m.toUpperCase()} ${path}`, op: item[m] });
  return out;
}

/** The operationIds, summaries and naming problems of a document (also run on a broken copy: the test can fail). */
export function operationProblems(doc: any): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  const all = [
    ...operations(doc),
    ...Object.entries(doc.webhooks ?? {}).map(([type, item]: [string, any]) => ({
      name: `webhook ${type}`,
      op: item.post,
    })),
  ];
  for (const { name, op } of all) {
    const id = op.operationId as string | undefined;
    if (!id) problems.push(`${name}: no operationId`);
    else if (!/^[a-z][a-zA-Z0-9]+$/.test(id)) problems.push(`${name}: operationId ${id} is not camelCase`);
    else if (seen.has(id)) problems.push(`${name}: operationId ${id} also names ${seen.get(id)}`);
    else seen.set(id, name);
    if (!op.summary || String(op.summary).length < 8) problems.push(`${name}: no summary`);
  }
  return problems;
}

describe('OpenAPI document for the generated client', () => {
  let t: TestApp;
  let doc: any;
  let dir: string;

  beforeAll(async () => {
    t = await startTestApp();
    doc = await documentOf(t);
    dir = mkdtempSync(join(tmpdir(), 'tierdesk-openapi-'));
  });
  afterAll(async () => {
    await t?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('R-UI-2 every operation and webhook has a unique camelCase operationId and a summary', () => {
    expect(operations(doc).length).toBeGreaterThan(70);
    expect(operationProblems(doc)).toEqual([]);
    const broken = structuredClone(doc);
    delete broken.paths['/api/v1/tickets'].post.operationId;
    broken.paths['/api/v1/tickets'].get.operationId = broken.paths['/api/v1/catalog'].get.operationId;
    expect(operationProblems(broken)).toEqual([
      'GET /api/v1/tickets: operationId getCatalog also names GET /api/v1/catalog',
      'POST /api/v1/tickets: no operationId',
    ]);
    expect(doc.paths['/api/v1/tickets'].post.operationId).toBe('openTicket');
  });

  it('redocly lint (redocly.yaml: recommended, operationIds, summaries, no unused components) finds 0 errors', async () => {
    const lint = async (d: unknown) => {
      const file = join(dir, `doc-${Math.random().toString(36).slice(2)}.json`);
      writeFileSync(file, JSON.stringify(d));
      const cli = join(process.cwd(), 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');
      const out = await run(process.execPath, [cli, 'lint', file, '--format=json'], {
        cwd: process.cwd(),
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
        maxBuffer: 64 * 1024 * 1024,
      }).catch((err: { stdout?: string }) => ({ stdout: err.stdout ?? '' }));
      return JSON.parse(out.stdout) as { totals: { errors: number }; problems: { ruleId: string; message: string }[] };
    };
    const result = await lint(doc);
    expect(result.problems.filter((p) => p).map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    expect(result.totals.errors).toBe(0);
    // The same lint fails a document with a route without operationId (the check can fail).
    const broken = structuredClone(doc);
    delete broken.paths['/api/v1/queue'].get.operationId;
    expect((await lint(broken)).problems.map((p) => p.ruleId)).toContain('operation-operationId');
  }, 60_000);

  it('schemas are named components referenced with $ref, not inlined copies', () => {
    const text = JSON.stringify(doc.paths);
    const refs = (id: string) => text.split(`"#/components/schemas/${id}"`).length - 1;
    expect(refs('Error')).toBeGreaterThan(300);
    expect(refs('Ticket')).toBeGreaterThan(5);
    for (const id of [
      'Plan',
      'Quote',
      'Order',
      'Account',
      'ServiceRequest',
      'Bill',
      'Catalog',
      'Money',
      'Entitlements',
    ])
      expect(doc.components.schemas[id], id).toBeDefined();
    // No response inlines the error body any more.
    const inlinedErrors = operations(doc).flatMap(({ name, op }) =>
      Object.entries(op.responses as Record<string, any>)
        .filter(([, r]) => r.content?.['application/json']?.schema?.properties?.error)
        .map(([s]) => `${name} ${s}`),
    );
    expect(inlinedErrors).toEqual([]);
    // A guard against inlined copies, not a budget for routes: issue 12 added reports, invitations, TAM and expedite routes;
    // issue 11 the payment routes.
    expect(JSON.stringify(doc).length).toBeLessThan(400_000);
  });

  it('entitlements, prices, quotas, contacts and severities are typed', () => {
    const s = doc.components.schemas;
    const plan = s.Plan;
    expect(plan.properties.entitlements.anyOf?.[0]?.$ref ?? plan.properties.entitlements.$ref).toBe(
      '#/components/schemas/Entitlements',
    );
    expect(s.Entitlements.properties.technicalSupport.anyOf[0].properties.targets.propertyNames.$ref).toBe(
      '#/components/schemas/SeverityId',
    );
    expect(s.Quota.properties.quota.$ref).toBe('#/components/schemas/QuotaId');
    expect(s.Ticket.properties.contacts.items.$ref).toBe('#/components/schemas/Contact');
    expect(s.Ticket.properties.severity.anyOf[0].$ref).toBe('#/components/schemas/SeverityId');
    const pricing = deref(doc, s.Level.properties.pricing);
    expect(pricing.oneOf ?? pricing.anyOf).toHaveLength(3);
    expect(s.Quote.properties.amount.$ref).toBe('#/components/schemas/Money');
  });

  it('catalog ids are enums of the loaded catalog (another catalog, other enums)', async () => {
    const s = doc.components.schemas;
    expect(s.SeverityId.enum).toEqual(t.app.catalog.def.severities.map((x) => x.id));
    expect(s.LevelId.enum).toEqual(t.app.catalog.def.levels.map((x) => x.id));
    expect(s.QuotaId.enum).toContain('technical_tickets');
    const ctyun = await startTestApp({ catalog: 'ctyun' });
    try {
      const other = await documentOf(ctyun);
      expect(other.components.schemas.SeverityId.enum).toEqual(ctyun.app.catalog.def.severities.map((x) => x.id));
      expect(other.components.schemas.SeverityId.enum).toContain('urgent');
      expect(s.SeverityId.enum).not.toContain('urgent');
    } finally {
      await ctyun.close();
    }
  }, 60_000);

  it('file downloads are binary; every 429 carries Retry-After; servers is set', () => {
    for (const path of [
      '/api/v1/tickets/{id}/attachments/{attachmentId}',
      '/api/v1/service-requests/{id}/deliverables/{deliverableId}',
    ]) {
      const content = doc.paths[path].get.responses['200'].content;
      expect(Object.keys(content), path).toEqual(['application/octet-stream']);
      expect(content['application/octet-stream'].schema.format).toBe('binary');
    }
    const without429 = operations(doc).filter(
      ({ op }) => op.responses['429']?.headers?.['Retry-After']?.$ref !== '#/components/headers/RetryAfter',
    );
    expect(without429.map((o) => o.name)).toEqual([]);
    expect(doc.components.headers.RetryAfter.schema.type).toBe('integer');
    expect(doc.servers?.[0]?.url).toBe('/');
  });

  it('R-TKT-6 webhooks lists every event with its payload, and a real ticket event body matches its schema', async () => {
    expect(Object.keys(doc.webhooks).sort()).toEqual([...WEBHOOK_EVENTS].sort());
    for (const type of WEBHOOK_EVENTS) {
      const body = deref(doc, doc.webhooks[type].post.requestBody.content['application/json'].schema);
      expect(body.properties.type.const, type).toBe(type);
      expect(body.required).toEqual(['type', 'timestamp', 'data']);
    }
    // The body a ticket event sends (tickets/use-cases/notices.ts) parses with the documented schema.
    const row = {
      id: 'tkt_1',
      number: 'T000001',
      accountId: 'acc_1',
      status: 'open',
      category: 'technical',
      severity: 'production_down',
      subject: 'Down',
      responseDueAt: new Date('2026-01-01T01:00:00Z'),
      respondedAt: null,
      breached: false,
    };
    const notice = customerTicketNotice({} as never, null, row as never, 'ticket.replied', 'k', {
      replyId: 'rpl_1',
      authorKind: 'staff',
      body: 'Hello',
    });
    const parsed = webhookEventSchema('ticket.replied').safeParse({
      type: notice.webhookEvent!.type,
      timestamp: '2026-01-01T00:00:00.000Z',
      data: notice.webhookEvent!.payload,
    });
    expect(parsed.error?.issues ?? []).toEqual([]);
  });
});
