/**
 * R-RPT-1/2 through the real command line (`tierdesk serve --test-clock`, isoftstone, TIERDESK_REPORT_MAIL_PDF=1):
 * tickets and usage in January 2026; at the month's end the schedule plans the report (due before the 10th: Monday
 * 9 February, no public holiday before it), and on that morning the report is made and mailed to a real SMTP
 * server with its PDF attached, whose text (pdftotext) holds the Chinese title and the ticket numbers. Another tick
 * mails nothing more.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ok, removeDir, startCli, type CliServer } from './cli-server.js';
import { migratedDataDir } from './migrated-data-dir.js';
import { attachmentsOf, startSmtp, type SmtpSink } from '../support/smtp.js';

async function until(what: string, fn: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!fn()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('R-RPT scenario: a month of tickets and usage to the mailed report, through the real CLI (isoftstone)', () => {
  let dataDir: string;
  let smtp: SmtpSink;
  let server: CliServer;
  let accountId: string;
  const numbers: string[] = [];
  const reportMails = () => smtp.to('ops@qiye.example').filter((m) => m.subject.includes('服务月报'));

  beforeAll(async () => {
    await ensureBuilt();
    smtp = await startSmtp();
    dataDir = await migratedDataDir();
    server = await startCli({
      catalog: 'isoftstone',
      dataDir,
      env: { TIERDESK_SMTP_URL: smtp.url, TIERDESK_REPORT_MAIL_PDF: '1' },
    });
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
    await smtp?.close();
    if (dataDir) removeDir(dataDir);
  });

  it('January: an account on the basic level opens two tickets and sends its usage', async () => {
    await server.setClock('2026-01-05T10:00:00+08:00');
    accountId = ok(
      await server.admin.post('/api/v1/accounts', {
        name: '示例企业',
        email: 'ops@qiye.example',
        region: 'cn-north-4',
        timeZone: 'Asia/Shanghai',
        locale: 'zh-CN',
      }),
      201,
    ).id;
    const order = ok(
      await server.admin.post(`/api/v1/accounts/${accountId}/orders`, {
        action: 'purchase',
        level: 'basic',
        term: { unit: 'year', count: 1 },
        agreementAccepted: true,
      }),
      201,
    );
    ok(await server.admin.post(`/api/v1/orders/${order.id}/pay`));
    await server.setClock('2026-01-12T10:00:00+08:00');
    for (const subject of ['数据库连接失败', 'ECS 重启缓慢']) {
      const ticket = ok(
        await server.admin.post('/api/v1/tickets', {
          accountId,
          category: 'technical',
          severity: 'production_down',
          subject,
          description: subject,
        }),
        201,
      );
      numbers.push(ticket.number);
    }
    expect(numbers).toHaveLength(2);
    ok(
      await server.admin.post('/api/v1/usage', {
        records: [
          {
            id: 'jan-ecs',
            accountId,
            service: 'ecs',
            category: 'cloud',
            listPrice: { amount: '310.00', currency: 'CNY' },
            from: '2026-01-01',
            to: '2026-01-31',
          },
        ],
      }),
    );
  });

  it('at the month’s end the report is planned for Monday 9 February, 09:00 Shanghai', async () => {
    await server.setClock('2026-02-01T08:00:00+08:00');
    const s = ok(await server.admin.get('/api/v1/reports/schedule?month=2026-01'));
    expect(s.items).toEqual([
      expect.objectContaining({
        accountId,
        dueDate: '2026-02-09',
        sendAt: '2026-02-09T01:00:00.000Z',
        status: 'scheduled',
      }),
    ]);
    expect(reportMails()).toHaveLength(0);
  });

  it('on the send day the report is mailed with its PDF: the Chinese title and the ticket numbers in its text', async () => {
    await server.setClock('2026-02-09T09:00:00+08:00');
    await until('the report mail', () => reportMails().length > 0);
    const mail = reportMails()[0]!;
    expect(mail.subject).toMatch(/ 服务月报（2026-01）$/);
    const pdf = attachmentsOf(mail).get('report-2026-01-v1.pdf');
    expect(pdf?.subarray(0, 5).toString()).toBe('%PDF-');
    const dir = mkdtempSync(join(tmpdir(), 'rpt-scenario-'));
    writeFileSync(join(dir, 'r.pdf'), pdf!);
    const text = execFileSync('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
    removeDir(dir);
    expect(text).toContain('服务月报');
    for (const n of numbers) expect(text).toContain(n);
    expect(text).toContain('310.00');

    const list = ok(await server.admin.get(`/api/v1/accounts/${accountId}/reports`)).items;
    expect(list).toEqual([expect.objectContaining({ month: '2026-01', version: 1, status: 'sent' })]);
    // Once: the next day's tick mails nothing more.
    await server.setClock('2026-02-10T09:00:00+08:00');
    await new Promise((r) => setTimeout(r, 1000));
    expect(reportMails()).toHaveLength(1);
  });
});
