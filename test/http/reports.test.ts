/**
 * R-RPT over HTTP on every database kind (huaweicloud-intl): a January with tickets and usage, the schedule plans
 * the month at its end and makes and mails the report on its send day (February 9th: no public holiday before the
 * 10th in 2026), the JSON sections with their numbers, the HTML page, the PDF's text (pdftotext: the Chinese title
 * and the ticket numbers), the mail with the PDF attached, tenancy (another tenant's report and account are
 * NOT_FOUND), staff regenerate (a new version, the old kept) and the staff schedule view; an account without the
 * level gets none.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../support/databases.js';
import { buyPlan, createCustomer, startTestApp, type TestApp } from '../support/harness.js';
import { createStaff, expectError } from '../support/actors.js';
import { attachmentsOf, startSmtp, type SmtpSink } from '../support/smtp.js';
import { ok, openTicket } from '../support/tickets.js';

function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'rpt-'));
  writeFileSync(join(dir, 'r.pdf'), pdf);
  return execFileSync('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
}

describe.each(DB_KINDS)('monthly service reports over HTTP on %s', (kind) => {
  let t: TestApp;
  let smtp: SmtpSink;
  let ent: { id: string; token: string };
  let other: { id: string; token: string };
  let tickets: { number: string; id: string }[];

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp({ kind, config: { smtpUrl: smtp.url, reportMailPdf: true } });
    await t.setClock('2026-01-05T10:00:00+08:00');
    ent = await createCustomer(t, { email: 'ops@ent.example', locale: 'zh-CN', name: '示例企业' });
    const tam = await createStaff(t, 'tam');
    ok(await t.api.post(`/api/v1/accounts/${ent.id}/approval`, { tamUserId: tam.userId }));
    await buyPlan(t, ent.id, 'enterprise');
    other = await createCustomer(t, { email: 'other@example.com', locale: 'en-US' });
    await buyPlan(t, other.id, 'business');
    await t.setClock('2026-01-06T10:00:00+08:00');
    const a = await openTicket(t.as(ent.token), ent.id, 'production_down', { subject: '数据库连接失败' });
    const b = await openTicket(t.as(ent.token), ent.id, 'production_impaired', { subject: 'ECS 重启缓慢' });
    tickets = [a, b];
    await t.setClock('2026-01-06T10:05:00+08:00');
    ok(await t.api.post(`/api/v1/tickets/${a.id}/replies`, { body: '正在处理' }), 201);
    ok(
      await t.api.post('/api/v1/usage', {
        records: [
          {
            id: 'u-1',
            accountId: ent.id,
            service: 'ecs',
            category: 'cloud',
            listPrice: { amount: '310.00', currency: 'USD' },
            from: '2026-01-01',
            to: '2026-01-31',
          },
          // Half of it in December, half in January.
          {
            id: 'u-2',
            accountId: ent.id,
            service: 'obs',
            category: 'cloud',
            listPrice: { amount: '20.00', currency: 'USD' },
            from: '2025-12-31',
            to: '2026-01-01',
          },
          {
            id: 'u-3',
            accountId: ent.id,
            service: 'plan',
            category: 'support_plan',
            listPrice: { amount: '999.00', currency: 'USD' },
            from: '2026-01-01',
            to: '2026-01-01',
          },
        ],
      }),
    );
  });
  afterAll(async () => Promise.all([t?.close(), smtp?.close()]));

  it('R-RPT-1 the month is planned at its end: due before 2026-02-10, sent on Monday 2026-02-09 at 09:00 local', async () => {
    await t.setClock('2026-02-01T08:00:00+08:00');
    const s = ok(await t.api.get('/api/v1/reports/schedule?month=2026-01'));
    expect(s.items).toEqual([
      expect.objectContaining({
        accountId: ent.id,
        month: '2026-01',
        dueDate: '2026-02-09',
        status: 'scheduled',
        sendAt: '2026-02-09T01:00:00.000Z',
      }),
    ]);
    expect(s.counts).toEqual({ scheduled: 1 });
    expect(ok(await t.api.get(`/api/v1/accounts/${ent.id}/reports`)).items).toEqual([]);
  });

  it('R-RPT-2 on the send day the report is made and mailed with the PDF attached, in the account’s locale', async () => {
    await t.setClock('2026-02-09T09:00:00+08:00');
    const list = ok(await t.as(ent.token).get(`/api/v1/accounts/${ent.id}/reports`));
    expect(list.items).toEqual([
      expect.objectContaining({ accountId: ent.id, month: '2026-01', version: 1, trigger: 'schedule', status: 'sent' }),
    ]);
    const mails = smtp.to('ops@ent.example').filter((m) => m.subject.includes('服务月报'));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('华为云国际站支持计划 服务月报（2026-01）');
    const files = attachmentsOf(mails[0]!);
    const pdf = files.get('report-2026-01-v1.pdf');
    expect(pdf?.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf!);
    expect(text).toContain('服务月报');
    for (const tk of tickets) expect(text).toContain(tk.number);
    // Once: another tick mails nothing more.
    await t.setClock('2026-02-10T09:00:00+08:00');
    expect(smtp.to('ops@ent.example').filter((m) => m.subject.includes('服务月报'))).toHaveLength(1);
    expect(ok(await t.api.get('/api/v1/reports/schedule?month=2026-01')).items[0]).toMatchObject({
      status: 'sent',
      recipients: ['ops@ent.example'],
    });
  });

  it('R-RPT-2 sections in the catalog’s order with Chinese titles and hand-checked numbers; R-RPT-3 missing data said', async () => {
    const item = ok(await t.as(ent.token).get(`/api/v1/accounts/${ent.id}/reports`)).items[0]!;
    const r = ok(await t.as(ent.token).get(`/api/v1/reports/${item.id}`));
    expect(r.sections.map((s: any) => s.id)).toEqual(t.app.catalog.def.reports!.sections);
    const by = Object.fromEntries(r.sections.map((s: any) => [s.id, s]));
    expect(by.summary.title).toBe('支持总结');
    expect(by.service_summary).toMatchObject({
      title: '服务总结',
      ticketsOpened: 2,
      byCategory: [{ category: 'technical', name: '技术类', count: 2 }],
      sla: { met: 1, measured: expect.any(Number) },
      firstResponse: { answered: 1, averageMinutes: 5, worstMinutes: 5 },
    });
    expect(by.service_tickets.tickets.map((x: any) => x.number)).toEqual(tickets.map((x) => x.number));
    expect(by.service_tickets.tickets[0]).toMatchObject({
      description: '数据库连接失败',
      category: 'technical',
      resolvedAt: null,
    });
    // 310.00 over January, half of 20.00 (December 31st and January 1st), the support plan left out.
    expect(by.consumption_trend.months).toEqual([
      { month: '2025-08', amount: '0.00' },
      { month: '2025-09', amount: '0.00' },
      { month: '2025-10', amount: '0.00' },
      { month: '2025-11', amount: '0.00' },
      { month: '2025-12', amount: '10.00' },
      { month: '2026-01', amount: '320.00' },
    ]);
    expect(by.resource_overview).toMatchObject({ missingData: true, missingReason: expect.stringContaining('POC') });
    expect(by.security).toMatchObject({ missingData: true });
  });

  it('HTML by Accept or /html, with inline SVG charts and no script; PDF by Accept or /pdf', async () => {
    const item = ok(await t.as(ent.token).get(`/api/v1/accounts/${ent.id}/reports`)).items[0]!;
    const html = await t.as(ent.token).get(`/api/v1/reports/${item.id}`, { accept: 'text/html' });
    expect(html.status).toBe(200);
    expect(String(html.headers['content-type'])).toMatch(/^text\/html/);
    expect(html.body).toContain('<svg');
    expect(html.body).not.toContain('<script');
    expect(html.body).toContain(tickets[0]!.number);
    expect((await t.as(ent.token).get(`/api/v1/reports/${item.id}/html`)).body).toBe(html.body);
    const pdf = await t.as(ent.token).get(`/api/v1/reports/${item.id}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
  });

  it('tenancy: another tenant’s report and account are NOT_FOUND', async () => {
    const item = ok(await t.as(ent.token).get(`/api/v1/accounts/${ent.id}/reports`)).items[0]!;
    expectError(await t.as(other.token).get(`/api/v1/reports/${item.id}`), 404, 'NOT_FOUND');
    expectError(await t.as(other.token).get(`/api/v1/reports/${item.id}/pdf`), 404, 'NOT_FOUND');
    expectError(await t.as(other.token).get(`/api/v1/reports/${item.id}`, { accept: 'text/html' }), 404, 'NOT_FOUND');
    expectError(await t.as(other.token).get(`/api/v1/accounts/${ent.id}/reports`), 404, 'NOT_FOUND');
    expectError(await t.as(ent.token).get('/api/v1/reports/rpt_nope'), 404, 'NOT_FOUND');
    // The business level has no report: nothing was planned for it.
    expect(ok(await t.as(other.token).get(`/api/v1/accounts/${other.id}/reports`)).items).toEqual([]);
  });

  it('staff regenerate: a new version, the old kept; customers may not; an unfinished month is refused', async () => {
    expectError(
      await t.as(ent.token).post(`/api/v1/accounts/${ent.id}/reports/2026-01/regenerate`, {}),
      403,
      'FORBIDDEN',
    );
    expectError(await t.api.post(`/api/v1/accounts/${ent.id}/reports/2026-02/regenerate`, {}), 409, 'INVALID_STATE');
    expectError(
      await t.api.post(`/api/v1/accounts/${ent.id}/reports/2026-13/regenerate`, {}),
      400,
      'VALIDATION_FAILED',
    );
    const v2 = ok(await t.api.post(`/api/v1/accounts/${ent.id}/reports/2026-01/regenerate`, {}), 201);
    expect(v2).toMatchObject({ month: '2026-01', version: 2, trigger: 'staff' });
    const list = ok(await t.as(ent.token).get(`/api/v1/accounts/${ent.id}/reports`)).items;
    expect(list.map((x: any) => [x.version, x.status])).toEqual([
      [2, 'generated'],
      [1, 'sent'],
    ]);
  });

  it('staff only: the schedule view is FORBIDDEN to customers', async () => {
    expectError(await t.as(ent.token).get('/api/v1/reports/schedule'), 403, 'FORBIDDEN');
  });
});

describe('TIERDESK_REPORT_MAIL_PDF=0 (pglite)', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp({ config: { smtpUrl: smtp.url, reportMailPdf: false } });
  });
  afterAll(async () => Promise.all([t?.close(), smtp?.close()]));

  it('R-RPT-2 the report mail goes without its PDF and says where to read it; the PDF is still there to download', async () => {
    await t.setClock('2026-01-05T10:00:00+08:00');
    const c = await createCustomer(t, { email: 'link@ent.example', locale: 'en-US' });
    await buyPlan(t, c.id, 'enterprise');
    await t.setClock('2026-02-09T09:00:00+08:00');
    const mails = smtp.to('link@ent.example').filter((m) => m.subject.includes('monthly service report'));
    expect(mails).toHaveLength(1);
    expect(attachmentsOf(mails[0]!).size).toBe(0);
    expect(mails[0]!.parsed.text).toContain('Read and download it (PDF) under Monthly reports in the console');
    const item = ok(await t.as(c.token).get(`/api/v1/accounts/${c.id}/reports`)).items[0]!;
    expect(item).toMatchObject({ month: '2026-01', status: 'sent' });
    const pdf = await t.as(c.token).get(`/api/v1/reports/${item.id}/pdf`);
    expect([pdf.status, pdf.headers['content-type']]).toEqual([200, 'application/pdf']);
  });
});
