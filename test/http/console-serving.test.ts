/**
 * R-UI-1: `tierdesk serve` serves the console at `/`: index.html for deep links (no-cache), hashed assets with a
 * year's cache, the API untouched (an unknown API route is still the JSON 404, never the console).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleFallback } from '../../src/app/console.js';
import { installErrorHandler } from '../../src/platform/http/error-handler.js';
import { startTestApp, type TestApp } from '../support/harness.js';

describe('console serving', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tierdesk-console-'));
  const app = Fastify();
  let t: TestApp;
  beforeAll(async () => {
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    installErrorHandler(app, { fallback: consoleFallback(dir) });
    app.get('/api/v1/ping', async () => ({ ok: true }));
    await app.ready();
    t = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('R-UI-1 / and deep links answer index.html without caching; assets are cached for a year', async () => {
    for (const url of ['/', '/tickets/tkt_123', '/staff/queue?mine=1']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.body).toContain('id="root"');
    }
    const asset = await app.inject({ url: '/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('R-UI-1 the API is untouched: unknown API routes, missing assets and writes stay JSON 404s', async () => {
    expect((await app.inject({ url: '/api/v1/ping' })).json()).toEqual({ ok: true });
    for (const [method, url] of [
      ['GET', '/api/v1/nope'],
      ['GET', '/assets/missing-000.js'],
      ['POST', '/tickets'],
    ] as const) {
      const res = await app.inject({ method, url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code).toBe('NOT_FOUND');
    }
  });

  it('R-UI-1 the real app serves console paths without a token and still refuses the API without one', async () => {
    const page = await t.app.http.inject({ url: '/plan' });
    // With a built console (web/dist) the page, without one the JSON 404: never a 401 for a console path.
    expect([200, 404]).toContain(page.statusCode);
    const api = await t.app.http.inject({ url: '/api/v1/accounts' });
    expect(api.statusCode).toBe(401);
    const unknown = await t.app.http.inject({ url: '/api/v1/nope' });
    expect(unknown.statusCode).toBe(401);
  });
});
