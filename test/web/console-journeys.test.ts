/**
 * Issue 13 in Chromium, one server for the file: a service request goes from the customer's application (the form
 * pre-fills the earliest start the API computes) through staff accept, a deliverable and completion to the
 * customer's evaluation; the staff queue's countdowns turn to the warning colour at 80 % of the target and to
 * breached past it on the test clock; every main page of both consoles in en-US and zh-CN (the texts change, no
 * message key shows) with axe-core on each. The journey helper fails on any console error or unexpected refusal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enUS } from '../../web/src/i18n/en-US.js';
import { zhCN } from '../../web/src/i18n/zh-CN.js';
import type { MessageKey } from '../../web/src/i18n/zh-CN.js';
import { setSetting } from '../../src/platform/settings.js';
import { signIn } from '../support/sessions.js';
import { openTicket } from '../support/tickets.js';
import {
  customerWithLogin,
  journey,
  pick,
  staffWithLogin,
  startConsole,
  type ConsoleEnv,
  type Journey,
} from './support/browser.js';

const PASSWORD = 'correct horse battery staple';
const CUSTOMER = 'owner@journeys.example';
const ADMIN = 'admin@provider.example';

/** The main pages: link (null: reached by address), address, the key of its heading. */
const CUSTOMER_PAGES: [MessageKey | null, string, MessageKey][] = [
  ['nav.plan', '/plan', 'plan.title'],
  ['nav.tickets', '/tickets', 'tickets.title'],
  [null, '/tickets/new', 'tickets.new'],
  ['nav.serviceRequests', '/service-requests', 'sr.title'],
  [null, '/service-requests/new', 'sr.new'],
  ['nav.bills', '/bills', 'bills.title'],
  ['nav.messages', '/messages', 'messages.title'],
  ['nav.notificationSettings', '/settings/notifications', 'prefs.title'],
  ['nav.advisor', '/advisor', 'oa.title'],
  ['nav.reports', '/reports', 'reports.title'],
  ['nav.sharing', '/sharing', 'nav.sharing'],
  ['nav.account', '/account', 'profile.title'],
  ['nav.developer', '/developer', 'nav.developer'],
];
const STAFF_PAGES: [MessageKey | null, string, MessageKey][] = [
  ['nav.queue', '/staff/queue', 'queue.title'],
  ['nav.serviceRequests', '/staff/service-requests', 'sr.title'],
  ['nav.incidents', '/staff/incidents', 'inc.title'],
  ['nav.calls', '/staff/calls', 'calls.title'],
  ['nav.accounts', '/staff/accounts', 'acc.title'],
  ['nav.billing', '/staff/billing', 'billing.title'],
  ['nav.calendars', '/staff/calendars', 'cal.title'],
  ['nav.reports', '/staff/reports', 'reports.staffTitle'],
];
const KEYS = Object.keys(enUS);

/** Visits each page in the journey's language: its heading is the dictionary's text and no message key shows. */
async function walk(j: Journey, pages: typeof CUSTOMER_PAGES, locale: 'en-US' | 'zh-CN', axe: boolean) {
  const dict = locale === 'en-US' ? enUS : zhCN;
  const page = j.page;
  const nav = page.getByRole('navigation', { name: dict['nav.main'] });
  for (const [link, path, heading] of pages) {
    // The messages link carries the unread count in its name.
    if (link) await nav.getByRole('link', { name: dict[link], exact: link !== 'nav.messages' }).click();
    else await page.goto(path);
    await page.waitForURL((u) => u.pathname === path);
    await page.getByRole('heading', { level: 1, name: dict[heading], exact: true }).waitFor();
    if (axe) await page.waitForLoadState('networkidle');
    const text = await page.locator('body').innerText();
    expect(
      KEYS.filter((k) => text.includes(k)),
      `${path} (${locale}) shows message keys`,
    ).toEqual([]);
    if (axe) await j.axe(`${path} ${locale}`);
  }
}

describe('console journeys: service requests, queue colours, languages, accessibility', () => {
  let env: ConsoleEnv;
  let accountId = '';
  beforeAll(async () => {
    env = await startConsole('console-journeys');
    // Before the clock first moves: the scheduled month-end starts in 2027, so the billing journey's run bills March.
    await setSetting(env.t.app.deps.db, 'billing_since', '2027-01');
    await env.t.setClock('2026-03-06T10:00:00+08:00'); // a Friday in Asia/Shanghai
    ({ accountId } = await customerWithLogin(env, { email: CUSTOMER, password: PASSWORD, level: 'enterprise' }));
    await staffWithLogin(env, { role: 'provider_admin', name: 'Zhao Min', email: ADMIN, password: PASSWORD });
  });
  afterAll(async () => {
    await env?.close();
  });

  it('a service request from the application to the customer’s evaluation', async () => {
    const starts = (await env.t.api.get(`/api/v1/accounts/${accountId}/service-request-starts`)).body;
    const earliest = starts.services.find((s: { type: string }) => s.type === 'availability_check')!.earliestStart;
    expect(earliest).toBe('2026-03-11'); // 3 working days after Friday
    let number = '';
    await journey(env, 'sr-apply', {}, async (j) => {
      const page = j.page;
      await j.signIn(CUSTOMER, PASSWORD);
      await page.getByRole('link', { name: 'Service requests' }).click();
      await page.getByRole('button', { name: 'Apply for a service' }).click();
      await page.getByRole('heading', { name: 'Apply for a service' }).waitFor();
      await pick(page, 'Service', 'Availability check');
      // The start is the earliest allowed date, named under the field.
      await expect.poll(() => page.getByLabel('Start date').inputValue()).toBe(earliest);
      await page.getByText('Earliest start: 03/11/2026').waitFor();
      expect(await page.getByLabel('Start date').getAttribute('min')).toBe(earliest);
      await page.getByLabel('Contact name').fill('Ops on duty');
      await page.getByLabel('Contact phone').fill('+86 10 8888 0000');
      await j.shot('application');
      await j.axe('sr-new');
      await page.getByRole('button', { name: 'Submit' }).click();
      const heading = page.getByRole('heading', { name: /Availability check/ });
      await heading.waitFor();
      number = ((await heading.textContent()) ?? '').split(' · ')[0]!;
      await page.getByText('Submitted', { exact: true }).waitFor();
      await j.shot('submitted');
    });
    expect(number).toMatch(/^SR\d+/);

    await journey(env, 'sr-process', {}, async (j) => {
      const page = j.page;
      await j.signIn(ADMIN, PASSWORD);
      await page.getByRole('link', { name: 'Service requests' }).click();
      await page.getByRole('link', { name: number }).click();
      await page.getByRole('button', { name: 'Accept' }).click();
      await page.getByText('Processing', { exact: true }).waitFor();
      await page.getByLabel('Upload a deliverable').setInputFiles({
        name: 'availability-report.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from('%PDF-1.4\n% availability report\n'),
      });
      await page.getByRole('link', { name: 'Download availability-report.pdf' }).waitFor();
      await j.shot('deliverable');
      await j.axe('sr-staff');
      await page.getByRole('button', { name: 'Complete' }).click();
      await page.getByText('Completed', { exact: true }).waitFor();
      await j.shot('completed');
    });

    await journey(env, 'sr-evaluate', {}, async (j) => {
      const page = j.page;
      await j.signIn(CUSTOMER, PASSWORD);
      await page.getByRole('link', { name: 'Service requests' }).click();
      await page.getByRole('link', { name: number }).click();
      const download = page.waitForEvent('download');
      await page.getByRole('link', { name: 'Download availability-report.pdf' }).click();
      expect((await download).suggestedFilename()).toBe('availability-report.pdf');
      await page.getByLabel('Deliverable quality', { exact: true }).getByRole('radio').nth(3).click();
      await page.getByLabel('Feedback').fill('Clear report, on time.');
      await page.getByRole('button', { name: 'Evaluate' }).click();
      await page.getByText('Evaluated', { exact: true }).waitFor();
      await j.shot('evaluated');
      await j.axe('sr-evaluated');
    });
    const list = (await env.t.api.get(`/api/v1/service-requests?accountId=${accountId}`)).body.items;
    expect(list[0]).toMatchObject({
      number,
      status: 'completed',
      start: earliest,
      evaluation: { responseSpeed: 5, deliverableQuality: 4, feedback: 'Clear report, on time.' },
    });
  });

  it('the queue’s countdown turns to the warning colour at 80 % and to breached past the deadline', async () => {
    const ticket = await openTicket(env.t.api, accountId, 'production_down', { subject: 'Payments API times out' });
    const row = (j: Journey) => j.page.getByRole('row', { name: new RegExp(ticket.number) });
    const state = async (j: Journey) => row(j).locator('[data-sla]').getAttribute('data-sla');
    const warningAt = Date.parse(ticket.sla.warningAt!);
    const dueAt = Date.parse(ticket.sla.responseDueAt);
    expect(warningAt).toBeLessThan(dueAt);
    await journey(env, 'queue-colours', {}, async (j) => {
      const page = j.page;
      await j.signIn(ADMIN, PASSWORD);
      await row(j).waitFor();
      expect(await state(j)).toBe('ok');
      await env.t.setClock(new Date(warningAt - 60_000).toISOString());
      await page.reload();
      await row(j).waitFor();
      expect(await state(j)).toBe('ok');
      await env.t.setClock(new Date(warningAt + 1_000).toISOString());
      await page.reload();
      await expect.poll(() => state(j)).toBe('warning');
      expect(await row(j).locator('[data-sla]').getAttribute('class')).toMatch(/orange/);
      await j.shot('queue-warning');
      await env.t.setClock(new Date(dueAt + 5 * 60_000).toISOString());
      await page.reload();
      await expect.poll(() => state(j)).toBe('breached');
      expect(await row(j).locator('[data-sla]').getAttribute('class')).toMatch(/red/);
      expect(await row(j).textContent()).toContain('Overdue by 5 min');
      await j.shot('queue-breached');
    });
  });

  // Many pages on a shared 2-core machine: a longer budget than one journey's.
  it('every customer page in en-US and, after the switch, in zh-CN (and back); axe-core on each', async () => {
    await journey(env, 'languages-customer', {}, async (j) => {
      await j.signIn(CUSTOMER, PASSWORD);
      await walk(j, CUSTOMER_PAGES, 'en-US', true);
      await j.page.getByRole('combobox', { name: 'Language' }).selectOption({ label: '中文' });
      await j.page.getByRole('heading', { level: 1, name: zhCN['nav.developer'] }).waitFor();
      await walk(j, CUSTOMER_PAGES, 'zh-CN', false);
      await j.shot('customer-zh');
      await j.page.getByRole('combobox', { name: '语言' }).selectOption({ label: 'English' });
      await j.page.getByRole('heading', { level: 1, name: enUS['nav.developer'] }).waitFor();
    });
  }, 120_000);

  it('every staff page in zh-CN and, after the switch, in en-US; axe-core on each', async () => {
    await journey(env, 'languages-staff', { locale: 'zh-CN' }, async (j) => {
      await j.signIn(ADMIN, PASSWORD, { locale: 'zh-CN' });
      await walk(j, STAFF_PAGES, 'zh-CN', true);
      await j.page.getByRole('combobox', { name: '语言' }).selectOption({ label: 'English' });
      await walk(j, STAFF_PAGES.slice(0, 3), 'en-US', false);
      await j.shot('staff-en');
    });
  }, 120_000);

  it('issue 12 in the console: the profile and contacts, a sub-account invitation accepted, the TAM’s accounts', async () => {
    const invitee = await customerWithLogin(env, {
      name: 'Branch Office',
      email: 'owner@branch.example',
      password: PASSWORD,
      level: null,
    });
    const invited = await env.t.api.post(`/api/v1/accounts/${accountId}/sub-account-invitations`, {
      accountId: invitee.accountId,
      message: 'Join our support plan',
    });
    expect(invited.status).toBe(201);
    await journey(env, 'profile', {}, async (j) => {
      const page = j.page;
      await j.signIn(CUSTOMER, PASSWORD);
      await page.getByRole('link', { name: 'Account and contacts' }).click();
      await expect.poll(() => page.getByLabel('Name', { exact: true }).inputValue()).toBe('Acme Ltd');
      await page.getByLabel('Phones').fill('+86 138-0000-0000');
      await page.getByLabel('Monthly report recipients').fill('ops@acme.example\nOPS@acme.example');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Profile saved.').waitFor();
      await page.getByLabel('Contact name').fill('Liu Yang');
      await page.getByLabel('Role').fill('On-call lead');
      await page.getByLabel('Contact phone').fill('+8613900000000');
      await page.getByRole('button', { name: 'Add contact' }).click();
      await page.getByRole('list', { name: 'Contacts' }).getByText('Liu Yang').waitFor();
      await j.shot('profile');
      await j.axe('profile');
    });
    const account = (await env.t.api.get(`/api/v1/accounts/${accountId}`)).body;
    expect(account).toMatchObject({ phones: ['+8613800000000'], reportRecipients: ['ops@acme.example'] });
    const contacts = (await env.t.api.get(`/api/v1/accounts/${accountId}/contacts`)).body.items;
    expect(contacts).toEqual([
      expect.objectContaining({ name: 'Liu Yang', role: 'On-call lead', phone: '+8613900000000' }),
    ]);

    await journey(env, 'invitation', {}, async (j) => {
      const page = j.page;
      await j.signIn('owner@branch.example', PASSWORD);
      await page.getByRole('link', { name: 'Sharing and linked accounts' }).click();
      const list = page.getByRole('list', { name: 'Sub-account invitations' });
      await list.getByText('From Acme Ltd').waitFor();
      await pick(list, 'Finance mode', 'Independent (own billing)');
      await j.shot('invitation');
      await j.axe('invitation');
      await list.getByRole('button', { name: 'Accept' }).click();
      await list.getByText('Accepted', { exact: true }).waitFor();
    });
    expect((await env.t.api.get(`/api/v1/accounts/${invitee.accountId}`)).body).toMatchObject({
      parentId: accountId,
      financeMode: 'independent',
    });

    const { userId: tamId } = await staffWithLogin(env, {
      role: 'tam',
      name: 'Sun Li',
      email: 'tam@provider.example',
      password: PASSWORD,
    });
    expect((await env.t.api.post(`/api/v1/accounts/${accountId}/approval`, { tamUserId: tamId })).status).toBe(200);
    await journey(env, 'tam-accounts', {}, async (j) => {
      const page = j.page;
      await j.signIn('tam@provider.example', PASSWORD);
      await page.getByRole('link', { name: 'My accounts' }).click();
      await page.getByRole('heading', { name: 'My accounts' }).waitFor();
      const row = page.getByRole('row', { name: /Acme Ltd/ });
      await row.getByText('Enterprise', { exact: false }).waitFor();
      // The ticket the queue test opened is still open: it is listed with its link to the workspace.
      await row.getByText('Payments API times out').waitFor();
      await j.shot('tam-accounts');
      await j.axe('tam-accounts');
    });
  }, 120_000);

  it('staff reschedule a service request (a refusal in the user’s language, then online a week later) and publish, update and resolve an incident', async () => {
    // A fresh account: the first journey used the enterprise plan's availability checks.
    const own = await customerWithLogin(env, {
      name: 'Reschedule Co',
      email: 'owner@reschedule.example',
      password: PASSWORD,
      level: 'enterprise',
    });
    const customer = await signIn(env.t, 'owner@reschedule.example', PASSWORD);
    const starts = (await env.t.api.get(`/api/v1/accounts/${own.accountId}/service-request-starts`)).body;
    const earliest: string = starts.services.find(
      (s: { type: string }) => s.type === 'availability_check',
    )!.earliestStart;
    const applied = await customer.call('POST', '/api/v1/service-requests', {
      body: {
        accountId: own.accountId,
        type: 'availability_check',
        start: earliest,
        days: 1,
        contact: { name: 'Ops on duty' },
      },
    });
    expect(applied.status).toBe(201);
    const later = new Date(Date.parse(`${earliest}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10);
    const region =
      env.t.app.catalog.def.regions.find((r) => r.holidayCalendar === 'CN') ?? env.t.app.catalog.def.regions[0]!;
    await journey(env, 'staff-reschedule-incident', {}, async (j) => {
      const page = j.page;
      j.allowRefusal(400, 'POST', /^\/api\/v1\/service-requests\/[^/]+\/reschedule$/);
      j.allowRefusal(422, 'POST', /^\/api\/v1\/service-requests\/[^/]+\/reschedule$/);
      await j.signIn(ADMIN, PASSWORD);
      await page.goto(`/staff/service-requests/${applied.body.id}`);
      await page.getByRole('heading', { name: 'Reschedule', level: 2 }).waitFor();
      // A start before today is the API's refusal, shown with the dictionary's text.
      await page.getByLabel('New start date').fill('2020-01-06');
      await page.getByLabel('Reason for rescheduling').fill('Customer asked');
      await page.getByRole('button', { name: 'Reschedule the request' }).click();
      await page.getByRole('alert').getByText(enUS['error.VALIDATION_FAILED']).waitFor();
      await page.getByLabel('New start date').fill(later);
      await pick(page, 'New delivery method', 'Online');
      await page.getByRole('button', { name: 'Reschedule the request' }).click();
      const facts = page.locator('.ant-descriptions');
      await facts.getByText('Online', { exact: true }).waitFor();
      await facts
        .getByText(`${later.slice(5, 7)}/${later.slice(8, 10)}/${later.slice(0, 4)}`, { exact: false })
        .first()
        .waitFor();
      expect(await page.getByText(enUS['error.VALIDATION_FAILED']).count()).toBe(0);
      await j.shot('rescheduled');
      await j.axe('sr-reschedule');

      await page.goto('/staff/incidents');
      await page.getByRole('heading', { name: 'Publish an incident' }).waitFor();
      await pick(page, 'Kind', 'Platform change');
      await page.getByLabel('Title (Chinese)').fill('数据库维护');
      await page.getByLabel('Title (English)').fill('Database maintenance');
      await page.getByLabel('Summary (Chinese)').fill('周六凌晨维护');
      await page.getByLabel('Summary (English)').fill('Maintenance early on Saturday');
      await page.getByLabel('Guidance (Chinese)').fill('请提前备份');
      await page.getByLabel('Guidance (English)').fill('Back up beforehand');
      await page.getByLabel(region.names['en-US'], { exact: true }).check();
      await page.getByRole('button', { name: 'Publish', exact: true }).click();
      await page.getByText(/accounts notified$/).waitFor();
      await page.getByRole('button', { name: 'Database maintenance' }).click();
      await page.getByRole('heading', { name: 'Database maintenance', level: 2 }).waitFor();
      await page.getByLabel('Update (Chinese)').fill('维护已完成');
      await page.getByLabel('Update (English)').fill('Maintenance done');
      await page.getByLabel('Also mark it resolved').check();
      await page.getByRole('button', { name: 'Post the update' }).click();
      await page.getByText('Maintenance done').waitFor();
      await page
        .getByRole('row', { name: /Database maintenance/ })
        .getByText('Resolved')
        .waitFor();
      await j.shot('incident-resolved');
      await j.axe('incidents');
    });
    const sr = (await env.t.api.get(`/api/v1/service-requests/${applied.body.id}`)).body;
    expect(sr).toMatchObject({ start: later, deliveryMethod: 'online' });
    expect(sr.events.filter((e: { kind: string }) => e.kind === 'rescheduled')).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ reason: 'Customer asked' }) }),
    ]);
    const incidents = (await env.t.api.get('/api/v1/incidents')).body.items;
    expect(incidents).toEqual([
      expect.objectContaining({ kind: 'platform_change', level: 1, status: 'resolved', affectedRegions: [region.id] }),
    ]);
    const detail = (await env.t.api.get(`/api/v1/incidents/${incidents[0]!.id}`)).body;
    expect(detail.updates.map((u: { body: Record<string, string> }) => u.body['en-US'])).toEqual(['Maintenance done']);
  }, 120_000);

  it('staff create an account and read a plan; the master sees its sub accounts with their finance mode', async () => {
    const sub = await env.t.api.post('/api/v1/accounts', {
      name: 'Plant North',
      email: 'ops@plant-north.example',
      region: 'ap-southeast-3',
      timeZone: 'Asia/Shanghai',
      locale: 'zh-CN',
      parentId: accountId,
      financeMode: 'custody',
    });
    expect(sub.status).toBe(201);
    await journey(env, 'staff-accounts', {}, async (j) => {
      const page = j.page;
      await j.signIn(ADMIN, PASSWORD);
      await page.getByRole('link', { name: 'Accounts', exact: true }).click();
      await page.getByLabel('Account name').fill('Harbor Freight');
      await page.getByLabel('Email', { exact: true }).fill('it@harbor.example');
      await pick(page, 'Region', 'AP-Bangkok');
      await expect.poll(() => page.getByLabel('Time zone').inputValue()).toBe('Asia/Shanghai');
      await page.getByLabel('Time zone').fill('Asia/Bangkok');
      await pick(page, 'Account language', 'English');
      await page.getByRole('button', { name: 'Create the account' }).click();
      await page.getByText('Account Harbor Freight created.').waitFor();
      const harbor = page.getByRole('row', { name: /Harbor Freight/ });
      await harbor.waitFor();
      // Issue 13: the TAM is picked from the staff directory (TAMs by name), not typed as a user id.
      await pick(page, 'TAM', 'Sun Li <tam@provider.example>');
      await harbor.getByRole('button', { name: 'Approve and assign a TAM', exact: true }).click();
      await harbor.getByText('Approved', { exact: true }).waitFor();
      await page.getByRole('button', { name: 'View plan of Acme Ltd' }).click();
      const drawer = page.getByRole('dialog', { name: 'Plan of Acme Ltd' });
      await drawer.getByText('Enterprise', { exact: true }).waitFor();
      await drawer.getByText('Active', { exact: true }).waitFor();
      await drawer.getByRole('heading', { name: 'Quotas' }).waitFor();
      await j.shot('account-plan');
      await j.axe('account-plan');
    });
    const created = (await env.t.api.get('/api/v1/accounts?pageSize=100')).body.items.find(
      (a: { name: string }) => a.name === 'Harbor Freight',
    );
    const tam = (await env.t.api.get('/api/v1/users?role=tam')).body.items.find(
      (u: { email: string }) => u.email === 'tam@provider.example',
    )!;
    expect(created).toMatchObject({
      approved: true,
      tamUserId: tam.id,
      email: 'it@harbor.example',
      region: 'ap-southeast-2',
      timeZone: 'Asia/Bangkok',
      locale: 'en-US',
    });

    await journey(env, 'sub-accounts', {}, async (j) => {
      const page = j.page;
      await j.signIn(CUSTOMER, PASSWORD);
      // The plan names the TAM staff assigned (the journey above): name and a mail link.
      await page.getByRole('link', { name: 'tam@provider.example', exact: true }).waitFor();
      await page.getByText('Sun Li ·', { exact: false }).waitFor();
      await page.getByRole('link', { name: 'Sharing and linked accounts' }).click();
      const item = page
        .getByRole('list', { name: 'Sub-accounts' })
        .getByRole('listitem')
        .filter({ hasText: 'Plant North' });
      await item.getByText('Custody (the master pays)').waitFor();
      await j.shot('sub-accounts');
      await j.axe('sub-accounts');
    });
  }, 120_000);
  it('staff open an incident’s follow-up tickets from its detail (number, account, status) into the workspace', async () => {
    const region =
      env.t.app.catalog.def.regions.find((r) => r.holidayCalendar === 'CN') ?? env.t.app.catalog.def.regions[0]!;
    const names = (s: string) => ({ 'zh-CN': s, 'en-US': s });
    const published = await env.t.api.post('/api/v1/incidents', {
      kind: 'industry',
      level: 1,
      title: names('OpenSSL advisory'),
      summary: names('A critical advisory'),
      guidance: names('Patch your hosts'),
      affectedRegions: [region.id],
    });
    expect(published.status).toBe(201);
    const customer = await signIn(env.t, CUSTOMER, PASSWORD);
    const followUp = await customer.call('POST', '/api/v1/tickets', {
      body: {
        accountId,
        category: 'technical',
        severity: 'production_impaired',
        subject: 'Are we affected by the OpenSSL advisory?',
        description: 'Our gateways run OpenSSL 3.',
        incidentId: published.body.id,
      },
    });
    expect(followUp.status).toBe(201);
    await journey(env, 'incident-follow-ups', {}, async (j) => {
      const page = j.page;
      await j.signIn(ADMIN, PASSWORD);
      await page.getByRole('link', { name: 'Incidents', exact: true }).click();
      await page.getByRole('button', { name: 'OpenSSL advisory' }).click();
      const list = page.getByRole('region', { name: 'Follow-up tickets' });
      const row = list.getByRole('row', { name: new RegExp(followUp.body.number) });
      await row.getByText('Acme Ltd', { exact: true }).waitFor();
      await row.getByText('Open', { exact: true }).waitFor();
      // The earlier tickets of the account (not about the incident) are not listed.
      expect(await list.getByRole('row').count()).toBe(2);
      await j.shot('incident-follow-ups');
      await j.axe('incident-follow-ups');
      await row.getByRole('link', { name: followUp.body.number, exact: true }).click();
      await page.waitForURL((u) => u.pathname === `/staff/tickets/${followUp.body.id}`);
      await page
        .getByRole('heading', { level: 1, name: `${followUp.body.number} · Are we affected by the OpenSSL advisory?` })
        .waitFor();
    });
  }, 120_000);

  it('a billing operator runs the month end of March and sees it complete, then an account’s bill of March', async () => {
    const usage = await env.t.api.post('/api/v1/usage', {
      records: [
        {
          id: `journey-${accountId}`,
          accountId,
          service: 'ecs',
          category: 'cloud',
          listPrice: { amount: '1000.00', currency: 'USD' },
          from: '2026-03-10',
          to: '2026-03-10',
        },
      ],
    });
    expect(usage.status).toBe(200);
    await env.t.setClock('2026-04-01T09:00:00+08:00');
    await staffWithLogin(env, { role: 'billing_operator', email: 'billing@provider.example', password: PASSWORD });
    expect((await env.t.api.get(`/api/v1/accounts/${accountId}/bills?month=2026-03`)).body.total).toBe(0);
    await journey(env, 'billing-run', {}, async (j) => {
      const page = j.page;
      await j.signIn('billing@provider.example', PASSWORD);
      await page.getByRole('link', { name: 'Billing', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Billing', exact: true }).waitFor();
      await page.getByLabel('Month', { exact: true }).fill('2026-03');
      await page.getByRole('button', { name: 'Run month-end' }).click();
      await page.getByText('The month-end run of 2026-03 has completed').waitFor();
      const run = (await env.t.api.get('/api/v1/billing/runs/2026-03')).body;
      expect(run).toMatchObject({ status: 'completed' });
      expect(run.billsCreated).toBeGreaterThanOrEqual(1);
      await page.getByText(`${run.accountsTotal} of ${run.accountsTotal} accounts`, { exact: true }).waitFor();
      expect(await page.getByRole('progressbar', { name: 'Progress' }).getAttribute('aria-valuenow')).toBe('100');
      await j.shot('run-completed');
      await page.getByRole('searchbox', { name: 'Account id' }).fill(accountId);
      await page.getByRole('searchbox', { name: 'Account id' }).press('Enter');
      const bill = page.locator('.ant-card').filter({ has: page.getByRole('heading', { name: 'March 2026' }) });
      // Line kinds in the user's language (the API's ids: base, incremental…).
      await bill.getByRole('cell', { name: 'Incremental fee', exact: true }).waitFor();
      await j.shot('bill');
      await j.axe('billing-run');
    });
    const bills = (await env.t.api.get(`/api/v1/accounts/${accountId}/bills?month=2026-03`)).body;
    expect(bills.total).toBe(1);
  }, 120_000);
});
