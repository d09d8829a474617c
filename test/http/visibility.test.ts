/**
 * Issue 11 (R-ACC-4, R-ACC-2, R-ACC-3): every id-addressed route of the served OpenAPI document is NOT_FOUND for
 * anything the caller cannot see, tried with each neighbour of an account — its master, a custody sub, an
 * independent sub (siblings of each other), another tenant and, on a catalog with linked accounts, a linked account.
 * The routes are walked from the document (a route added later is walked by itself; a path parameter the walk does
 * not know fails the test until it is named in KIND_OF below). Each case is checked the other way too: the object's
 * own account (or the admin) does not get NOT_FOUND, so the ids are real.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../support/databases.js';
import { buyPlan, createCustomer, startTestApp, type TestApp } from '../support/harness.js';
import { settle } from '../support/actors.js';
import { newStaff, openTicket } from '../support/tickets.js';

const YEAR = { unit: 'year', count: 1 } as const;
const FILE = { filename: 'probe.txt', contentType: 'text/plain', contentBase64: 'cHJvYmU=' };
const NAMES = { 'zh-CN': '探测', 'en-US': 'Probe' };

/** The kind of object each path parameter names: `{id}` by the segment before it. */
const KIND_OF: Record<string, string> = {
  accounts: 'account',
  users: 'user',
  'api-keys': 'apiKey',
  tickets: 'ticket',
  orders: 'order',
  'linked-accounts': 'link',
  'service-requests': 'serviceRequest',
  'sub-account-invitations': 'invitation',
  incidents: 'incident',
  attachmentId: 'attachment',
  messageId: 'message',
  webhookId: 'webhook',
  deliverableId: 'deliverable',
  runId: 'run',
  groupId: 'group',
  linkId: 'link',
  contactId: 'contact',
};
/** Parameters that name no tenant's object (catalog ids, dates): a fixed valid value (ruleId: the catalog's first). */
const FIXED: Record<string, string> = { ruleId: 'rule', date: '2026-10-01', year: '2026', month: '2026-01' };
/**
 * Routes whose ids are the provider's, not a tenant's: calendars, the caller's own inbox and sessions, and staff's
 * call tasks (work items no customer role may read or touch, whatever the id: FORBIDDEN by role for every id).
 */
const PUBLIC_PATHS = [
  /^\/api\/v1\/calendars\//,
  /^\/api\/v1\/users\/me\//,
  /^\/api\/v1\/sessions\//,
  /^\/api\/v1\/call-tasks\//,
  // Reports landed after this walk: another tenant's report is NOT_FOUND in test/http/reports.test.ts; the walk
  // gains a furnished report next (issue 16).
  /^\/api\/v1\/reports\//,
];

/** A body each route's schema takes, so that the answer is about the id and not about the body. */
function bodyFor(operationId: string, ctx: { engineerId: string; accountId: string }): unknown {
  const bodies: Record<string, unknown> = {
    approveAccount: { tamUserId: 'usr_0000000000probe' },
    topUpBalance: { amount: { amount: '1.00', currency: 'USD' } },
    adjustBalance: { amount: { amount: '1.00', currency: 'USD' }, reason: 'probe' },
    issueVoucher: { amount: { amount: '1.00', currency: 'USD' }, expiresAt: '2027-01-01T00:00:00Z' },
    addAccountUser: { name: 'Probe', email: 'probe@example.com', role: 'customer_member' },
    updateUser: { name: 'Probe' },
    replyToTicket: { body: 'probe' },
    addTicketAttachment: FILE,
    changeTicketStatus: { status: 'resolved' },
    rateTicket: { stars: 5 },
    assignTicket: { assigneeId: ctx.engineerId },
    regradeTicket: { severity: 'general_guidance', reason: 'probe' },
    quotePlanAction: { action: 'renew', term: YEAR },
    placeOrder: { action: 'renew', term: YEAR, agreementAccepted: true },
    buyAddOns: { type: 'ticket_pack', count: 1, agreementAccepted: true },
    setSharing: { enabled: true },
    setAutoRenew: { enabled: true },
    lockPlan: { reason: 'probe' },
    linkAccount: { accountId: ctx.accountId },
    markMessageRead: {},
    registerWebhook: { url: 'https://example.com/probe' },
    rejectServiceRequest: { reason: 'probe' },
    rescheduleServiceRequest: { deliveryMethod: 'email', reason: 'probe' },
    evaluateServiceRequest: { responseSpeed: 5, deliverableQuality: 5 },
    addDeliverable: FILE,
    postIncidentUpdate: { body: NAMES },
    updateAdvisorRule: { enabled: false },
    setAdvisorSchedule: { enabled: false, every: 'day', at: '09:00' },
    setAdvisorEvents: { events: [] },
    createResourceGroup: { name: 'probe' },
    updateResourceGroup: { name: 'probe' },
    addContact: { name: 'Probe' },
    acceptSubAccountInvitation: { financeMode: 'custody' },
    inviteSubAccount: { accountId: ctx.accountId },
    changeContact: { name: 'Probe' },
    updateAccount: { name: 'Probe' },
  };
  return bodies[operationId] ?? {};
}

interface Op {
  readonly method: string;
  readonly path: string;
  readonly operationId: string;
}

/** What a neighbour owns: one id per kind (attachments under its ticket, deliverables under its request…). */
type Objects = Record<string, string>;
interface Neighbour {
  readonly name: string;
  readonly id: string;
  /** The owner's console session as a bearer token (not limited by ticket_api, R-TKT-6: about the id only). */
  readonly token: string;
  /** Accounts whose objects this neighbour may see (its own, a master's subs). */
  readonly sees: readonly string[];
  readonly objects: Objects;
}

/** A neighbour: the account's owner signed in (a session token), its objects. */
async function neighbour(
  t: TestApp,
  name: string,
  account: { id: string; token: string },
  sees: readonly string[],
  extra: Objects = {},
): Promise<Neighbour> {
  const me = await t.as(account.token).get('/api/v1/sessions/current');
  const session = await t.api.post(`/api/v1/users/${me.body.user.id}/sessions`, {});
  if (session.status !== 201) throw new Error(`session: ${session.status} ${JSON.stringify(session.body)}`);
  const objects = { ...(await furnish(t, account.id, account.token)), ...extra };
  return { name, id: account.id, token: session.body.token, sees, objects };
}

async function maybe(res: Promise<{ status: number; body: any }>): Promise<any> {
  const r = await res;
  return r.status < 300 ? r.body : undefined;
}

/** Every object kind the walk addresses, owned by account `id` (created by the admin where a route allows). */
async function furnish(t: TestApp, id: string, ownerToken: string): Promise<Objects> {
  const o: Objects = { account: id };
  const member = await maybe(
    t.api.post(`/api/v1/accounts/${id}/users`, { name: 'M', email: `m.${id}@example.com`, role: 'customer_member' }),
  );
  if (member) {
    o.user = member.id;
    const key = await maybe(t.api.post(`/api/v1/accounts/${id}/api-keys`, { userId: member.id }));
    if (key) o.apiKey = key.id;
  }
  const ticket = await maybe(
    t.api.post('/api/v1/tickets', {
      accountId: id,
      category: 'non_technical',
      subject: 'Probe',
      description: 'Probe',
    }),
  );
  if (ticket) {
    o.ticket = ticket.id;
    const att = await maybe(t.api.post(`/api/v1/tickets/${ticket.id}/attachments`, FILE));
    if (att) o.attachment = att.id;
  }
  const order =
    (await maybe(
      t.api.post(`/api/v1/accounts/${id}/orders`, { action: 'renew', term: YEAR, agreementAccepted: true }),
    )) ??
    (await maybe(
      t.api.post(`/api/v1/accounts/${id}/orders`, {
        action: 'purchase',
        level: t.app.catalog.def.levels.at(-1)!.id,
        term: YEAR,
        agreementAccepted: true,
      }),
    ));
  if (order) o.order = order.id;
  const contact = await maybe(t.api.post(`/api/v1/accounts/${id}/contacts`, { name: 'Ops', email: 'ops@example.com' }));
  if (contact) o.contact = contact.id;
  // A master's invitation to an account outside the walk (only its master and that account see it).
  const invitee = await maybe(
    t.api.post('/api/v1/accounts', {
      name: 'Invitee',
      email: 'invitee@example.com',
      region: t.app.catalog.def.regions[0]!.id,
      timeZone: 'Asia/Shanghai',
      locale: t.app.catalog.def.locales[0]!,
    }),
  );
  const invitation =
    invitee && (await maybe(t.api.post(`/api/v1/accounts/${id}/sub-account-invitations`, { accountId: invitee.id })));
  if (invitation) o.invitation = invitation.id;
  const hook = await maybe(t.api.post(`/api/v1/accounts/${id}/webhooks`, { url: 'https://example.com/hook' }));
  if (hook) o.webhook = hook.id;
  for (const type of t.app.catalog.def.services.map((s) => s.id)) {
    const sr = await maybe(
      t.api.post('/api/v1/service-requests', {
        accountId: id,
        type,
        start: '2026-06-01',
        days: 1,
        contact: { name: 'Ops', email: 'ops@example.com', phone: '+8613800000000' },
      }),
    );
    if (!sr) continue;
    o.serviceRequest = sr.id;
    await t.api.post(`/api/v1/service-requests/${sr.id}/accept`, {});
    const d = await maybe(t.api.post(`/api/v1/service-requests/${sr.id}/deliverables`, FILE));
    if (d) o.deliverable = d.id;
    break;
  }
  if (t.app.catalog.def.advisor) {
    const group = await maybe(t.as(ownerToken).post(`/api/v1/accounts/${id}/advisor/groups`, { name: 'g' }));
    if (group) o.group = group.id;
    await maybe(t.as(ownerToken).post(`/api/v1/accounts/${id}/advisor/authorization`, {}));
    const run = await maybe(t.as(ownerToken).post(`/api/v1/accounts/${id}/advisor/runs`, {}));
    if (run) o.run = run.id;
  }
  await settle(t);
  const msgs = await maybe(t.api.get(`/api/v1/accounts/${id}/messages`));
  if (msgs?.items?.[0]) o.message = msgs.items[0].id;
  return o;
}

function operationsOf(doc: any): Op[] {
  const ops: Op[] = [];
  for (const [path, item] of Object.entries<any>(doc.paths))
    for (const [method, op] of Object.entries<any>(item))
      if (path.includes('{') && !PUBLIC_PATHS.some((p) => p.test(path)))
        ops.push({ method: method.toUpperCase(), path, operationId: op.operationId });
  return ops;
}

/** The kinds of a path's parameters, in order: `/accounts/{id}/webhooks/{webhookId}` → account, webhook. */
function paramsOf(path: string): { name: string; kind: string | null }[] {
  const segs = path.split('/');
  return segs
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => s.startsWith('{'))
    .map(({ s, i }) => {
      const name = s.slice(1, -1);
      if (name in FIXED) return { name, kind: null };
      const kind = name === 'id' ? KIND_OF[segs[i - 1]!] : KIND_OF[name];
      if (!kind) throw new Error(`${path}: the walk does not know what {${name}} names — add it to KIND_OF or FIXED`);
      return { name, kind };
    });
}

/** The URL of `op` with the values given for its parameters (null → the fixed value). */
function urlOf(op: Op, values: (string | null)[]): string {
  let i = 0;
  return op.path.replace(/\{([^}]+)\}/g, (_, name: string) => values[i++] ?? FIXED[name]!);
}

async function send(t: TestApp, token: string, op: Op, url: string, body: unknown) {
  const res = await t.app.http.inject({
    method: op.method as 'GET',
    url,
    headers: { authorization: `Bearer ${token}` },
    ...(op.method === 'GET' || op.method === 'DELETE' ? {} : { payload: body as object }),
  });
  let parsed: any = null;
  try {
    parsed = res.body ? JSON.parse(res.body) : null;
  } catch {
    /* a download */
  }
  return { status: res.statusCode, code: parsed?.error?.code as string | undefined, body: parsed };
}

/**
 * The walk: for each route, each caller and each neighbour the caller cannot see, the route with the neighbour's
 * objects — and, for a route with two ids, the caller's own first id with the neighbour's second — is 404
 * NOT_FOUND. Returns the failures and the routes no case reached.
 */
async function walk(t: TestApp, neighbours: readonly Neighbour[], ctx: { engineerId: string }) {
  const ops = operationsOf((await t.api.get('/api/v1/openapi.json')).body);
  const failures: string[] = [];
  const reached = new Set<string>();
  const positives: { op: Op; url: string; ids: unknown[]; token: string; label: string }[] = [];
  for (const op of ops) {
    const params = paramsOf(op.path);
    for (const caller of neighbours) {
      for (const other of neighbours) {
        if (caller.sees.includes(other.id)) continue;
        const theirs = params.map((p) => (p.kind ? other.objects[p.kind] : null));
        const variants: (string | null | undefined)[][] = [theirs];
        // The caller's own parent with the other's child: /accounts/{mine}/webhooks/{theirs}.
        if (params.length === 2 && params[0]!.kind && params[1]!.kind)
          variants.push([caller.objects[params[0]!.kind], theirs[1]]);
        for (const values of variants) {
          if (values.some((v) => v === undefined)) continue;
          const url = urlOf(op, values as (string | null)[]);
          const body = bodyFor(op.operationId, { engineerId: ctx.engineerId, accountId: caller.id });
          const res = await send(t, caller.token, op, url, body);
          reached.add(`${op.method} ${op.path}`);
          if (res.status !== 404 || res.code !== 'NOT_FOUND')
            failures.push(
              `${caller.name} ${op.method} ${url} (${other.name}'s): ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`,
            );
          // The object's own owner gets past the visibility check (or the route is not its to call).
          // (POST /users/{id}/api-keys takes provider users only: a customer's user is NOT_FOUND there for everyone.)
          if (values === theirs && op.operationId !== 'createStaffApiKey')
            positives.push({ op, url, ids: values, token: other.token, label: `${other.name} ${op.method} ${url}` });
        }
      }
    }
  }
  // Reads first, deletions last, so that one positive case does not remove another's object.
  const order = (m: string) => (m === 'GET' ? 0 : m === 'DELETE' ? 2 : 1);
  positives.sort((a, b) => order(a.op.method) - order(b.op.method));
  const seen = new Set<string>();
  for (const p of positives) {
    if (seen.has(p.label)) continue;
    seen.add(p.label);
    const res = await send(t, p.token, p.op, p.url, bodyFor(p.op.operationId, { ...ctx, accountId: 'acc_probe' }));
    const named = Object.values((res.body?.error?.details ?? {}) as Record<string, unknown>);
    if (res.code === 'NOT_FOUND' && named.some((v) => p.ids.includes(v)))
      failures.push(
        `own: ${p.label}: ${res.status} ${JSON.stringify(res.body).slice(0, 160)} (the walk's id is not real)`,
      );
  }
  return { failures, reached, routes: ops.map((o) => `${o.method} ${o.path}`) };
}

describe.each(DB_KINDS)('issue 11: id-addressed routes and neighbours on %s', (kind) => {
  // Every id-addressed route is reached by one of the two walks (links exist on ctyun, the advisor on huaweicloud).
  const reached = new Set<string>();
  const routes = new Set<string>();
  const record = (walked: { reached: Set<string>; routes: string[] }) => {
    walked.reached.forEach((r) => reached.add(r));
    walked.routes.forEach((r) => routes.add(r));
  };

  describe('master, custody sub, independent sub, another tenant (huaweicloud-intl)', () => {
    let t: TestApp;
    let neighbours: Neighbour[];
    let engineerId: string;
    beforeAll(async () => {
      t = await startTestApp({ kind });
      const master = await createCustomer(t, { name: 'Master' });
      await buyPlan(t, master.id, 'enterprise');
      const custody = await createCustomer(t, { name: 'Custody', parentId: master.id, financeMode: 'custody' });
      const independent = await createCustomer(t, { name: 'Indep', parentId: master.id, financeMode: 'independent' });
      await buyPlan(t, independent.id, 'business');
      await t.as(master.token).post(`/api/v1/accounts/${master.id}/sharing`, { enabled: true });
      const other = await createCustomer(t, { name: 'Other tenant' });
      await buyPlan(t, other.id, 'enterprise');
      engineerId = (await newStaff(t, 'support_engineer', t.app.catalog.def.handlers.at(-1)!.id)).userId;
      FIXED.ruleId = t.app.catalog.def.advisor!.rules[0]!.id;
      neighbours = [
        await neighbour(t, 'master', master, [master.id, custody.id, independent.id]),
        await neighbour(t, 'custody sub', custody, [custody.id]),
        await neighbour(t, 'independent sub', independent, [independent.id]),
        await neighbour(t, 'other tenant', other, [other.id]),
      ];
      await openTicket(t.api, master.id, null, { category: 'non_technical' });
    });
    afterAll(async () => {
      await t?.close();
    });

    it('R-ACC-4 every id-addressed route answers NOT_FOUND for what the caller cannot see', async () => {
      const walked = await walk(t, neighbours, { engineerId });
      record(walked);
      expect(walked.failures).toEqual([]);
    });
  });

  describe('master, custody sub, independent sub, linked account (ctyun)', () => {
    let t: TestApp;
    let neighbours: Neighbour[];
    let engineerId: string;
    beforeAll(async () => {
      t = await startTestApp({ kind, catalog: 'ctyun' });
      const master = await createCustomer(t, { name: 'Master' });
      await buyPlan(t, master.id, 'business');
      const custody = await createCustomer(t, { name: 'Custody', parentId: master.id, financeMode: 'custody' });
      const independent = await createCustomer(t, { name: 'Indep', parentId: master.id, financeMode: 'independent' });
      await buyPlan(t, independent.id, 'business');
      const linked = await createCustomer(t, { name: 'Linked' });
      await buyPlan(t, linked.id, 'business');
      const link = await t.api.post(`/api/v1/accounts/${master.id}/linked-accounts`, { accountId: linked.id });
      expect(link.status).toBe(201);
      engineerId = (await newStaff(t, 'support_engineer', t.app.catalog.def.handlers.at(-1)!.id)).userId;
      neighbours = [
        await neighbour(t, 'master', master, [master.id, custody.id, independent.id], { link: link.body.id }),
        await neighbour(t, 'custody sub', custody, [custody.id]),
        await neighbour(t, 'independent sub', independent, [independent.id]),
        await neighbour(t, 'linked account', linked, [linked.id]),
      ];
    });
    afterAll(async () => {
      await t?.close();
    });

    it('R-ACC-3 a linked account sees nothing of the plan owner, nor the owner of it', async () => {
      const walked = await walk(t, neighbours, { engineerId });
      record(walked);
      expect(walked.failures).toEqual([]);
    });
  });

  it('the walks reach every id-addressed route of the document', () => {
    expect(routes.size).toBeGreaterThan(50);
    // Incidents are tried in test/http/incidents-visibility.test.ts: who was told decides, not who owns.
    expect([...routes].filter((r) => !reached.has(r) && !r.includes('/incidents/'))).toEqual([]);
  });
});
