/**
 * R-UI-2 and API.md: GET /api/v1/openapi.json is a valid OpenAPI 3.1 document (checked against the official
 * schemas bundled in @seriousme/openapi-schema-validator) that lists every route the app registers, with request
 * bodies where a route takes one and responses including the error responses of the API.md contract.
 */
import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CATALOG } from '../../src/platform/errors.js';
import { ADMIN_TOKEN, startTestApp, type TestApp } from '../support/harness.js';
import { deref } from '../support/openapi.js';

/** Routes deliberately left out of the document: the health probe (not part of the API.md contract). */
// The operations probes and metrics sit outside /api/v1 and are documented in docs/API.md "Operations".
const UNDOCUMENTED = new Set(['GET /healthz', 'GET /readyz', 'GET /metrics']);
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Parses fastify's printRoutes({ commonPrefix: false }) tree into "METHOD /path/{param}" entries (HEAD dropped). */
export function routesFromTree(tree: string): string[] {
  const out: string[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^((?:│ {3}| {4})*)[├└]── (\S+)(?: \(([A-Z, ]+)\))?\s*$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    stack.push(m[2]!);
    const path = stack.join('').replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    for (const method of (m[3] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      if (method !== 'HEAD') out.push(`${method} ${path}`);
    }
  }
  return out.sort();
}

/** A path parameter value its schema accepts (so that the body, not the path, is what validation looks at). */
function sampleParam(
  name: string,
  schema:
    | {
        pattern?: string;
        enum?: string[];
        type?: string;
        format?: string;
        minLength?: number;
        maxLength?: number;
        minimum?: number;
      }
    | undefined,
): string {
  if (schema?.enum?.length) return schema.enum[0]!;
  if (schema?.type === 'integer' || schema?.type === 'number') return String(schema.minimum ?? 1);
  const fits = (v: string) =>
    (!schema?.pattern || new RegExp(schema.pattern).test(v)) &&
    v.length >= (schema?.minLength ?? 0) &&
    v.length <= (schema?.maxLength ?? Infinity);
  const candidates = ['probe_nonexistent', '2026-01-01', '2026-01', 'CN', 'cn', 'probe', '1', 'x'];
  return (
    (schema?.format === 'date' || /date/i.test(name) ? '2026-01-01' : candidates.find(fits)) ?? 'probe_nonexistent'
  );
}

describe('OpenAPI document', () => {
  let t: TestApp;
  let doc: any;
  let registered: string[];
  let documented: string[];

  beforeAll(async () => {
    t = await startTestApp();
    const res = await t.app.http.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    doc = JSON.parse(res.body);
    registered = routesFromTree(t.app.http.printRoutes({ commonPrefix: false }));
    documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, ops]) => METHODS.filter((m) => ops[m]).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
  });
  afterAll(async () => t?.close());

  it('R-UI-2 is served without a token and is a valid OpenAPI 3.1 document', async () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('the route parser reads the fastify tree (self-check)', () => {
    const tree = [
      '├── /a (GET, HEAD)',
      '│   └── /:id (POST)',
      '│       ├── /x/:y (DELETE)',
      '│       └── /z',
      '│           └── /w (PUT)',
      '└── /b (GET)',
    ].join('\n');
    expect(routesFromTree(tree)).toEqual([
      'DELETE /a/{id}/x/{y}',
      'GET /a',
      'GET /b',
      'POST /a/{id}',
      'PUT /a/{id}/z/w',
    ]);
    expect(registered.length).toBeGreaterThan(30);
    expect(registered).toContain('POST /api/v1/accounts/{id}/orders');
  });

  it('R-UI-2 lists every route the app registers (and no route it does not)', () => {
    const missing = registered.filter((r) => !UNDOCUMENTED.has(r) && !documented.includes(r));
    expect(missing).toEqual([]);
    const phantom = documented.filter((r) => !registered.includes(r));
    expect(phantom).toEqual([]);
  });

  it('R-UI-2 every route that validates a JSON body documents it as requestBody', async () => {
    // A route with a body schema answers VALIDATION_FAILED on `body…` for a JSON string body before its handler
    // runs; a route without one never complains about the body.
    const wrong: string[] = [];
    for (const route of registered.filter((r) => /^(POST|PUT|PATCH) /.test(r))) {
      const [method, path] = route.split(' ') as [string, string];
      const op0 = doc.paths[path]?.[method.toLowerCase()];
      const url = path.replace(/\{([^}]+)\}/g, (_m, name: string) =>
        sampleParam(
          name,
          op0?.parameters?.find((p: { in: string; name: string }) => p.in === 'path' && p.name === name)?.schema,
        ),
      );
      const res = await t.app.http.inject({
        method: method as 'POST',
        url,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        payload: '"not an object"',
      });
      const body = JSON.parse(res.body);
      const validatesBody =
        res.statusCode === 400 &&
        (body.error?.details?.issues ?? []).some((i: { path: string }) => i.path.startsWith('body'));
      const op = doc.paths[path]?.[method.toLowerCase()];
      const documentsBody = !!op?.requestBody?.content?.['application/json']?.schema;
      if (validatesBody !== documentsBody)
        wrong.push(`${route}: validates body ${validatesBody}, documents it ${documentsBody}`);
    }
    expect(wrong).toEqual([]);
  });

  it('API conventions: every list answers { items, page, pageSize, total } and takes ?page&pageSize', () => {
    const notPages: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      const schema = ops.get?.responses?.['200']?.content?.['application/json']?.schema;
      if (!schema?.properties?.items) continue;
      const names = (ops.get.parameters ?? []).filter((p: any) => p.in === 'query').map((p: any) => p.name);
      if (
        !['page', 'pageSize', 'total'].every((k) => schema.required?.includes(k)) ||
        !names.includes('page') ||
        !names.includes('pageSize')
      )
        notPages.push(`GET ${path}`);
    }
    expect(notPages).toEqual([]);
  });

  it('API conventions: every POST documents the Idempotency-Key header and the 409 a reused key answers', () => {
    const missing: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      const op = ops.post;
      if (!op) continue;
      const header = (op.parameters ?? []).find((p: any) => p.in === 'header' && p.name === 'Idempotency-Key');
      if (!header || header.required !== false || header.schema?.maxLength !== 255)
        missing.push(`POST ${path}: Idempotency-Key header`);
      if (!op.responses?.['409']) missing.push(`POST ${path}: 409`);
    }
    expect(missing).toEqual([]);
    expect(
      Object.values(doc.paths as Record<string, Record<string, any>>).filter((ops) => ops.post).length,
    ).toBeGreaterThan(30);
  });

  it('API.md: every operation documents a success response and the error responses with the error body', () => {
    const problems: string[] = [];
    const codes = Object.keys(ERROR_CATALOG);
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      for (const m of METHODS) {
        const op = ops[m];
        if (!op) continue;
        const name = `${m.toUpperCase()} ${path}`;
        const statuses = Object.keys(op.responses ?? {});
        if (!statuses.some((s) => /^2\d\d$/.test(s))) problems.push(`${name}: no 2xx response`);
        for (const s of ['400', '401', '500']) if (!statuses.includes(s)) problems.push(`${name}: no ${s} response`);
        for (const s of statuses.filter((x) => /^[45]\d\d$/.test(x))) {
          const schema = deref(doc, op.responses[s]?.content?.['application/json']?.schema);
          const error = schema?.properties?.error;
          const ok =
            error?.properties?.code?.enum?.length === codes.length &&
            codes.every((c) => error.properties.code.enum.includes(c)) &&
            error.properties.message?.type === 'string' &&
            error.properties.details?.type === 'object' &&
            ['code', 'message', 'details'].every((k) => error.required?.includes(k)) &&
            schema.required?.includes('error');
          if (!ok) problems.push(`${name}: ${s} is not the error body { error: { code, message, details } }`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('API.md: what a route answers for an unknown id or an empty body is among its documented responses', async () => {
    const undocumented: string[] = [];
    for (const route of registered.filter((r) => !UNDOCUMENTED.has(r))) {
      const [method, path] = route.split(' ') as [string, string];
      const op = doc.paths[path]?.[method.toLowerCase()];
      if (!op) continue; // reported by the route-list test
      const url = path.replace(/\{([^}]+)\}/g, (_m, name: string) =>
        sampleParam(
          name,
          op.parameters?.find((p: { in: string; name: string }) => p.in === 'path' && p.name === name)?.schema,
        ),
      );
      const hasBody = !['GET', 'DELETE'].includes(method);
      const res = await t.app.http.inject({
        method: method as 'GET',
        url,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(hasBody ? { 'content-type': 'application/json' } : {}) },
        ...(hasBody ? { payload: '{}' } : {}),
      });
      if (!Object.keys(op.responses).includes(String(res.statusCode)))
        undocumented.push(
          `${route} → ${url}: answered ${res.statusCode}, documents ${Object.keys(op.responses).join(', ')}`,
        );
    }
    expect(undocumented).toEqual([]);
  });

  it('issue 12: an operation answers without a token exactly when the document says `security: []`', async () => {
    expect(doc.security).toEqual([{ bearer: [] }, { session: [] }]);
    const disagree: string[] = [];
    const open: string[] = [];
    for (const route of registered.filter((r) => !UNDOCUMENTED.has(r))) {
      const [method, path] = route.split(' ') as [string, string];
      const op = doc.paths[path]?.[method.toLowerCase()];
      if (!op) continue; // reported by the route-list test
      const url = path.replace(/\{([^}]+)\}/g, (_m, name: string) =>
        sampleParam(
          name,
          op.parameters?.find((p: { in: string; name: string }) => p.in === 'path' && p.name === name)?.schema,
        ),
      );
      const hasBody = !['GET', 'DELETE'].includes(method);
      const res = await t.app.http.inject({
        method: method as 'GET',
        url,
        ...(hasBody ? { headers: { 'content-type': 'application/json' }, payload: '{}' } : {}),
      });
      const needsToken = !(Array.isArray(op.security) && op.security.length === 0);
      const unauthenticated = res.statusCode === 401 && JSON.parse(res.body).error?.code === 'UNAUTHENTICATED';
      if (!needsToken) open.push(route);
      if (needsToken !== unauthenticated)
        disagree.push(`${route}: security ${JSON.stringify(op.security ?? doc.security)}, answered ${res.statusCode}`);
    }
    expect(disagree).toEqual([]);
    // The public price list (issue 12) and the sign-in routes; everything else needs a credential.
    expect(open).toContain('GET /api/v1/catalog');
    expect(open).toContain('POST /api/v1/sessions');
    expect(open).not.toContain('GET /api/v1/accounts');
  });

  it('API.md: the routes of the contract that this server implements are in the document, with their bodies', () => {
    const api = readFileSync(new URL('../../docs/API.md', import.meta.url), 'utf8');
    const problems: string[] = [];
    let checked = 0;
    for (const m of api.matchAll(/`(GET|POST|PUT|DELETE) (\/api\/v1\/[^`\s?]+)[^`]*`(\s*`\s*\{)?/g)) {
      const [, method, path, body] = m as unknown as [string, string, string, string | undefined];
      for (const p of path.includes('{accept|')
        ? ['accept', 'complete', 'reject', 'withdraw'].map((a) => path.replace(/\{accept\|[^}]+\}/, a))
        : [path]) {
        if (!t.app.http.hasRoute({ method: method as 'GET', url: p.replace(/\{([^}]+)\}/g, ':$1') })) continue; // a later capability
        checked++;
        const op = doc.paths[p]?.[method.toLowerCase()];
        if (!op) problems.push(`${method} ${p}: in API.md, registered, not documented`);
        else if (body && !op.requestBody) problems.push(`${method} ${p}: API.md shows a body, the document none`);
      }
    }
    expect(checked).toBeGreaterThan(10);
    expect(problems).toEqual([]);
  });
});
